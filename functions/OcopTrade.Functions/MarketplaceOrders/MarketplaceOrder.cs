using System.Globalization;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Revenue;

namespace OcopTrade.Functions.MarketplaceOrders;

/// <summary>Where an order stands on its marketplace, in the words all three connectors map to.</summary>
public enum OrderStatus { Placed, Completed, Cancelled, Returned }

/// <summary>One line of an order: our SKU as the marketplace knows it, how many, at what unit price (VND).</summary>
public sealed record OrderLine(string LineId, string Sku, int Quantity, long UnitPriceVnd)
{
    public long AmountVnd => Quantity * UnitPriceVnd;
}

/// <summary>An order as a marketplace reports it. <see cref="CompletedAt"/> is when it was completed, when known
/// (Shopee reports only the latest change; the order we stored remembers an earlier completion).</summary>
public sealed record MarketplaceOrder(
    string Channel, string OrderId, OrderStatus Status, DateTimeOffset UpdatedAt, DateTimeOffset? CompletedAt,
    IReadOnlyList<OrderLine> Lines)
{
    /// <summary>Cancelled or returned: a sale recorded for it must be corrected.</summary>
    public bool Undone => Status is OrderStatus.Cancelled or OrderStatus.Returned;

    /// <summary>The order as reported, remembering a completion seen earlier.</summary>
    public MarketplaceOrder Remembering(MarketplaceOrder? earlier) =>
        this with { CompletedAt = earlier?.CompletedAt ?? CompletedAt };
}

/// <summary>How order lines become revenue entries. Pure: every rule here is tested without I/O.</summary>
public static class OrderRevenue
{
    public const string SkuPrefix = "OCOP-";
    private static readonly TimeSpan Ict = TimeSpan.FromHours(7);

    /// <summary>The entry id of a line's sale: marketplace, order and line, so a repeated pull or a replayed push
    /// records it once (the revenue store is idempotent by id).</summary>
    public static string SaleId(string channel, string orderId, string lineId) =>
        Key($"mp.{channel}.{orderId}.{lineId}");

    /// <summary>The entry id of the correction of that sale, when the order is cancelled or returned after
    /// completion.</summary>
    public static string CorrectionId(string channel, string orderId, string lineId) =>
        Key($"mp.{channel}.{orderId}.{lineId}.undo");

    /// <summary>The completed line as revenue: e-commerce, that marketplace, the month of completion in ICT.</summary>
    public static RevenueFields Sale(MarketplaceOrder order, OrderLine line, string producerId, string productId) =>
        new(SaleId(order.Channel, order.OrderId, line.LineId), producerId, productId, SalesChannel.Ecommerce,
            MarketplaceOf(order.Channel), MonthInIct(order.CompletedAt ?? order.UpdatedAt), line.AmountVnd,
                line.Quantity,
            null, null, Note(order, line));

    /// <summary>The correction of a sale, never an edit of it: the negative amount, in the month it was
    /// undone.</summary>
    public static RevenueFields Correction(MarketplaceOrder order, OrderLine line, string producerId,
        string productId) =>
        new(CorrectionId(order.Channel, order.OrderId, line.LineId), producerId, productId, SalesChannel.Ecommerce,
            MarketplaceOf(order.Channel), MonthInIct(order.UpdatedAt), -line.AmountVnd, -line.Quantity,
            null, SaleId(order.Channel, order.OrderId, line.LineId), Note(order, line));

    /// <summary>Our product behind a SKU we gave the marketplace (<c>OCOP-{PRODUCTID}</c>); null for any
    /// other.</summary>
    public static string? ProductIdOf(string sku)
    {
        if (!sku.StartsWith(SkuPrefix, StringComparison.Ordinal)) return null;
        var id = sku[SkuPrefix.Length..].ToLowerInvariant();
        return Ids.LooksValid(id) ? id : null;
    }

    public static string MonthInIct(DateTimeOffset at) => at.ToOffset(Ict).ToString("yyyy-MM",
        CultureInfo.InvariantCulture);

    public static Marketplace MarketplaceOf(string channel) => channel switch
    {
        "voso" => Marketplace.Voso,
        "postmart" => Marketplace.Postmart,
        "shopee" => Marketplace.Shopee,
        _ => Marketplace.Other,
    };

    private static string Note(MarketplaceOrder order, OrderLine line) =>
        $"Đơn {order.OrderId} trên {order.Channel}, dòng {line.LineId}";

    /// <summary>Marketplace order ids are theirs: anything outside the revenue id alphabet becomes '-', and an id too
    /// long keeps a hash of the whole so two orders never share one.</summary>
    private static string Key(string raw)
    {
        var safe = new string(raw.Select(c => char.IsAsciiLetterOrDigit(c)
            || c is '-' or '_' or '.' ? c : '-').ToArray());
        if (safe.Length <= RevenueRules.IdMaxLength) return safe;
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(raw)))[..16];
        return safe[..(RevenueRules.IdMaxLength - 17)] + "-" + hash;
    }
}

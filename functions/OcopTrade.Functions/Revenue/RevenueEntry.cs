using System.Globalization;
using System.Text.Json.Serialization;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Revenue;

/// <summary>Where a sale happened, in the spelling.</summary>
public enum SalesChannel
{
    Supermarket, ConvenienceStore, Ecommerce, OcopPoint, Fair, TraditionalMarket, Agent, Direct, Tourism, Export,
}

public enum Marketplace { Voso, Postmart, Shopee, Lazada, Tiki, TiktokShop, Other }

public static class Channels
{
    /// <summary>The one place that says which channels are "modern" (seed plan 001, Lai Châu: supermarkets,
    /// convenience stores and e-commerce). Participation and every report ask this, nothing else.</summary>
    public static bool IsModern(SalesChannel channel) =>
        channel is SalesChannel.Supermarket or SalesChannel.ConvenienceStore or SalesChannel.Ecommerce;

    /// <summary>How the department's reports name a channel.</summary>
    public static string Label(SalesChannel channel) => channel switch
    {
        SalesChannel.Supermarket => "Siêu thị",
        SalesChannel.ConvenienceStore => "Cửa hàng tiện lợi",
        SalesChannel.Ecommerce => "Sàn thương mại điện tử",
        SalesChannel.OcopPoint => "Điểm giới thiệu và bán sản phẩm OCOP",
        SalesChannel.Fair => "Hội chợ, triển lãm",
        SalesChannel.TraditionalMarket => "Chợ truyền thống",
        SalesChannel.Agent => "Đại lý, nhà phân phối",
        SalesChannel.Direct => "Bán trực tiếp, cửa hàng trực tuyến riêng",
        SalesChannel.Tourism => "Điểm du lịch",
        _ => "Xuất khẩu",
    };

    public static string Name(SalesChannel channel) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(channel.ToString());
}

/// <summary>What a client posts. <c>id</c> is the client's idempotency id; <c>replaces</c> or <c>adjusts</c> name an
/// earlier entry of the same producer for a correction (nothing is ever overwritten in place).</summary>
public sealed record RevenueFields(
    string? Id, string? ProducerId, string? ProductId, SalesChannel? Channel, Marketplace? Marketplace,
    string? Month, long? AmountVnd, long? Quantity, string? Replaces, string? Adjusts, string? Note);

/// <summary>A stored revenue entry. <c>replacedBy</c> shows a later correction superseded it; <c>eventId</c> names the
/// trade-promotion event whose stall made the sale (absent on every other entry, and on entries from before).</summary>
public sealed record RevenueEntry(
    string Id, string ProducerId, string? ProductId, SalesChannel Channel, Marketplace? Marketplace, string Month,
    long AmountVnd, long Quantity, string? Replaces, string? Adjusts, string? Note, string Province,
    string RecordedBy, DateTimeOffset RecordedAt, string? ReplacedBy, string? EventId = null)
{
    /// <summary>Counts toward totals unless a later entry replaced it.</summary>
    [JsonIgnore] public bool Effective => ReplacedBy is null;
}

/// <summary>A change to one roll-up cell caused by one entry (a replacement makes two: minus the old, plus the new).</summary>
public sealed record RollupDelta(SalesChannel Channel, string Month, long AmountVnd, long Quantity);

public static class RevenueRules
{
    public const int IdMaxLength = 100;

    public static RevenueFields? Validate(RevenueFields f, FieldErrors errors)
    {
        var id = f.Id;
        if (string.IsNullOrEmpty(id)) errors.Add("id", "Send your own idempotency id (e.g. a UUID) so a retried post is recorded once.");
        else if (!IsKey(id)) errors.Add("id", $"Use 1–{IdMaxLength} characters from A–Z, a–z, 0–9, '-', '_' and '.'.");
        if (string.IsNullOrEmpty(f.ProducerId)) errors.Add("producerId", "This field is required.");
        if (f.ProductId is not null && !Ids.LooksValid(f.ProductId)) errors.Add("productId", "Not a product id.");
        if (f.Channel is null) errors.Add("channel", "This field is required.");
        if (f.Channel == SalesChannel.Ecommerce && f.Marketplace is null)
            errors.Add("marketplace", "Say which marketplace: voso, postmart, shopee, lazada, tiki, tiktokShop or other.");
        if (f.Channel is not null and not SalesChannel.Ecommerce && f.Marketplace is not null)
            errors.Add("marketplace", "Only e-commerce entries name a marketplace.");
        if (ParseMonth(f.Month) is null) errors.Add("month", "Use YYYY-MM, e.g. 2025-06.");
        if (f.Replaces is not null && f.Adjusts is not null) errors.Add("adjusts", "An entry either replaces or adjusts another, not both.");
        if (f.Replaces is not null && !IsKey(f.Replaces)) errors.Add("replaces", "Not an entry id.");
        if (f.Adjusts is not null && !IsKey(f.Adjusts)) errors.Add("adjusts", "Not an entry id.");
        // An adjustment is a signed difference; every other entry is a sale and cannot be negative.
        if (f.AmountVnd is null) errors.Add("amountVnd", "This field is required (whole VND).");
        else if (f.Adjusts is null && f.AmountVnd < 0) errors.Add("amountVnd", "Revenue cannot be negative; correct an entry with 'replaces' or 'adjusts'.");
        else if (f.AmountVnd.Value is > Money.EntryCapVnd or < -Money.EntryCapVnd)
            errors.Add("amountVnd", "At most 10,000,000,000,000 VND (10 000 billion đồng) in one entry, either way.");
        if (f.Quantity is null) errors.Add("quantity", "This field is required.");
        else if (f.Adjusts is null && f.Quantity < 0) errors.Add("quantity", "Quantity cannot be negative.");
        var note = errors.Text("note", f.Note, 500);
        return errors.Any ? null : f with { Note = note };
    }

    public static bool IsKey(string value) =>
        value.Length is >= 1 and <= IdMaxLength && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    public static DateOnly? ParseMonth(string? month) =>
        month is { Length: 7 } && DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            && d.Year is >= 2000 and <= 2100 ? d : null;
}

using System.Globalization;
using System.Text.Json.Nodes;
using OcopTrade.Functions.MarketplaceOrders;

namespace OcopTrade.Functions.Syndication;

/// <summary>voso and postmart report orders in the shape our contract defines for both (CONTRACTS.md, "Orders"):
/// <c>orderId, status, updatedAt, completedAt, lines[lineId, sku, quantity, unitPrice]</c>, paged; each wraps the
/// page its own way.</summary>
public abstract partial class SkuKeyedConnector : IOrderSource
{
    /// <summary>The most orders a page may hold (CONTRACTS.md): a pull of a thousand orders is ten requests, not
    /// twenty.</summary>
    protected const int OrdersPageSize = 100;
    protected abstract string OrdersPath(DateTimeOffset since, int page);
    /// <summary>The page's orders and whether more pages follow.</summary>
    protected abstract (JsonArray? Orders, bool More) OrdersPage(JsonObject json);

    /// <summary>The list is read by the moment orders last changed, not by page number: each request starts from the
    /// last moment read (the list is inclusive), so an order that changes while its pages are read moves past the
    /// cursor and is read later. Counted by page numbers, the change would shift every later order back by one, the
    /// order first on the next page would go unread, and the checkpoint would then pass it for good. Only a page
    /// whose orders all changed at the moment it started from is followed by the next page number, to step through
    /// that moment.</summary>
    public async Task<IReadOnlyList<MarketplaceOrder>> ChangedSinceAsync(
        MarketplaceCredential credential, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var orders = new Dictionary<string, MarketplaceOrder>(StringComparer.Ordinal);
        var (from, page) = (since, 1);
        while (true)
        {
            var (list, more) = await OrdersPageAsync(credential, from, page, cancellationToken);
            foreach (var order in list) orders[order.OrderId] = order;
            if (!more || list.Count == 0) return [.. orders.Values];
            var last = list[^1].UpdatedAt;
            (from, page) = last > from ? (last, 1) : (from, page + 1);
        }
    }

    private async Task<(List<MarketplaceOrder> Orders, bool More)> OrdersPageAsync(
        MarketplaceCredential credential, DateTimeOffset since, int page, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, OrdersPath(since, page), credential, null,
            cancellationToken);
        MarketplaceAnswers.ThrowIfNotUsable(Channel, response);
        if (!response.IsSuccessStatusCode)
            throw new MarketplaceUnavailableException(
                $"{Channel} refused the order list ({(int)response.StatusCode}).");
        var (list, more) = OrdersPage(await MarketplaceAnswers.BodyAsync(response, cancellationToken));
        return ([.. list?.OfType<JsonObject>().Select(Order) ?? []], more);
    }

    protected static string Iso(DateTimeOffset at) => Uri.EscapeDataString(at.UtcDateTime.ToString("O",
        CultureInfo.InvariantCulture));

    private MarketplaceOrder Order(JsonObject o) => new(
        Channel, o["orderId"].Text()!,
        Enum.Parse<OrderStatus>(o["status"].Text()!, ignoreCase: true),
        o["updatedAt"]!.GetValue<DateTimeOffset>(),
        o["completedAt"] is JsonValue completed ? completed.GetValue<DateTimeOffset>() : null,
        (o["lines"] as JsonArray)?.OfType<JsonObject>().Select(l => new OrderLine(
            l["lineId"].Text()!, l["sku"].Text() ?? "", l["quantity"]!.GetValue<int>(),
                l["unitPrice"]!.GetValue<long>())).ToList() ?? []);
}

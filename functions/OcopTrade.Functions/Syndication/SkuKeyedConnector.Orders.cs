using System.Globalization;
using System.Text.Json.Nodes;
using OcopTrade.Functions.MarketplaceOrders;

namespace OcopTrade.Functions.Syndication;

/// <summary>voso and postmart report orders in the shape our contract defines for both (CONTRACTS.md, "Orders"):
/// <c>orderId, status, updatedAt, completedAt, lines[lineId, sku, quantity, unitPrice]</c>, paged; each wraps the
/// page its own way.</summary>
public abstract partial class SkuKeyedConnector : IOrderSource
{
    protected abstract string OrdersPath(DateTimeOffset since, int page);
    /// <summary>The page's orders and whether more pages follow.</summary>
    protected abstract (JsonArray? Orders, bool More) OrdersPage(JsonObject json);

    public async Task<IReadOnlyList<MarketplaceOrder>> ChangedSinceAsync(
        MarketplaceCredential credential, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var orders = new List<MarketplaceOrder>();
        for (var page = 1; ; page++)
        {
            using var response = await SendAsync(HttpMethod.Get, OrdersPath(since, page), credential, null,
                cancellationToken);
            MarketplaceAnswers.ThrowIfNotUsable(Channel, response);
            if (!response.IsSuccessStatusCode)
                throw new MarketplaceUnavailableException($"{Channel} refused the order list ({(int)response.StatusCode}).");
            var (list, more) = OrdersPage(await MarketplaceAnswers.BodyAsync(response, cancellationToken));
            orders.AddRange(list?.OfType<JsonObject>().Select(Order) ?? []);
            if (!more) return orders;
        }
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

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

    /// <summary>Pages read side by side after the first: a pull that finds many orders (a producer's first, or one
    /// after an outage) waits for a few round trips instead of one per page; one that finds a page's worth reads no
    /// page more.</summary>
    private const int PagesAhead = 4;

    public async Task<IReadOnlyList<MarketplaceOrder>> ChangedSinceAsync(
        MarketplaceCredential credential, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var (orders, more) = await OrdersPageAsync(credential, since, 1, cancellationToken);
        for (var next = 2; more; next += PagesAhead)
        {
            var pages = await Task.WhenAll(Enumerable.Range(next, PagesAhead)
                .Select(page => OrdersPageAsync(credential, since, page, cancellationToken)));
            foreach (var page in pages)
            {
                if (!more) break;
                orders.AddRange(page.Orders);
                more = page.More;
            }
        }
        return orders;
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

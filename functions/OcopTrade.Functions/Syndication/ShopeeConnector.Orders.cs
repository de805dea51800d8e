using System.Globalization;
using System.Text.Json.Nodes;
using OcopTrade.Functions.MarketplaceOrders;

namespace OcopTrade.Functions.Syndication;

/// <summary>Shopee's orders (Open Platform v2): <c>order/get_order_list</c> by update_time in windows of at most 15
/// days, paged by cursor, then <c>order/get_order_detail</c> with item_list for up to 50 order_sn at a time.</summary>
public sealed partial class ShopeeConnector : IOrderSource
{
    private static readonly TimeSpan Window = TimeSpan.FromDays(15);
    private const int DetailBatch = 50;

    public async Task<IReadOnlyList<MarketplaceOrder>> ChangedSinceAsync(
        MarketplaceCredential credential, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var numbers = new List<string>();
        var now = clock.GetUtcNow();
        for (var from = since; from <= now; from += Window)
            numbers.AddRange(await OrderNumbersAsync(credential, from, Min(from + Window - TimeSpan.FromSeconds(1),
                now), cancellationToken));
        var orders = new List<MarketplaceOrder>();
        foreach (var batch in numbers.Distinct().Chunk(DetailBatch))
            orders.AddRange(await DetailsAsync(credential, batch, cancellationToken));
        return orders.OrderBy(o => o.UpdatedAt).ToList();
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private async Task<List<string>> OrderNumbersAsync(
        MarketplaceCredential credential, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var numbers = new List<string>();
        var cursor = "";
        while (true)
        {
            var query = $"&time_range_field=update_time&time_from={from.ToUnixTimeSeconds()}&time_to={to.ToUnixTimeSeconds()}" +
                $"&page_size=100&cursor={Uri.EscapeDataString(cursor)}";
            var json = await ReadAsync("/api/v2/order/get_order_list", credential, query, cancellationToken);
            numbers.AddRange((json["response"]?["order_list"] as JsonArray)?.Select(o =>
                o?["order_sn"].Text()).OfType<string>() ?? []);
            if (json["response"]?["more"]?.GetValue<bool>() != true) return numbers;
            cursor = json["response"]?["next_cursor"].Text() ?? "";
        }
    }

    /// <summary>Named orders, as a push names one.</summary>
    public async Task<IReadOnlyList<MarketplaceOrder>> OrdersAsync(
        MarketplaceCredential credential, IReadOnlyList<string> numbers, CancellationToken cancellationToken) =>
        (await DetailsAsync(credential, [.. numbers], cancellationToken)).ToList();

    private async Task<IEnumerable<MarketplaceOrder>> DetailsAsync(
        MarketplaceCredential credential, string[] numbers, CancellationToken cancellationToken)
    {
        var query = $"&order_sn_list={Uri.EscapeDataString(string.Join(',', numbers))}&response_optional_fields=item_list";
        var json = await ReadAsync("/api/v2/order/get_order_detail", credential, query, cancellationToken);
        return (json["response"]?["order_list"] as JsonArray)?.OfType<JsonObject>().Select(Order) ?? [];
    }

    private async Task<JsonObject> ReadAsync(string path, MarketplaceCredential credential, string query,
        CancellationToken cancellationToken)
    {
        var (ok, json) = await CallAsync(path, credential, null, cancellationToken, query);
        return ok ? json : throw new MarketplaceUnavailableException($"shopee refused {path}: {json["error"].Text()} {json["message"].Text()}");
    }

    /// <summary>Shopee's statuses in ours: completed is COMPLETED; a return (TO_RETURN) follows a completion, whose
    /// moment Shopee no longer reports, so the change stands for it unless the stored order remembers it.</summary>
    private MarketplaceOrder Order(JsonObject o)
    {
        var updated = DateTimeOffset.FromUnixTimeSeconds(o["update_time"]!.GetValue<long>());
        var status = o["order_status"].Text() switch
        {
            "COMPLETED" => OrderStatus.Completed,
            "CANCELLED" => OrderStatus.Cancelled,
            "TO_RETURN" => OrderStatus.Returned,
            _ => OrderStatus.Placed,
        };
        var lines = (o["item_list"] as JsonArray)?.OfType<JsonObject>().Select(i => new OrderLine(
            i["order_item_id"].Text()!, i["model_sku"].Text() is { Length: > 0 } model ? model : i["item_sku"].Text()
                ?? "",
            i["model_quantity_purchased"]!.GetValue<int>(), i["model_discounted_price"]!.GetValue<long>())).ToList()
                ?? [];
        var completed = status is OrderStatus.Completed or OrderStatus.Returned ? updated : (DateTimeOffset?)null;
        return new MarketplaceOrder(Channel, o["order_sn"].Text()!, status, updated, completed, lines);
    }
}

using System.Text.Json.Nodes;

namespace OcopTrade.MarketplaceSimulator;

/// <summary>Shopee Open Platform v2's order reads as the connector uses them: <c>order/get_order_list</c> (order_sn
/// by update_time window, at most 15 days, paged by cursor) and <c>order/get_order_detail</c> (up to 50 order_sn,
/// with <c>item_list</c> when asked in response_optional_fields). Times are Unix seconds.</summary>
public static class ShopeeOrders
{
    private static readonly TimeSpan MaxWindow = TimeSpan.FromDays(15);

    public static void Map(RouteGroupBuilder api, string partnerId, string partnerKey)
    {
        api.MapGet("/order/get_order_list", (HttpRequest request, Marketplaces all) =>
        {
            if (ShopeeApi.Authenticate(request, partnerId, partnerKey) is { } denied) return denied;
            var q = request.Query;
            if (q["time_range_field"] != "update_time" && q["time_range_field"] != "create_time")
                return ShopeeApi.Error(400, "error_param", "time_range_field is create_time or update_time.");
            if (!long.TryParse(q["time_from"], out var from) || !long.TryParse(q["time_to"], out var to) || to < from ||
                to - from > (long)MaxWindow.TotalSeconds)
                return ShopeeApi.Error(400, "error_param",
                    "time_from and time_to are Unix seconds, at most 15 days apart.");
            var size = int.TryParse(q["page_size"], out var s) && s is >= 1 and <= 100 ? s : 20;
            var skip = int.TryParse(q["cursor"], out var c) && c > 0 ? c : 0;
            var (orders, more) = all["shopee"].Orders.UpdatedSince(q["shop_id"]!,
                DateTimeOffset.FromUnixTimeSeconds(from), DateTimeOffset.FromUnixTimeSeconds(to + 1).AddTicks(-1), skip,
                    size);
            return ShopeeApi.Ok(new JsonObject
            {
                ["more"] = more,
                ["next_cursor"] = more ? (skip + size).ToString() : "",
                ["order_list"] = new JsonArray([.. orders.Select(o =>
                    (JsonNode)new JsonObject { ["order_sn"] = o.Id })]),
            });
        });

        api.MapGet("/order/get_order_detail", (HttpRequest request, Marketplaces all) =>
        {
            if (ShopeeApi.Authenticate(request, partnerId, partnerKey) is { } denied) return denied;
            var list = request.Query["order_sn_list"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
            if (list.Length is 0 or > 50) return ShopeeApi.Error(400, "error_param",
                "order_sn_list holds 1 to 50 order_sn.");
            var items = request.Query["response_optional_fields"].ToString().Split(',').Contains("item_list");
            var shopee = all["shopee"];
            var found = list.Select(sn => shopee.Orders.Find(request.Query["shop_id"]!, sn)).OfType<Order>();
            return ShopeeApi.Ok(new JsonObject
            {
                ["order_list"] = new JsonArray([.. found.Select(o => (JsonNode)Detail(o, items))]),
            });
        });
    }

    public static string Status(OrderStatus status) => status switch
    {
        OrderStatus.Placed => "READY_TO_SHIP",
        OrderStatus.Completed => "COMPLETED",
        OrderStatus.Cancelled => "CANCELLED",
        _ => "TO_RETURN",
    };

    private static JsonObject Detail(Order o, bool items)
    {
        var detail = new JsonObject
        {
            ["order_sn"] = o.Id, ["order_status"] = Status(o.Status), ["currency"] = "VND",
            ["create_time"] = o.CreatedAt.ToUnixTimeSeconds(), ["update_time"] = o.UpdatedAt.ToUnixTimeSeconds(),
            ["total_amount"] = o.Lines.Sum(l => l.UnitPrice * l.Quantity),
        };
        if (items)
            detail["item_list"] = new JsonArray([.. o.Lines.Select(l => (JsonNode)new JsonObject
            {
                ["order_item_id"] = long.Parse(l.LineId), ["item_sku"] = l.Sku, ["model_sku"] = "",
                ["model_quantity_purchased"] = l.Quantity, ["model_discounted_price"] = l.UnitPrice,
            })]);
        return detail;
    }
}

using OcopTrade.Functions.MarketplaceOrders;
using OcopTrade.Functions.Revenue;

namespace OcopTrade.Tests.Syndication;

/// <summary>How marketplace order lines become revenue entries: pure rules, no I/O.</summary>
public class OrderRevenueTests
{
    // 17:30 UTC on 31 October is 00:30 on 1 November in Vietnam.
    private static readonly DateTimeOffset LateOctoberUtc = new(2026, 10, 31, 17, 30, 0, TimeSpan.Zero);

    private static MarketplaceOrder Order(OrderStatus status, DateTimeOffset? completed, DateTimeOffset updated) =>
        new("shopee", "2411300ABC/1", status, updated, completed, [new OrderLine("7", "OCOP-ABCDEFGHJKMN", 3,
            120_000)]);

    [Fact]
    public void A_completed_line_is_ecommerce_revenue_on_its_marketplace_in_the_month_of_completion_in_ict()
    {
        var order = Order(OrderStatus.Completed, LateOctoberUtc, LateOctoberUtc);
        var sale = OrderRevenue.Sale(order, order.Lines[0], "producer0001", "abcdefghjkmn");
        Assert.Equal((SalesChannel.Ecommerce, Marketplace.Shopee), (sale.Channel, sale.Marketplace));
        Assert.Equal("2026-11", sale.Month);
        Assert.Equal((360_000L, 3L), (sale.AmountVnd, sale.Quantity));
        Assert.Equal("abcdefghjkmn", sale.ProductId);
        // Marketplace, order and line name the entry: a character revenue ids refuse is replaced, never dropped.
        Assert.Equal("mp.shopee.2411300ABC-1.7", sale.Id);
        Assert.True(RevenueRules.IsKey(sale.Id!));
    }

    [Fact]
    public void A_return_is_a_correction_that_adjusts_the_sale_in_the_month_it_happened()
    {
        var returned = Order(OrderStatus.Returned, LateOctoberUtc, LateOctoberUtc.AddDays(40));
        var correction = OrderRevenue.Correction(returned, returned.Lines[0], "producer0001", "abcdefghjkmn");
        Assert.Equal(OrderRevenue.SaleId("shopee", "2411300ABC/1", "7"), correction.Adjusts);
        Assert.Equal((-360_000L, -3L), (correction.AmountVnd, correction.Quantity));
        Assert.Equal("2026-12", correction.Month);
        Assert.NotEqual(correction.Adjusts, correction.Id);
        Assert.True(returned.Undone);
    }

    [Fact]
    public void A_reported_order_remembers_a_completion_seen_earlier()
    {
        var earlier = Order(OrderStatus.Completed, LateOctoberUtc, LateOctoberUtc);
        var cancelled = Order(OrderStatus.Cancelled, null, LateOctoberUtc.AddDays(3)).Remembering(earlier);
        Assert.Equal(LateOctoberUtc, cancelled.CompletedAt);
        Assert.Null(Order(OrderStatus.Cancelled, null, LateOctoberUtc).Remembering(null).CompletedAt);
    }

    [Fact]
    public void Only_our_own_sku_names_a_product()
    {
        Assert.Equal("abcdefghjkmn", OrderRevenue.ProductIdOf("OCOP-ABCDEFGHJKMN"));
        Assert.Null(OrderRevenue.ProductIdOf("TEA-HANDMADE-01"));
        Assert.Null(OrderRevenue.ProductIdOf("OCOP-NOT-AN-ID"));
    }

    [Fact]
    public void A_very_long_marketplace_order_id_still_makes_distinct_valid_entry_ids()
    {
        var a = OrderRevenue.SaleId("voso", new string('9', 120) + "A", "1");
        var b = OrderRevenue.SaleId("voso", new string('9', 120) + "B", "1");
        Assert.NotEqual(a, b);
        Assert.True(RevenueRules.IsKey(a) && RevenueRules.IsKey(b));
    }
}

/// <summary>Shopee's push signature and what a push names: pure rules.</summary>
public class ShopeePushTests
{
    private const string Url = "https://ocoptrade.vn/api/marketplaces/shopee/push";
    private const string Body = """{"shop_id":123456,"code":3,"timestamp":1,"data":{"ordersn":"2411300ABC","status":"COMPLETED"}}""";

    [Fact]
    public void Only_the_hmac_of_url_and_body_under_the_partner_key_verifies()
    {
        var signature = ShopeePush.Signature("key", Url, Body);
        Assert.True(ShopeePush.Verify("key", Url, Body, signature));
        Assert.False(ShopeePush.Verify("other-key", Url, Body, signature));
        Assert.False(ShopeePush.Verify("key", Url, Body.Replace("COMPLETED", "CANCELLED"), signature));
        Assert.False(ShopeePush.Verify("key", Url + "x", Body, signature));
        Assert.False(ShopeePush.Verify("key", Url, Body, null));
    }

    [Fact]
    public void An_order_status_push_names_shop_and_order_and_other_pushes_name_nothing()
    {
        Assert.Equal(new ShopeePushMessage("123456", "2411300ABC"), ShopeePush.OrderOf(Body));
        Assert.Null(ShopeePush.OrderOf(Body.Replace("\"code\":3", "\"code\":1")));
        Assert.Null(ShopeePush.OrderOf("not json"));
        Assert.Null(ShopeePush.OrderOf("""{"code":3,"data":{}}"""));
    }
}

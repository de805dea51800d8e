using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;
using static OcopTrade.Tests.Syndication.SyndicationFixture;

namespace OcopTrade.Tests.Syndication;

/// <summary>Orders flow in: the simulator's orders, pulled by each marketplace's timer function (run here by name) or
/// pushed by Shopee, become the producer's e-commerce revenue, once, with corrections for what was undone.</summary>
[Collection("Marketplace simulator")]
public class MarketplaceOrderTests(SyndicationFixture fixture) : IClassFixture<SyndicationFixture>
{
    private OcopApp App => fixture.App;
    private Simulator Simulator => fixture.Simulator;
    private static string ThisMonthInIct => DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM");

    private static string Pull(string marketplace) => "Pull" + char.ToUpperInvariant(marketplace[0]) + marketplace[1..]
        + "Orders";

    /// <summary>A producer with a product live on the marketplace; returns its client, id and the product's
    /// SKU.</summary>
    private async Task<(HttpClient Producer, string ProducerId, string Sku)> LiveAsync(string marketplace)
    {
        var (producer, producerId, productId) = await fixture.PublishedProductAsync();
        await SyndicateAsync(producer, productId, marketplace);
        await UntilAsync(producer, productId, "live", marketplace);
        return (producer, producerId, "OCOP-" + productId.ToUpperInvariant());
    }

    private async Task<string> CompletedOrderAsync(string marketplace, string producerId, string sku, int quantity = 2)
    {
        var orderId = await Simulator.PlaceOrderAsync(marketplace, Simulator.Seller(marketplace, producerId), sku,
            quantity, 350_000);
        await Simulator.AdvanceOrderAsync(marketplace, orderId, "completed");
        return orderId;
    }

    private static async Task<List<JsonObject>> EntriesAsync(HttpClient producer, string producerId) =>
        (await (await producer.GetAsync($"/api/revenue?producerId={producerId}")).ExpectAsync(HttpStatusCode.OK))["items"]!
            .AsArray().OfType<JsonObject>().ToList();

    [Fact]
    public async Task A_completed_order_line_becomes_ecommerce_revenue_once_however_often_it_is_pulled()
    {
        var (producer, producerId, sku) = await LiveAsync("voso");
        var orderId = await Simulator.PlaceOrderAsync("voso", Simulator.Seller("voso", producerId), sku, 2, 350_000);
        await App.RunFunctionAsync(Pull("voso"));
        Assert.Empty(await EntriesAsync(producer, producerId)); // placed is not sold

        await Simulator.AdvanceOrderAsync("voso", orderId, "completed");
        await App.RunFunctionAsync(Pull("voso"));
        await App.RunFunctionAsync(Pull("voso"));
        var entry = Assert.Single(await EntriesAsync(producer, producerId));
        Assert.Equal($"mp.voso.{orderId}.1", entry["id"]!.GetValue<string>());
        Assert.Equal(("ecommerce", "voso"), (entry["channel"]!.GetValue<string>(),
            entry["marketplace"]!.GetValue<string>()));
        Assert.Equal((700_000L, 2L), (entry["amountVnd"]!.GetValue<long>(), entry["quantity"]!.GetValue<long>()));
        Assert.Equal(ThisMonthInIct, entry["month"]!.GetValue<string>());

        // The producer sees the order on its channel.
        var orders = (await (await producer.GetAsync($"/api/producers/{producerId}/marketplace-orders?channel=voso"))
            .Content.ReadAsStringAsync());
        var order = Assert.Single(JsonNode.Parse(orders)!.AsArray())!;
        Assert.Equal(("completed", 700_000L), (order["status"]!.GetValue<string>(),
            order["amountVnd"]!.GetValue<long>()));
    }

    [Fact]
    public async Task A_return_after_completion_becomes_a_correction_of_that_entry_never_an_edit()
    {
        var (producer, producerId, sku) = await LiveAsync("postmart");
        var orderId = await CompletedOrderAsync("postmart", producerId, sku);
        await App.RunFunctionAsync(Pull("postmart"));
        await Simulator.AdvanceOrderAsync("postmart", orderId, "returned");
        await App.RunFunctionAsync(Pull("postmart"));
        await App.RunFunctionAsync(Pull("postmart"));

        var entries = await EntriesAsync(producer, producerId);
        Assert.Equal(2, entries.Count);
        var sale = entries.Single(e => e["id"]!.GetValue<string>() == $"mp.postmart.{orderId}.1");
        var correction = entries.Single(e => e["id"]!.GetValue<string>() == $"mp.postmart.{orderId}.1.undo");
        Assert.Equal(700_000L, sale["amountVnd"]!.GetValue<long>());
        Assert.Equal((-700_000L, -2L), (correction["amountVnd"]!.GetValue<long>(),
            correction["quantity"]!.GetValue<long>()));
        Assert.Equal(sale["id"]!.GetValue<string>(), correction["adjusts"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_order_for_a_sku_we_never_listed_is_shown_to_the_admin_and_not_recorded()
    {
        var (producer, producerId, _) = await LiveAsync("voso");
        var (_, _, othersSku) = await LiveAsync("voso"); // another producer's listing is not this seller's product
        var foreign = await CompletedOrderAsync("voso", producerId, othersSku);
        var unknown = await CompletedOrderAsync("voso", producerId, "TEA-HANDMADE-01");
        await App.RunFunctionAsync(Pull("voso"));

        Assert.Empty(await EntriesAsync(producer, producerId));
        var unmatched = JsonNode.Parse(await App.Client().GetStringAsync("/api/marketplace-orders/unmatched"))!.AsArray();
        Assert.Contains(unmatched, u => u!["orderId"]!.GetValue<string>() == foreign
            && u["sku"]!.GetValue<string>() == othersSku);
        Assert.Contains(unmatched, u => u!["orderId"]!.GetValue<string>() == unknown
            && u["producerId"]!.GetValue<string>() == producerId);
        // Only the admin reads them.
        Assert.Equal(HttpStatusCode.Forbidden,
            (await producer.GetAsync("/api/marketplace-orders/unmatched")).StatusCode);
    }

    [Fact]
    public async Task A_marketplace_down_during_a_pull_loses_nothing_and_the_next_pull_resumes()
    {
        var (producer, producerId, sku) = await LiveAsync("postmart");
        var first = await CompletedOrderAsync("postmart", producerId, sku);
        await App.RunFunctionAsync(Pull("postmart"));
        var second = await CompletedOrderAsync("postmart", producerId, sku, quantity: 1);
        try
        {
            await Simulator.FaultsAsync("postmart", new { alwaysFail = true });
            await App.RunFunctionAsync(Pull("postmart"));
            Assert.Single(await EntriesAsync(producer, producerId));
        }
        finally { await Simulator.FaultsAsync("postmart", new { alwaysFail = false }); }

        await App.RunFunctionAsync(Pull("postmart"));
        var ids = (await EntriesAsync(producer, producerId)).Select(e => e["id"]!.GetValue<string>()).Order().ToList();
        Assert.Equal([$"mp.postmart.{first}.1", $"mp.postmart.{second}.1"], ids);
    }

    [Fact]
    public async Task Shopee_orders_come_in_through_its_order_list_and_detail_and_a_cancellation_corrects_them()
    {
        var (producer, producerId, sku) = await LiveAsync("shopee");
        var orderId = await CompletedOrderAsync("shopee", producerId, sku, quantity: 3);
        await App.RunFunctionAsync(Pull("shopee"));
        var sale = Assert.Single(await EntriesAsync(producer, producerId));
        Assert.Equal(("shopee", 1_050_000L), (sale["marketplace"]!.GetValue<string>(),
            sale["amountVnd"]!.GetValue<long>()));

        await Simulator.AdvanceOrderAsync("shopee", orderId, "cancelled");
        await App.RunFunctionAsync(Pull("shopee"));
        var entries = await EntriesAsync(producer, producerId);
        Assert.Equal(0L, entries.Sum(e => e["amountVnd"]!.GetValue<long>()));
        Assert.Contains(entries, e => e["adjusts"]?.GetValue<string>() == sale["id"]!.GetValue<string>());
    }

    private string PushUrl => App.BaseAddress + "api/marketplaces/shopee/push";

    [Fact]
    public async Task A_signed_Shopee_push_records_the_order_and_a_replayed_push_records_nothing_twice()
    {
        var (producer, producerId, sku) = await LiveAsync("shopee");
        // The pushes for placed and for completed, each delivered twice.
        await Simulator.PushesAsync(new { url = PushUrl, loseNext = 0, repeatNext = 2 });
        try
        {
            var orderId = await CompletedOrderAsync("shopee", producerId, sku);
            var entries = await Eventually.HoldsAsync(() => EntriesAsync(producer, producerId), e => e.Count > 0,
                TimeSpan.FromSeconds(30), "the pushed order to be recorded");
            Assert.Equal($"mp.shopee.{orderId}.1", Assert.Single(entries)["id"]!.GetValue<string>());
            await Eventually.StaysAsync(() => EntriesAsync(producer, producerId), e => e.Count == 1,
                TimeSpan.FromSeconds(1.5), "one entry for a push delivered twice");
        }
        finally { await Simulator.PushesAsync(new { url = "http://127.0.0.1:9/unused", repeatNext = 0 }); }
    }

    [Fact]
    public async Task A_push_with_a_bad_signature_is_refused_and_changes_nothing()
    {
        var (producer, producerId, sku) = await LiveAsync("shopee");
        var orderId = await CompletedOrderAsync("shopee", producerId, sku);
        var body = new JsonObject
        {
            ["shop_id"] = "shop-" + producerId, ["code"] = 3, ["timestamp"] = 1,
            ["data"] = new JsonObject { ["ordersn"] = orderId, ["status"] = "COMPLETED" },
        }.ToJsonString();
        foreach (var signature in new[] { null, "0000", new string('a', 64) })
        {
            using var push = new HttpRequestMessage(HttpMethod.Post, "/api/marketplaces/shopee/push")
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            if (signature is not null) push.Headers.TryAddWithoutValidation("Authorization", signature);
            await (await App.Client(null).SendAsync(push)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        }
        await Eventually.StaysAsync(() => EntriesAsync(producer, producerId), e => e.Count == 0,
            TimeSpan.FromSeconds(1.5), "nothing recorded from a forged push");
    }

    [Fact]
    public async Task The_pull_recovers_a_push_that_was_lost()
    {
        var (producer, producerId, sku) = await LiveAsync("shopee");
        await Simulator.PushesAsync(new { url = PushUrl, loseNext = 2, repeatNext = 0 });
        var orderId = await CompletedOrderAsync("shopee", producerId, sku);
        await Simulator.PushesAsync(new { url = "http://127.0.0.1:9/unused", loseNext = 0 });
        Assert.Empty(await EntriesAsync(producer, producerId));
        await App.RunFunctionAsync(Pull("shopee"));
        Assert.Equal($"mp.shopee.{orderId}.1", Assert.Single(await EntriesAsync(producer,
            producerId))["id"]!.GetValue<string>());
    }
}

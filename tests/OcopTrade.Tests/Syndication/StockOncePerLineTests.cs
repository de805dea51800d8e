using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Syndication;

/// <summary>An order line lowers its product's stock exactly once, however its order reaches us: a pull after a
/// crash, a push and a pull at the same moment. Real app, Azurite and the marketplace simulator.</summary>
[Collection("Marketplace simulator")]
public class StockOncePerLineTests(FaultyRevenueFixture fixture) : IClassFixture<FaultyRevenueFixture>
{
    private OcopApp App => fixture.App;
    private Simulator Simulator => fixture.Simulator;

    private async Task<(HttpClient Producer, string ProducerId, string ProductId, string Sku)> LiveAsync(
        string marketplace, int stock)
    {
        var (producer, producerId, productId) = await fixture.PublishedProductAsync(p => p["stock"] = stock);
        await SyndicationFixture.SyndicateAsync(producer, productId, marketplace);
        await SyndicationFixture.UntilAsync(producer, productId, "live", marketplace);
        return (producer, producerId, productId, "OCOP-" + productId.ToUpperInvariant());
    }

    private static async Task<int?> StockAsync(HttpClient producer, string productId) =>
        (await (await producer.GetAsync($"/api/products/{productId}")).ExpectAsync(HttpStatusCode.OK))["stock"]
            ?.GetValue<int>();

    [Fact]
    public async Task A_crash_after_the_stock_moved_and_before_the_order_was_saved_lowers_the_stock_once()
    {
        var (producer, producerId, productId, sku) = await LiveAsync("voso", stock: 20);
        await Simulator.PlaceOrderAsync("voso", Simulator.Seller("voso", producerId), sku, 3, 350_000);

        // Storage gives out once the stock has moved: neither the order nor any revenue is written.
        fixture.Fault.FailAfter(0, "MarketplaceOrders", "RevenueEntries");
        try { await App.RunFunctionAsync("PullVosoOrders"); }
        finally { fixture.Fault.Off(); }
        Assert.Equal(17, await StockAsync(producer, productId));
        Assert.Contains("|1", await LedgerAsync(productId)); // the line is in flight
        var unsaved = await producer.GetStringAsync($"/api/producers/{producerId}/marketplace-orders");
        Assert.Empty(JsonNode.Parse(unsaved)!.AsArray()); // the order really was not saved

        await App.RunFunctionAsync("PullVosoOrders"); // the checkpoint did not move: the order is read again
        Assert.Equal(17, await StockAsync(producer, productId));
        var saved = await producer.GetStringAsync($"/api/producers/{producerId}/marketplace-orders");
        Assert.Single(JsonNode.Parse(saved)!.AsArray());
        Assert.Equal("{}", await LedgerAsync(productId)); // its order says it now: the ledger forgot it
    }

    private TableClient Products => new TableServiceClient(fixture.Storage.ConnectionString).GetTableClient("Products");

    /// <summary>The lines in flight in a product's stock ledger, as stored.</summary>
    private async Task<string> LedgerAsync(string productId)
    {
        var row = (await Products.GetEntityAsync<TableEntity>(productId, "~stock")).Value;
        return string.Concat(Enumerable.Range(0, row.GetInt32("Parts") ?? 0).Select(i => row.GetString("P" + i)));
    }

    [Fact]
    public async Task A_push_and_pulls_recording_the_same_new_order_at_once_lower_the_stock_once()
    {
        var (producer, producerId, productId, sku) = await LiveAsync("shopee", stock: 20);
        var orderId = await Simulator.PlaceOrderAsync("shopee", Simulator.Seller("shopee", producerId), sku, 4,
            350_000);
        var push = $$"""{"shopId":"{{Simulator.Seller("shopee", producerId)}}","orderSn":"{{orderId}}"}""";

        await Task.WhenAll(App.RunFunctionAsync("RecordShopeePush", push), App.RunFunctionAsync("PullShopeeOrders"),
            App.RunFunctionAsync("RecordShopeePush", push), App.RunFunctionAsync("PullShopeeOrders"));

        Assert.Equal(16, await StockAsync(producer, productId));
        await Simulator.AdvanceOrderAsync("shopee", orderId, "cancelled");
        await Task.WhenAll(App.RunFunctionAsync("RecordShopeePush", push), App.RunFunctionAsync("PullShopeeOrders"));
        Assert.Equal(20, await StockAsync(producer, productId)); // back once, too
    }

    [Fact]
    public async Task A_products_stock_ledger_never_shows_as_a_product()
    {
        var (producer, producerId, productId, sku) = await LiveAsync("voso", stock: 20);
        await Simulator.PlaceOrderAsync("voso", Simulator.Seller("voso", producerId), sku, 1, 350_000);
        await App.RunFunctionAsync("PullVosoOrders");
        Assert.Equal(19, await StockAsync(producer, productId)); // its partition now holds its stock ledger
        Assert.True((await Products.GetEntityIfExistsAsync<TableEntity>(productId, "~stock")).HasValue);

        var admin = App.Client();
        foreach (var query in new[] { "", $"?producerId={producerId}", "?status=published" })
        {
            var ids = await AllIdsAsync(admin, "/api/products" + query);
            Assert.Equal(1, ids.Count(id => id == productId));
        }
        var own = await AllIdsAsync(producer, "/api/products");
        Assert.Equal([productId], own);
        await App.RunFunctionAsync("CertificateWatch"); // reads every certified product, and only products
    }

    private static async Task<List<string>> AllIdsAsync(HttpClient client, string path)
    {
        var ids = new List<string>();
        string? token = null;
        do
        {
            var separator = path.Contains('?') ? "&" : "?";
            var page = await (await client.GetAsync(path + separator + "pageSize=200" + (token is null ? ""
                : "&continuationToken=" + Uri.EscapeDataString(token)))).ExpectAsync(HttpStatusCode.OK);
            ids.AddRange(page["items"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()));
            token = page["continuationToken"]?.GetValue<string>();
        }
        while (token is not null);
        return ids;
    }
}

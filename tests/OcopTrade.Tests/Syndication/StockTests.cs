using System.Net;
using System.Text.Json.Nodes;
using OcopTrade.Functions.Products;
using OcopTrade.Tests.Support;
using static OcopTrade.Tests.Syndication.SyndicationFixture;

namespace OcopTrade.Tests.Syndication;

/// <summary>The one stock figure of a product: pure rules.</summary>
public class StockRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 3, 0, 0, TimeSpan.Zero);

    private static Product Tea(int? stock) => new()
    {
        Id = "abcdefghjkmn", ProducerId = "producer0001", Province = "Lai Châu", Slug = "che",
        Status = ProductStatus.Published,
        CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch,
        Fields = new ProductFields { Name = "Chè", Stock = stock },
    };

    [Fact]
    public void A_sale_lowers_the_stock_and_what_it_could_not_cover_is_the_oversell()
    {
        var sold = Tea(3).Selling(2, Now)!;
        Assert.Equal((1, 0), (sold.Product.Fields.Stock, sold.Oversold));
        Assert.Equal(Now, sold.Product.UpdatedAt); // a new listing version: every channel re-syncs
        var over = sold.Product.Selling(2, Now)!;
        Assert.Equal((0, 1), (over.Product.Fields.Stock, over.Oversold));
    }

    [Fact]
    public void A_product_without_a_stock_figure_is_left_alone_and_a_cancellation_puts_units_back()
    {
        Assert.Null(Tea(null).Selling(2, Now));
        Assert.Equal(5, Tea(3).Restocking(2, Now)!.Product.Fields.Stock);
        Assert.Equal(ProductRules.MaxStock, Tea(ProductRules.MaxStock).Restocking(2, Now)!.Product.Fields.Stock);
    }
}

/// <summary>Stock stays true across channels: real app, Azurite and the marketplace simulator.</summary>
[Collection("Marketplace simulator")]
public class StockAcrossChannelsTests(SyndicationFixture fixture) : IClassFixture<SyndicationFixture>
{
    private OcopApp App => fixture.App;
    private Simulator Simulator => fixture.Simulator;

    private static async Task<int?> StockAsync(HttpClient producer, string productId) =>
        (await (await producer.GetAsync($"/api/products/{productId}")).ExpectAsync(HttpStatusCode.OK))["stock"]?.GetValue<int>();

    private async Task<JsonObject> ListingAsync(string marketplace, string productId) =>
        (await Simulator.ListingsAsync(marketplace)).Single(l => l!["sku"]!.GetValue<string>() == "OCOP-"
            + productId.ToUpperInvariant())!
            ["body"]!.AsObject();

    [Fact]
    public async Task When_two_marketplaces_sell_the_last_units_the_oversell_is_shown_and_every_channel_goes_sold_out()
    {
        var (producer, producerId, productId) = await fixture.PublishedProductAsync(p => p["stock"] = 3);
        await SyndicateAsync(producer, productId, "voso", "postmart");
        await UntilAsync(producer, productId, "live", "voso", "postmart");
        var sku = "OCOP-" + productId.ToUpperInvariant();
        // Both buyers order before either marketplace hears of the other's sale.
        await Simulator.PlaceOrderAsync("voso", Simulator.Seller("voso", producerId), sku, 2, 350_000);
        var late = await Simulator.PlaceOrderAsync("postmart", Simulator.Seller("postmart", producerId), sku, 2,
            350_000);

        await App.RunFunctionAsync("PullVosoOrders");
        Assert.Equal(1, await StockAsync(producer, productId));
        await App.RunFunctionAsync("PullPostmartOrders");
        await App.RunFunctionAsync("PullPostmartOrders"); // a repeated pull takes nothing off twice
        Assert.Equal(0, await StockAsync(producer, productId));

        var oversell = Assert.Single(JsonNode.Parse(await producer.GetStringAsync($"/api/producers/{producerId}/oversells"))!.AsArray())!;
        Assert.Equal(("postmart", late, 1), (oversell["channel"]!.GetValue<string>(),
            oversell["orderId"]!.GetValue<string>(),
            oversell["units"]!.GetValue<int>()));
        var department = App.Client(await App.Client().IssueKeyAsync(new JsonObject
        {
            ["role"] = "department",
            ["province"] = "Lai Châu"
        }));
        Assert.Single(JsonNode.Parse(await department.GetStringAsync($"/api/producers/{producerId}/oversells"))!.AsArray());

        // Sold out everywhere, in one coalesced re-sync.
        await Eventually.HoldsAsync(async () => (await ListingAsync("voso", productId), await ListingAsync("postmart",
            productId)),
            l => l.Item1["stock"]!.GetValue<int>() == 0 && l.Item2["quantity"]!.GetValue<int>() == 0,
            TimeSpan.FromSeconds(30), "both listings at stock 0");
    }

    [Fact]
    public async Task A_sales_point_sale_lowers_the_stock_the_marketplaces_show()
    {
        var (producer, _, productId) = await fixture.PublishedProductAsync(p => p["stock"] = 10);
        await SyndicateAsync(producer, productId, "voso");
        await UntilAsync(producer, productId, "live", "voso");
        var batch = await (await producer.PostAsync($"/api/products/{productId}/batches",
            Api.JsonBody(Hardening.Victim.Lot())))
            .ExpectAsync(HttpStatusCode.Created);
        var admin = App.Client();
        var salesPointId = await admin.CreateSalesPointAsync();
        var till = App.Client(await admin.SalesPointKeyAsync(salesPointId));
        await (await till.PostAsync($"/api/sales-points/{salesPointId}/scans", Api.JsonBody(new JsonObject
        {
            ["id"] = "stock-sale-1", ["code"] = batch["traceCode"]!.GetValue<string>(), ["kind"] = "sale",
            ["quantity"] = 3,
            ["unitPrice"] = 350_000,
        }))).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(7, await StockAsync(producer, productId));
        await Eventually.HoldsAsync(() => ListingAsync("voso", productId), l => l["stock"]!.GetValue<int>() == 7,
            TimeSpan.FromSeconds(30), "the voso listing at the new stock");
    }
}

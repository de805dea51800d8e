using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;
using static OcopTrade.Tests.Syndication.SyndicationFixture;

namespace OcopTrade.Tests.Syndication;

/// <summary>The admin's category lookup per marketplace and a producer's category and price overrides per channel,
/// through the API: who may edit what, stale and bad edits refused, and the marketplace (the simulator) receiving
/// the effective category and price. Its own app: the lookup edits here would change other classes' listings.</summary>
[Collection("Marketplace simulator")]
public class ChannelTermsApiTests(SyndicationFixture fixture) : IClassFixture<SyndicationFixture>
{
    private static readonly JsonObject Tea = new() { ["categoryId"] = "PM-TRA", ["categoryName"] = "Trà" };

    private async Task<JsonObject> ListingAsync(string marketplace, string productId) =>
        (await fixture.Simulator.ListingsAsync(marketplace)).Single(l =>
            l!["sku"]!.GetValue<string>() == "OCOP-" + productId.ToUpperInvariant())!.AsObject();

    private Task<JsonObject> ListingUntilAsync(string marketplace, string productId, Func<JsonObject, bool> condition,
        string because) =>
        Eventually.HoldsAsync(() => ListingAsync(marketplace, productId), condition, TimeSpan.FromSeconds(60), because);

    private static JsonObject Group(JsonObject lookup, string group) =>
        lookup["categories"]!.AsArray().Single(c => c!["group"]!.GetValue<string>() == group)!.AsObject();

    private static HttpRequestMessage Put(string url, HttpContent body, string? ifMatch)
    {
        var put = new HttpRequestMessage(HttpMethod.Put, url) { Content = body };
        if (ifMatch is not null) put.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return put;
    }

    [Fact]
    public async Task Everyone_signed_in_reads_the_category_lookup_and_only_an_admin_edits_it()
    {
        var (producer, _, _) = await fixture.PublishedProductAsync();
        var read = await producer.GetAsync("/api/channels/postmart/categories");
        var lookup = await read.ExpectAsync(HttpStatusCode.OK);
        var etag = read.Etag();
        Assert.Equal(6, lookup["categories"]!.AsArray().Count);
        Assert.Equal("PM-DOUONG", Group(lookup, "beverages")["categoryId"]!.GetValue<string>());
        const string url = "/api/channels/postmart/categories/tourism";
        await (await producer.SendAsync(Put(url, Api.JsonBody(Tea), etag))).ExpectProblemAsync(HttpStatusCode.Forbidden);

        var admin = fixture.App.Client();
        await (await admin.SendAsync(Put(url, Api.JsonBody(Tea), null)))
            .ExpectProblemAsync(HttpStatusCode.PreconditionRequired);
        await (await admin.SendAsync(Put("/api/channels/lazada/categories/tourism", Api.JsonBody(Tea), etag)))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await admin.SendAsync(Put("/api/channels/postmart/categories/spices", Api.JsonBody(Tea), etag)))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "group");
        await (await admin.SendAsync(Put(url, Api.JsonBody("""{"categoryId":"","categoryName":"Trà"}"""), etag)))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "categoryId");
        await (await admin.SendAsync(Put(url, Api.JsonBody("""{"categoryId":"PM-TRA","""), etag)))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.SendAsync(Put(url, new StringContent("PM-TRA", Encoding.UTF8, "text/plain"), etag)))
            .ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        var unchanged = await producer.GetAsync("/api/channels/postmart/categories");
        Assert.Equal(etag, unchanged.Etag());

        var edited = await admin.SendAsync(Put(url, Api.JsonBody(Tea), etag));
        var after = await edited.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("PM-TRA", Group(after, "tourism")["categoryId"]!.GetValue<string>());
        Assert.NotEqual(etag, edited.Etag());
        await (await admin.SendAsync(Put(url, Api.JsonBody(Tea), etag)))
            .ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        var seen = await (await producer.GetAsync("/api/channels/postmart/categories")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Trà", Group(seen, "tourism")["categoryName"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_new_category_for_a_group_re_syncs_its_live_listings_on_that_channel_only()
    {
        var (producer, _, productId) = await fixture.PublishedProductAsync();
        await SyndicateAsync(producer, productId, "voso", "postmart");
        await UntilAsync(producer, productId, "live", "voso", "postmart");

        var admin = fixture.App.Client();
        var read = await admin.GetAsync("/api/channels/voso/categories");
        await read.ExpectAsync(HttpStatusCode.OK);
        var body = new JsonObject { ["categoryId"] = "VS-1003", ["categoryName"] = "Trà và đồ uống" };
        await (await admin.SendAsync(Put("/api/channels/voso/categories/beverages", Api.JsonBody(body), read.Etag())))
            .ExpectAsync(HttpStatusCode.OK);

        var voso = await ListingUntilAsync("voso", productId,
            l => l["body"]!["categoryId"]!.GetValue<string>() == "VS-1003", "voso to list the tea under VS-1003");
        Assert.True(voso["updates"]!.GetValue<int>() >= 1);
        // postmart's lookup did not change: its listing is left as it was.
        await Eventually.StaysAsync(() => ListingAsync("postmart", productId), l => l["updates"]!.GetValue<int>() == 0,
            TimeSpan.FromSeconds(1.5), "postmart's listing untouched");
        var settings = await (await producer.GetAsync($"/api/products/{productId}/syndications/voso/settings"))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("mapping", settings["effective"]!["categorySource"]!.GetValue<string>());
        Assert.Equal("Trà và đồ uống", settings["effective"]!["categoryName"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_producers_overrides_reach_the_marketplace_and_clearing_them_restores_the_mapping()
    {
        var (producer, _, productId) = await fixture.PublishedProductAsync();
        await SyndicateAsync(producer, productId, "postmart");
        await UntilAsync(producer, productId, "live", "postmart");
        var url = $"/api/products/{productId}/syndications/postmart/settings";

        var read = await producer.GetAsync(url);
        var shown = await read.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("PM-DOUONG", shown["effective"]!["categoryId"]!.GetValue<string>());
        Assert.Equal(350000, shown["effective"]!["priceVnd"]!.GetValue<long>());
        Assert.Equal("product", shown["effective"]!["priceSource"]!.GetValue<string>());
        // The simulator knows only its own category codes: an herbal tea may go under medicinal herbs.
        var own = new JsonObject { ["categoryId"] = "PM-DUOCLIEU", ["priceVnd"] = 299000 };
        await (await producer.SendAsync(Put(url, Api.JsonBody(own), null)))
            .ExpectProblemAsync(HttpStatusCode.PreconditionRequired);

        var set = await producer.SendAsync(Put(url, Api.JsonBody(own), read.Etag()));
        var after = await set.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("override", after["effective"]!["categorySource"]!.GetValue<string>());
        var listing = await ListingUntilAsync("postmart", productId,
            l => l["body"]!["categoryCode"]!.GetValue<string>() == "PM-DUOCLIEU", "postmart to list under PM-DUOCLIEU");
        Assert.Equal(299000, listing["body"]!["salePrice"]!.GetValue<long>());

        // Stale, bad and foreign edits are refused and change nothing.
        await (await producer.SendAsync(Put(url, Api.JsonBody(own), read.Etag())))
            .ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        foreach (var bad in new[] { """{"priceVnd":0}""", """{"priceVnd":12.5}""", """{"categoryId":"<b>"}""" })
            await (await producer.SendAsync(Put(url, Api.JsonBody(bad), set.Etag())))
                .ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await producer.SendAsync(Put(url, new StringContent("{}", Encoding.UTF8, "text/plain"), set.Etag())))
            .ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        var (stranger, _, _) = await fixture.PublishedProductAsync();
        await (await stranger.GetAsync(url)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.SendAsync(Put(url, Api.JsonBody("""{"priceVnd":1000}"""), set.Etag())))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        var still = await producer.GetAsync(url);
        Assert.Equal(set.Etag(), still.Etag());
        Assert.Equal(299000, (await still.ExpectAsync(HttpStatusCode.OK))["priceVnd"]!.GetValue<long>());

        var clear = new JsonObject { ["categoryId"] = null, ["priceVnd"] = null };
        var cleared = await (await producer.SendAsync(Put(url, Api.JsonBody(clear), set.Etag())))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.False(cleared.ContainsKey("priceVnd"));
        Assert.Equal("mapping", cleared["effective"]!["categorySource"]!.GetValue<string>());
        await ListingUntilAsync("postmart", productId, l => l["body"]!["categoryCode"]!.GetValue<string>() ==
            "PM-DOUONG" && l["body"]!["salePrice"]!.GetValue<long>() == 350000, "postmart back to the mapping");
    }

    [Fact]
    public async Task A_price_override_within_a_channels_bounds_makes_the_product_ready_there()
    {
        var (producer, _, productId) = await fixture.PublishedProductAsync(p => p["priceVnd"] = 200_000_000);
        var refused = await producer.PostAsync($"/api/products/{productId}/syndications",
            Api.JsonBody("""{"channels":["shopee"]}"""));
        await refused.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "shopee.price");

        var url = $"/api/products/{productId}/syndications/shopee/settings";
        var read = await producer.GetAsync(url);
        await read.ExpectAsync(HttpStatusCode.OK);
        await (await producer.SendAsync(Put(url, Api.JsonBody("""{"priceVnd":99000000}"""), read.Etag())))
            .ExpectAsync(HttpStatusCode.OK);
        var readiness = await (await producer.GetAsync($"/api/products/{productId}/syndications/readiness"))
            .ExpectArrayAsync();
        Assert.True(readiness.Single(r => r!["channel"]!.GetValue<string>() == "shopee")!["ready"]!.GetValue<bool>());

        await SyndicateAsync(producer, productId, "shopee");
        await UntilAsync(producer, productId, "live", "shopee");
        var listing = await ListingAsync("shopee", productId);
        Assert.Equal(99_000_000, listing["body"]!["original_price"]!.GetValue<long>());
    }
}

using System.Net;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;
using static OcopTrade.Tests.Syndication.SyndicationFixture;

namespace OcopTrade.Tests.Syndication;

/// <summary>Readiness before sending, through the API: a product that misses a marketplace's requirements is refused
/// with each one named per channel, and nothing is queued. The fixture's marketplaces take listings without photos,
/// as its readiness does; <see cref="PhotoReadinessTests"/> covers photos on an app that asks for them.</summary>
[Collection("Marketplace simulator")]
public class ReadinessApiTests(SyndicationFixture fixture) : IClassFixture<SyndicationFixture>
{
    private static JsonObject Checklist(JsonArray readiness, string channel) =>
        readiness.OfType<JsonObject>().Single(r => r["channel"]!.GetValue<string>() == channel);

    private static List<string> Unmet(JsonArray readiness, string channel) =>
        Checklist(readiness, channel)["checks"]!.AsArray().OfType<JsonObject>()
            .Where(c => !c["met"]!.GetValue<bool>()).Select(c => c["requirement"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task A_request_naming_unmet_requirements_per_channel_is_refused_and_queues_nothing()
    {
        var (producer, _, productId) = await fixture.PublishedProductAsync(p =>
        {
            p["name"] = "Chè ngon"; // shopee wants 10 characters
            p["description"] = "Chè ngon lắm nhé"; // postmart takes 10, voso and shopee want 20
            p["gtin"] = null; // shopee wants a GTIN on drinks
        });
        var response = await producer.PostAsync($"/api/products/{productId}/syndications",
            Api.JsonBody("""{"channels":["voso","postmart","shopee"]}"""));
        var problem = await response.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "voso.description");
        var keys = problem["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["shopee.description", "shopee.gtin", "shopee.title", "voso.description"], keys);
        Assert.Contains("20", problem["errors"]!["voso.description"]![0]!.GetValue<string>());

        // Longer than the queue's polling interval: a job would have written a record by now.
        await Eventually.StaysAsync(() => StatusAsync(producer, productId), s => s.Count == 0,
            TimeSpan.FromSeconds(1.5), "no channel record after a refused request");
        Assert.DoesNotContain(await fixture.Simulator.ListingsAsync("postmart"),
            l => l!["sku"]!.GetValue<string>() == "OCOP-" + productId.ToUpperInvariant());

        // The channel that is ready goes on its own.
        await SyndicateAsync(producer, productId, "postmart");
        await UntilAsync(producer, productId, "live", "postmart");
    }

    [Fact]
    public async Task Readiness_answers_a_checklist_for_every_channel()
    {
        var (producer, _, productId) = await fixture.PublishedProductAsync(p => p["priceVnd"] = 200_000_000);
        var readiness = await (await producer.GetAsync($"/api/products/{productId}/syndications/readiness"))
            .ExpectArrayAsync();
        Assert.Equal(["voso", "postmart", "shopee"], readiness.Select(r => r!["channel"]!.GetValue<string>()));
        Assert.True(Checklist(readiness, "voso")["ready"]!.GetValue<bool>());
        Assert.False(Checklist(readiness, "shopee")["ready"]!.GetValue<bool>());
        Assert.Equal(["price"], Unmet(readiness, "shopee"));
        var price = Checklist(readiness, "shopee")["checks"]!.AsArray().Single(c =>
            c!["requirement"]!.GetValue<string>() == "price")!;
        Assert.Contains("120.000.000", price["detail"]!.GetValue<string>());

        // Another producer's product is not there at all.
        var (stranger, _, _) = await fixture.PublishedProductAsync();
        await (await stranger.GetAsync($"/api/products/{productId}/syndications/readiness"))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}

/// <summary>On an app whose marketplaces require photos (the default), a product without one is not ready
/// anywhere.</summary>
[Collection(SharedAppCollection.Name)]
public class PhotoReadinessTests(SharedApp shared)
{
    [Fact]
    public async Task A_product_without_a_photo_is_refused_for_every_channel_asked()
    {
        var admin = shared.App.Client();
        var producer = shared.App.Client(await admin.ProducerKeyAsync(await admin.CreateProducerAsync()));
        var productId = await ProductAsync(producer);
        var problem = await (await producer.PostAsync($"/api/products/{productId}/syndications",
            Api.JsonBody("""{"channels":["voso","shopee"]}"""))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["shopee.photos", "voso.photos"],
            problem["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Empty(await StatusAsync(producer, productId));
        var readiness = await (await producer.GetAsync($"/api/products/{productId}/syndications/readiness")).ExpectArrayAsync();
        Assert.All(readiness, r => Assert.False(r!["ready"]!.GetValue<bool>()));
    }
}

internal static class ArrayResponses
{
    public static async Task<JsonArray> ExpectArrayAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsArray();
    }
}

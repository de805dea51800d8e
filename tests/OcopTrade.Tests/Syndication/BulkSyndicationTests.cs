using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OcopTrade.Functions.Syndication;
using OcopTrade.Tests.Support;
using static OcopTrade.Tests.Syndication.SyndicationFixture;

namespace OcopTrade.Tests.Syndication;

/// <summary>Pages of two products, so even a small producer's action runs over several messages.</summary>
public sealed class BulkSyndicationFixture : SyndicationFixture
{
    protected override void Configure(OcopApp app) => app.Set("Syndication:BulkPageSize", "2");
}

/// <summary>Bulk actions over Azurite and the marketplace simulator: sending every ready product, retrying every
/// listing that needs attention, and following the progress until done.</summary>
[Collection("Marketplace simulator")]
public class BulkSyndicationTests(BulkSyndicationFixture fixture) : IClassFixture<BulkSyndicationFixture>
{
    private const string ShortDescription = "Chè ngon lắm"; // voso wants 20 characters

    private static Task<HttpResponseMessage> StartAsync(
        HttpClient client, string path, string body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Api.JsonBody(body) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request);
    }

    private static async Task<string> StartedAsync(HttpClient client, string path, string body, string? key = null)
    {
        var response = await StartAsync(client, path, body, key);
        var started = await response.ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal("/api/bulk-syndications/" + started["id"]!.GetValue<string>(),
            response.Headers.Location!.ToString());
        return response.Headers.Location!.ToString();
    }

    private static Task<JsonObject> DoneAsync(HttpClient client, string location) =>
        Eventually.HoldsAsync(async () => await (await client.GetAsync(location)).ExpectAsync(HttpStatusCode.OK),
            p => p["state"]!.GetValue<string>() == "done", TimeSpan.FromSeconds(60), "the bulk action to be done");

    private static int Count(JsonObject progress, string name) => progress[name]!.GetValue<int>();

    private async Task<(HttpClient Producer, string ProducerId, List<string> Ready, List<string> NotReady)>
        ProducerWithProductsAsync(int ready, int notReady, string province = "Lai Châu")
    {
        var admin = fixture.App.Client();
        var producerId = await admin.CreateProducerAsync(province);
        var producer = fixture.App.Client(await admin.ProducerKeyAsync(producerId));
        var readyIds = new List<string>();
        for (var i = 0; i < ready; i++) readyIds.Add(await ProductAsync(producer));
        var notReadyIds = new List<string>();
        for (var i = 0; i < notReady; i++)
            notReadyIds.Add(await ProductAsync(producer, p => p["description"] = ShortDescription));
        return (producer, producerId, readyIds, notReadyIds);
    }

    [Fact]
    public async Task Sending_ready_products_queues_exactly_those_and_the_progress_ends_with_the_counts_and_reasons()
    {
        var (producer, producerId, ready, notReady) = await ProducerWithProductsAsync(3, 2);
        // A draft is no candidate for any marketplace: not counted, not skipped.
        var draft = await (await producer.PostAsync("/api/products", Api.JsonBody(Api.Product())))
            .ExpectAsync(HttpStatusCode.Created);

        var location = await StartedAsync(producer, $"/api/producers/{producerId}/bulk-syndications",
            """{"action":"sendReady","channel":"voso"}""");
        var progress = await DoneAsync(producer, location);

        Assert.Equal((5, 5, 3, 0, 2, 0), (Count(progress, "total"), Count(progress, "processed"),
            Count(progress, "queued"), Count(progress, "unchanged"), Count(progress, "skipped"),
            Count(progress, "failed")));
        var skipped = progress["skippedProducts"]!.AsArray().OfType<JsonObject>().ToList();
        Assert.Equal(notReady.Order(), skipped.Select(s => s["productId"]!.GetValue<string>()).Order());
        Assert.All(skipped, s =>
        {
            Assert.Equal("voso", s["channel"]!.GetValue<string>());
            Assert.Equal(["description"], s["unmet"]!.AsArray().Select(u => u!["requirement"]!.GetValue<string>()));
            Assert.Contains("20", s["unmet"]![0]!["detail"]!.GetValue<string>());
        });

        foreach (var id in ready) await UntilAsync(producer, id, "live", "voso");
        foreach (var id in notReady.Append(draft["id"]!.GetValue<string>()))
            Assert.Empty(await StatusAsync(producer, id));
    }

    [Fact]
    public async Task Retrying_attention_requeues_only_the_listings_that_need_it()
    {
        var (producer, producerId, products, _) = await ProducerWithProductsAsync(3, 0);
        foreach (var id in products) await SyndicateAsync(producer, id, "voso", "postmart");
        foreach (var id in products) await UntilAsync(producer, id, "live", "voso", "postmart");
        var store = fixture.App.Services.GetRequiredService<SyndicationStore>();
        var now = DateTimeOffset.UtcNow;
        await store.UpdateAsync(products[0], "voso", r => r!.Moving(SyndicationState.NeedsAttention,
            "Không đăng được sau 5 lần thử; cần kiểm tra.", now), CancellationToken.None);
        await store.UpdateAsync(products[1], "postmart", r => r!.Moving(SyndicationState.NeedsAttention,
            "Không đăng được sau 5 lần thử; cần kiểm tra.", now), CancellationToken.None);
        await store.UpdateAsync(products[2], "voso", r => r!.Moving(SyndicationState.Rejected,
            "voso.vn từ chối sản phẩm.", now), CancellationToken.None);
        var before = await StatusAsync(producer, products[2]);

        // One channel: only its listing needing attention is retried.
        var location = await StartedAsync(producer, $"/api/producers/{producerId}/bulk-syndications",
            """{"action":"retryAttention","channel":"voso"}""");
        var progress = await DoneAsync(producer, location);
        Assert.Equal((3, 1, 0), (Count(progress, "processed"), Count(progress, "queued"), Count(progress, "skipped")));
        await UntilAsync(producer, products[0], "live", "voso");
        Assert.Equal("needsAttention", State(await StatusAsync(producer, products[1]), "postmart"));

        // Every channel: the other one too; a listing the marketplace refused is not a listing needing attention.
        progress = await DoneAsync(producer, await StartedAsync(producer,
            $"/api/producers/{producerId}/bulk-syndications", """{"action":"retryAttention"}"""));
        Assert.Equal(1, Count(progress, "queued"));
        await UntilAsync(producer, products[1], "live", "postmart");
        Assert.Equal(before.ToJsonString(), (await StatusAsync(producer, products[2])).ToJsonString());
    }

    [Fact]
    public async Task A_repeated_idempotency_key_answers_the_same_bulk_action_and_a_reused_one_is_refused()
    {
        var (producer, producerId, ready, _) = await ProducerWithProductsAsync(1, 0);
        var path = $"/api/producers/{producerId}/bulk-syndications";
        var body = """{"action":"sendReady","channel":"postmart"}""";
        var first = await StartedAsync(producer, path, body, "double-tap-1");
        var second = await StartedAsync(producer, path, body, "double-tap-1");
        Assert.Equal(first, second);
        Assert.Equal(1, Count(await DoneAsync(producer, first), "queued"));
        await UntilAsync(producer, ready[0], "live", "postmart");

        await (await StartAsync(producer, path, """{"action":"sendReady","channel":"voso"}""", "double-tap-1"))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "Idempotency-Key");
    }

    [Fact]
    public async Task Bad_requests_are_refused_naming_the_field_and_start_nothing()
    {
        var (producer, producerId, _, _) = await ProducerWithProductsAsync(0, 0);
        var path = $"/api/producers/{producerId}/bulk-syndications";
        await (await StartAsync(producer, path, """{"action":"sendReady"}"""))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "channel");
        await (await StartAsync(producer, path, """{"action":"publishAll","channel":"voso"}"""))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "action");
        await (await StartAsync(producer, path, """{"action":"sendReady","channel":"lazada"}"""))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "channel");
        await (await StartAsync(producer, path, """{"action":"sendReady","""))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        var text = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent("action=sendReady", System.Text.Encoding.UTF8, "text/plain"),
        };
        await (await producer.SendAsync(text)).ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await (await StartAsync(producer, path, """{"action":"sendReady","channel":"voso"}""", "bad key"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "Idempotency-Key");
    }

    [Fact]
    public async Task A_redelivered_page_queues_nothing_twice()
    {
        var (producer, producerId, ready, _) = await ProducerWithProductsAsync(2, 0);
        var location = await StartedAsync(producer, $"/api/producers/{producerId}/bulk-syndications",
            """{"action":"sendReady","channel":"voso"}""");
        var done = await DoneAsync(producer, location);
        foreach (var id in ready) await UntilAsync(producer, id, "live", "voso");
        var listings = await Task.WhenAll(ready.Select(id => StatusAsync(producer, id)));
        var bulkId = location[(location.LastIndexOf('/') + 1)..];

        // The first page's message again, after it was counted: nothing is processed or counted again.
        await fixture.App.RunFunctionAsync("ProcessBulkSyndication", $$"""{"bulkId":"{{bulkId}}","page":0}""");
        var redelivered = await (await producer.GetAsync(location)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(done.ToJsonString(), redelivered.ToJsonString());

        // A crash after queuing the page's jobs but before counting it: the page runs again from the checkpoint, and
        // every channel already holds this version, so no job is queued twice.
        var bulks = fixture.App.Services.GetRequiredService<BulkSyndicationStore>();
        var (bulk, etag) = (await bulks.FindAsync(bulkId, CancellationToken.None))!.Value;
        Assert.True(await bulks.TryCheckpointAsync(bulk with
        {
            State = BulkState.Running,
            Page = 0,
            ContinuationToken = null,
            Processed = 0,
            Queued = 0,
            Unchanged = 0,
        }, etag, CancellationToken.None));
        await fixture.App.RunFunctionAsync("ProcessBulkSyndication", $$"""{"bulkId":"{{bulkId}}","page":0}""");
        var again = await (await producer.GetAsync(location)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((2, 0, 2), (Count(again, "processed"), Count(again, "queued"), Count(again, "unchanged")));
        for (var i = 0; i < ready.Count; i++)
            Assert.Equal(listings[i].ToJsonString(), (await StatusAsync(producer, ready[i])).ToJsonString());
    }

    [Fact]
    public async Task Another_callers_bulk_action_is_not_found_and_another_producer_cannot_start_one_for_you()
    {
        var (producer, producerId, _, _) = await ProducerWithProductsAsync(1, 0);
        var (stranger, strangerId, _, _) = await ProducerWithProductsAsync(0, 0);
        var location = await StartedAsync(producer, $"/api/producers/{producerId}/bulk-syndications",
            """{"action":"sendReady","channel":"shopee"}""");
        await DoneAsync(producer, location);

        await (await stranger.GetAsync(location)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await fixture.App.Client().GetAsync(location)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await StartAsync(stranger, $"/api/producers/{producerId}/bulk-syndications",
            """{"action":"sendReady","channel":"voso"}""")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.GetAsync("/api/bulk-syndications/nosuchbulk01"))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await StartAsync(stranger, $"/api/provinces/{Uri.EscapeDataString("Lai Châu")}/bulk-syndications",
            """{"action":"sendReady","channel":"voso"}""")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.NotEqual(producerId, strangerId);
    }

    [Fact]
    public async Task A_department_sends_the_ready_products_of_its_own_province_only()
    {
        const string province = "Tỉnh Điện Biên";
        var (producer, _, ready, notReady) = await ProducerWithProductsAsync(2, 1, province);
        var (elsewhere, _, outside, _) = await ProducerWithProductsAsync(1, 0, "Hà Giang");
        var admin = fixture.App.Client();
        var department = fixture.App.Client(await admin.IssueKeyAsync(
            new JsonObject { ["role"] = "department", ["province"] = "Điện Biên" }));

        var location = await StartedAsync(department,
            $"/api/provinces/{Uri.EscapeDataString(province)}/bulk-syndications",
            """{"action":"sendReady","channel":"voso"}""");
        var progress = await DoneAsync(department, location);
        Assert.Equal((3, 2, 1), (Count(progress, "total"), Count(progress, "queued"), Count(progress, "skipped")));
        Assert.Equal("Tỉnh Điện Biên", progress["province"]!.GetValue<string>());
        foreach (var id in ready) await UntilAsync(producer, id, "live", "voso");
        Assert.Empty(await StatusAsync(producer, notReady[0]));
        Assert.Empty(await StatusAsync(elsewhere, outside[0]));

        await (await StartAsync(department, $"/api/provinces/{Uri.EscapeDataString("Hà Giang")}/bulk-syndications",
            """{"action":"sendReady","channel":"voso"}""")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        // The producer's own progress address is not the department's, nor the department's the producer's.
        await (await producer.GetAsync(location)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}

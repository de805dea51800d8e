using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using OcopTrade.Functions.Revenue;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Hardening;

/// <summary>Azurite stopped in the middle of writes and of an import, then started again (its data kept on disk,
/// like real storage after an outage): clients that retry as told (503 + Retry-After) lose nothing, nothing is
/// counted twice, and the roll-ups equal a rebuild.</summary>
public class StorageFaultTests : OwnAppTests
{
    protected override bool PersistentStorage => true;

    /// <summary>A till or portal that resends the same request (same id or Idempotency-Key) until it gets an answer.</summary>
    private static async Task<HttpStatusCode> UntilAnsweredAsync(Func<Task<HttpResponseMessage>> send)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var response = await send();
                if (response.StatusCode != HttpStatusCode.ServiceUnavailable) return response.StatusCode;
                Assert.NotNull(response.Headers.RetryAfter);
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (attempt > 200) throw new Xunit.Sdk.XunitException("Never answered.");
            await Task.Delay(150);
        }
    }

    [Fact]
    public async Task Writes_during_an_outage_are_each_recorded_once_when_clients_retry()
    {
        var admin = App.Client();
        var producerId = await admin.CreateProducerAsync();
        var producer = App.Client(await admin.ProducerKeyAsync(producerId));
        const int entries = 40, products = 10;
        var started = 0;

        var writes = Enumerable.Range(0, entries).Select(i => Task.Run(() => UntilAnsweredAsync(() =>
        {
            Interlocked.Increment(ref started);
            return producer.PostAsync("/api/revenue", Api.JsonBody(Victim.Revenue(producerId, $"outage-{i}").Also(e => e["amountVnd"] = 10_000 + i)));
        }))).Concat(Enumerable.Range(0, products).Select(i => Task.Run(() => UntilAnsweredAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/products") { Content = Api.JsonBody(Api.Product()) };
            request.Headers.Add("Idempotency-Key", $"outage-product-{i}");
            return producer.SendAsync(request);
        })))).ToList();

        await Eventually.HoldsAsync(() => Task.FromResult(Volatile.Read(ref started)), n => n >= 10, because: "writes under way");
        await Storage.StopAsync();
        // The outage lasts until the app itself has seen it: its health check answers 503.
        await Eventually.HoldsAsync(async () => (await App.Client().GetAsync("/api/health")).StatusCode,
            status => status == HttpStatusCode.ServiceUnavailable, because: "the app to see storage down");
        await Storage.StartAgainAsync();
        var statuses = await Task.WhenAll(writes);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Created or HttpStatusCode.OK, s.ToString()));

        var stored = await RevenueTruth.EntriesAsync(admin, producerId);
        Assert.Equal(entries, stored.Count);
        Assert.Equal(entries, stored.Select(e => e.Id).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, entries).Sum(i => 10_000L + i), stored.Sum(e => e.Amount));
        var listed = JsonNode.Parse(await (await producer.GetAsync("/api/products")).Content.ReadAsStringAsync())!["items"]!.AsArray();
        Assert.Equal(products, listed.Count);
        await RevenueTruth.AssertRollupsEqualRebuildAsync(admin, Victim.Province, producerId, 2025);
    }

    [Fact]
    public async Task An_import_interrupted_by_an_outage_finishes_with_every_row_once()
    {
        var admin = App.Client();
        var producerId = await admin.CreateProducerAsync();
        var producer = App.Client(await admin.ProducerKeyAsync(producerId));
        // Imports write 100 rows a transaction and report progress twice a second: it takes thousands of rows
        // for the fault to land while one is still running.
        const int rows = 12_000;
        var upload = await producer.PostAsync("/api/revenue/imports", new StringContent(RevenueTruth.ImportCsv(producerId, "imp", rows), Encoding.UTF8, "text/csv"));
        var importId = (await upload.ExpectAsync(HttpStatusCode.Accepted))["id"]!.GetValue<string>();

        var midway = await Eventually.HoldsAsync(async () => await (await producer.GetAsync($"/api/revenue/imports/{importId}")).ReadObjectAsync(),
            s => s["processedRows"]!.GetValue<int>() >= 50 || s["status"]!.GetValue<string>() == "completed", because: "the import is under way");
        Assert.Equal("running", midway["status"]!.GetValue<string>()); // the fault really lands mid-import
        await Storage.StopAsync();
        // The outage lasts until the app itself has seen it: its health check answers 503.
        await Eventually.HoldsAsync(async () => (await App.Client().GetAsync("/api/health")).StatusCode,
            status => status == HttpStatusCode.ServiceUnavailable, because: "the app to see storage down");
        await Storage.StartAgainAsync();
        // Once the host has fetched a message, the queue hides it for 10 minutes (the WebJobs listener's lease, renewed
        // while the function runs). When the outage also refused the host's release of the failed run, the message
        // comes back only then. It is delivered again now, as the queue would do then; the import is idempotent.
        await ImportQueue().SendMessageAsync(ImportMessage(importId));

        var done = await Eventually.HoldsAsync(async () =>
            {
                // Until storage answers again the app says 503 (a problem whose status is a number): keep asking.
                try
                {
                    var response = await producer.GetAsync($"/api/revenue/imports/{importId}");
                    return response.StatusCode == HttpStatusCode.OK
                        ? await response.ReadObjectAsync()
                        : new JsonObject { ["status"] = "unreachable" };
                }
                catch (System.Text.Json.JsonException) { return new JsonObject { ["status"] = "unreachable" }; }
            },
            s => s["status"]!.GetValue<string>() == "completed", TimeSpan.FromSeconds(60), "the import completes after the outage");
        Assert.Equal(rows, done["recordedRows"]!.GetValue<int>());
        var stored = await RevenueTruth.EntriesAsync(admin, producerId);
        Assert.Equal(rows, stored.Select(e => e.Id).Distinct().Count());
        Assert.Equal(rows, stored.Count);
        Assert.Equal(RevenueTruth.ImportTotal(rows), stored.Sum(e => e.Amount));
        await RevenueTruth.AssertRollupsEqualRebuildAsync(admin, Victim.Province, producerId, 2025);
    }

    private QueueClient ImportQueue() => new QueueServiceClient(Storage.ConnectionString,
        new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }).GetQueueClient(RevenueImports.Queue);

    private static string ImportMessage(string importId) => $$"""{"importId":"{{importId}}"}""";

    [Fact]
    public async Task A_queue_full_of_duplicate_messages_changes_nothing_twice()
    {
        var admin = App.Client();
        var producerId = await admin.CreateProducerAsync();
        var producer = App.Client(await admin.ProducerKeyAsync(producerId));
        var upload = await producer.PostAsync("/api/revenue/imports", new StringContent(RevenueTruth.ImportCsv(producerId, "dup", 30), Encoding.UTF8, "text/csv"));
        var importId = (await upload.ExpectAsync(HttpStatusCode.Accepted))["id"]!.GetValue<string>();
        await Eventually.HoldsAsync(async () => (await (await producer.GetAsync($"/api/revenue/imports/{importId}")).ReadObjectAsync())["status"]!.GetValue<string>(),
            s => s == "completed", because: "the import completes");

        var queue = ImportQueue();
        await Task.WhenAll(Enumerable.Range(0, 25).Select(_ => queue.SendMessageAsync(ImportMessage(importId))));
        await Eventually.HoldsAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount, n => n == 0, because: "the duplicates are consumed");
        await Eventually.HoldsAsync(async () => (await (await producer.GetAsync($"/api/revenue/imports/{importId}")).ReadObjectAsync())["status"]!.GetValue<string>(),
            s => s == "completed", because: "the last duplicate finishes");

        var stored = await RevenueTruth.EntriesAsync(admin, producerId);
        Assert.Equal(30, stored.Count);
        Assert.Equal(RevenueTruth.ImportTotal(30), stored.Sum(e => e.Amount));
        await RevenueTruth.AssertRollupsEqualRebuildAsync(admin, Victim.Province, producerId, 2025);
    }
}

internal static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject node, Action<JsonObject> change) { change(node); return node; }
}

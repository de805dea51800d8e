using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Images;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Hardening;

/// <summary>The worker killed (SIGKILL) in the middle of an import and of photo processing, as Azure sees a worker
/// crash: the host's invocations fail, their messages become visible again (visibilityTimeout, 0 here), and the
/// restarted worker takes them: the work completes exactly once.</summary>
public class ProcessCrashTests : IAsyncLifetime
{
    private Azurite _storage = null!;

    public async Task InitializeAsync() => _storage = await Azurite.StartAsync();

    public async Task DisposeAsync() => await _storage.DisposeAsync();

    [Fact]
    public async Task An_import_whose_worker_is_killed_midway_completes_on_the_restarted_worker_with_every_row_once()
    {
        // Imports write 100 rows a transaction and report progress twice a second: it takes thousands of rows
        // for the fault to land while one is still running.
        const int rows = 12_000;
        await using var app = await AppProcess.StartAsync(_storage, Azurite.FreePort());
        var admin = app.Client();
        var producerId = await admin.CreateProducerAsync();
        var csv = new StringContent(RevenueTruth.ImportCsv(producerId, "crash", rows), Encoding.UTF8, "text/csv");
        var upload = await admin.PostAsync("/api/revenue/imports", csv);
        var importId = (await upload.ExpectAsync(HttpStatusCode.Accepted))["id"]!.GetValue<string>();
        async Task<JsonObject> Status() =>
            await (await admin.GetAsync($"/api/revenue/imports/{importId}")).ReadObjectAsync();
        var midway = await Eventually.HoldsAsync(Status,
            s => s["processedRows"]!.GetValue<int>() >= 50 || s["status"]!.GetValue<string>() == "completed",
            because: "the import is under way");
        Assert.Equal("running", midway["status"]!.GetValue<string>());
        // Rows of the killed attempt are stored already: the rerun must neither lose nor repeat them.
        await app.KillWorkerAsync();

        var done = await Eventually.HoldsAsync(Status, s => s["status"]!.GetValue<string>() == "completed",
            TimeSpan.FromSeconds(60), "the import completes on the restarted worker");
        Assert.Equal(rows, done["recordedRows"]!.GetValue<int>());
        var stored = await RevenueTruth.EntriesAsync(admin, producerId);
        Assert.Equal(rows, stored.Count);
        Assert.Equal(rows, stored.Select(e => e.Id).Distinct().Count());
        Assert.Equal(RevenueTruth.ImportTotal(rows), stored.Sum(e => e.Amount));
        await RevenueTruth.AssertRollupsEqualRebuildAsync(admin, Victim.Province, producerId, 2025);
    }

    [Fact]
    public async Task Photos_whose_worker_is_killed_mid_processing_are_each_made_ready_once_by_the_restarted_worker()
    {
        const int photos = 6;
        await using var app = await AppProcess.StartAsync(_storage, Azurite.FreePort());
        var admin = app.Client();
        var producer = app.Client(await admin.ProducerKeyAsync(await admin.CreateProducerAsync()));
        var created = await producer.PostAsync("/api/products", Api.JsonBody(Api.Product()));
        var productId = (await created.ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var bytes = TestImages.Jpeg(2400, 1800);
        for (var i = 0; i < photos; i++)
        {
            var upload = await producer.PostAsync($"/api/products/{productId}/images", Victim.Photo(bytes));
            await upload.ExpectAsync(HttpStatusCode.Accepted);
        }
        async Task<JsonArray> Images() =>
            JsonNode.Parse(await producer.GetStringAsync($"/api/products/{productId}/images"))!.AsArray();
        // The kill lands on unfinished work.
        Assert.Contains(await Images(), i => i!["status"]!.GetValue<string>() == "pending");
        await app.KillWorkerAsync();

        var images = await Eventually.HoldsAsync(Images,
            l => l.All(i => i!["status"]!.GetValue<string>() != "pending"), TimeSpan.FromSeconds(90),
            "every photo is processed");
        Assert.Equal(photos, images.Count);
        Assert.All(images, i => Assert.Equal("ready", i!["status"]!.GetValue<string>()));
        var renditionCounts = images.Select(i => i!["renditions"]!.AsArray().Count).Distinct().ToList();
        Assert.Single(renditionCounts); // each photo has its full set, none doubled
        Assert.All(images, i => Assert.Equal(i!["renditions"]!.AsArray().Count,
            i["renditions"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).Distinct().Count()));
    }
}

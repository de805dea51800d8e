using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Images;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Hardening;

/// <summary>The app killed (SIGKILL) in the middle of an import and of photo processing, and another instance
/// started: the abandoned messages come back when their lease ends and the work completes exactly once.</summary>
public class ProcessCrashTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);
    private Azurite _storage = null!;

    public async Task InitializeAsync() => _storage = await Azurite.StartAsync();

    public async Task DisposeAsync() => await _storage.DisposeAsync();

    [Fact]
    public async Task An_import_killed_midway_completes_on_the_next_instance_with_every_row_once()
    {
        var port = Azurite.FreePort();
        // Imports write 100 rows a transaction and report progress twice a second: it takes thousands of rows
        // for the fault to land while one is still running.
        const int rows = 12_000;
        string producerId, importId;
        await using (var first = await AppProcess.StartAsync(_storage, port, Lease))
        {
            var admin = first.Client();
            producerId = await admin.CreateProducerAsync();
            var upload = await admin.PostAsync("/api/revenue/imports", new StringContent(RevenueTruth.ImportCsv(producerId, "crash", rows), Encoding.UTF8, "text/csv"));
            importId = (await upload.ExpectAsync(HttpStatusCode.Accepted))["id"]!.GetValue<string>();
            var midway = await Eventually.HoldsAsync(async () => await (await admin.GetAsync($"/api/revenue/imports/{importId}")).ReadObjectAsync(),
                s => s["processedRows"]!.GetValue<int>() >= 50 || s["status"]!.GetValue<string>() == "completed", because: "the import is under way");
            Assert.Equal("running", midway["status"]!.GetValue<string>());
            await first.KillAsync();
        }

        await using var second = await AppProcess.StartAsync(_storage, port, Lease);
        var client = second.Client();
        var done = await Eventually.HoldsAsync(async () => await (await client.GetAsync($"/api/revenue/imports/{importId}")).ReadObjectAsync(),
            s => s["status"]!.GetValue<string>() == "completed", TimeSpan.FromSeconds(60), "the import completes on the new instance");
        Assert.Equal(rows, done["recordedRows"]!.GetValue<int>());
        var stored = await RevenueTruth.EntriesAsync(client, producerId);
        Assert.Equal(rows, stored.Count);
        Assert.Equal(rows, stored.Select(e => e.Id).Distinct().Count());
        Assert.Equal(RevenueTruth.ImportTotal(rows), stored.Sum(e => e.Amount));
        await RevenueTruth.AssertRollupsEqualRebuildAsync(client, Victim.Province, producerId, 2025);
    }

    [Fact]
    public async Task Photos_whose_processing_was_killed_are_all_made_ready_once_by_the_next_instance()
    {
        var port = Azurite.FreePort();
        const int photos = 6;
        string productId, key;
        await using (var first = await AppProcess.StartAsync(_storage, port, Lease))
        {
            var admin = first.Client();
            key = await admin.ProducerKeyAsync(await admin.CreateProducerAsync());
            var producer = first.Client(key);
            productId = (await (await producer.PostAsync("/api/products", Api.JsonBody(Api.Product()))).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
            var bytes = TestImages.Jpeg(2400, 1800);
            for (var i = 0; i < photos; i++)
            {
                await (await producer.PostAsync($"/api/products/{productId}/images", Victim.Photo(bytes))).ExpectAsync(HttpStatusCode.Accepted);
            }
            var list = JsonNode.Parse(await (await producer.GetAsync($"/api/products/{productId}/images")).Content.ReadAsStringAsync())!.AsArray();
            Assert.Contains(list, i => i!["status"]!.GetValue<string>() == "pending"); // the kill lands on unfinished work
            await first.KillAsync();
        }

        await using var second = await AppProcess.StartAsync(_storage, port, Lease);
        var owner = second.Client(key);
        var images = await Eventually.HoldsAsync(
            async () => JsonNode.Parse(await (await owner.GetAsync($"/api/products/{productId}/images")).Content.ReadAsStringAsync())!.AsArray(),
            l => l.All(i => i!["status"]!.GetValue<string>() != "pending"), TimeSpan.FromSeconds(90), "every photo is processed");
        Assert.Equal(photos, images.Count);
        Assert.All(images, i => Assert.Equal("ready", i!["status"]!.GetValue<string>()));
        var renditionCounts = images.Select(i => i!["renditions"]!.AsArray().Count).Distinct().ToList();
        Assert.Single(renditionCounts); // each photo has its full set, none doubled
        Assert.All(images, i => Assert.Equal(i!["renditions"]!.AsArray().Count, i["renditions"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).Distinct().Count()));
    }
}

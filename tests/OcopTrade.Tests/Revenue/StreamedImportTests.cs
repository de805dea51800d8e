using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Revenue;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Revenue;

/// <summary>Imports of thousands of rows, read from their stored file in passes and written a chunk at a time
/// (issue #18): all or nothing still means nothing, a crash between chunks leaves no entry twice, and a refused
/// upload leaves no file behind.</summary>
public class StreamedImportTests : ImportAppTests
{
    private const int ChunkRows = 2000;

    /// <summary>Two chunks of plain rows and part of a third.</summary>
    private const int Rows = 2 * ChunkRows + ChunkRows / 4;
    private readonly CrashOnImportBatch _crash = new();

    /// <summary>The app's table client with one extra step, the crash the test arranges; storage is real Azurite.
    /// </summary>
    protected override OcopApp Configure(OcopApp app) =>
        base.Configure(app).Set("Revenue:ImportChunkRows", ChunkRows.ToString()).WithServices(services =>
    {
        var options = new TableClientOptions();
        options.AddPolicy(_crash, HttpPipelinePosition.PerCall);
        services.AddSingleton(new TableServiceClient(Storage.ConnectionString, options));
    });

    private static string Csv(IReadOnlyList<string> producers, int badRow = 0)
    {
        var csv = new StringBuilder("id,producerId,channel,month,amountVnd,quantity,note\r\n");
        for (var i = 1; i <= Rows; i++)
            csv.Append($"s-{i},{producers[i % producers.Count]},fair,{(i == badRow ? "2025-13" : $"2025-{1 + i % 12:D2}")},"
                + $"{1000 + i},1,Hội chợ {i}\r\n");
        return csv.ToString();
    }

    private static long Expected(int producer, int producers) =>
        Enumerable.Range(1, Rows).Where(i => i % producers == producer).Sum(i => 1000L + i);

    private async Task<(HttpClient Admin, HttpClient Department, List<string> Producers)> ArrangeAsync()
    {
        var admin = App.Client();
        var producers = new List<string>();
        for (var i = 0; i < 3; i++) producers.Add(await admin.CreateProducerAsync("Lai Châu"));
        var department = App.Client(await admin.IssueKeyAsync(
            new JsonObject { ["role"] = "department", ["province"] = "Lai Châu" }));
        return (admin, department, producers);
    }

    private static async Task<JsonObject> ImportAsync(HttpClient client, string csv, bool allOrNothing)
    {
        var upload = await client.PostAsync($"/api/revenue/imports?allOrNothing={allOrNothing.ToString().ToLowerInvariant()}",
            new StringContent(csv, Encoding.UTF8, "text/csv"));
        await upload.ExpectAsync(HttpStatusCode.Accepted);
        return await Eventually.HoldsAsync(
            async () => await (await client.GetAsync(upload.Headers.Location!.ToString())).ExpectAsync(HttpStatusCode.OK),
            s => s["status"]!.GetValue<string>() is "completed" or "rejected", TimeSpan.FromMinutes(3),
            because: "the import finishes");
    }

    private static async Task<List<long>> FiguresAsync(HttpClient admin, HttpClient department, List<string> producers)
    {
        var figures = new List<long>();
        foreach (var producer in producers)
            figures.Add((await (await admin.GetAsync($"/api/reports/revenue?producerId={producer}&year=2025"))
                .ExpectAsync(HttpStatusCode.OK))["revenueVnd"]!.GetValue<long>());
        figures.Add((await (await department.GetAsync("/api/reports/revenue?year=2025"))
            .ExpectAsync(HttpStatusCode.OK))["revenueVnd"]!.GetValue<long>());
        return figures;
    }

    [Fact]
    public async Task An_all_or_nothing_file_of_thousands_of_rows_with_one_bad_row_in_the_middle_records_nothing()
    {
        var (admin, department, producers) = await ArrangeAsync();

        var status = await ImportAsync(department, Csv(producers, badRow: Rows / 2), allOrNothing: true);

        Assert.Equal("rejected", status["status"]!.GetValue<string>());
        Assert.Equal((Rows, 0, 1), (status["processedRows"]!.GetValue<int>(), status["recordedRows"]!.GetValue<int>(),
            status["rejectedRows"]!.GetValue<int>()));
        Assert.Equal([(Rows / 2 + 1, "month")],
            status["problems"]!.AsArray().Select(p => (p!["row"]!.GetValue<int>(), p["field"]!.GetValue<string>())).ToList());
        Assert.Equal([0L, 0L, 0L, 0L], await FiguresAsync(admin, department, producers));
        foreach (var producer in producers)
            Assert.Empty((await (await admin.GetAsync($"/api/revenue?producerId={producer}"))
                .ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_crash_between_chunks_is_finished_by_the_next_delivery_with_no_entry_counted_twice(bool allOrNothing)
    {
        var (admin, department, producers) = await ArrangeAsync();
        // In the second chunk: the first chunk's transactions (7 a producer, 21 in all) have gone through.
        _crash.At = 30;

        var status = await ImportAsync(department, Csv(producers), allOrNothing);

        Assert.True(_crash.Happened);
        Assert.Equal("completed", status["status"]!.GetValue<string>());
        Assert.Equal((Rows, Rows), (status["processedRows"]!.GetValue<int>(), status["recordedRows"]!.GetValue<int>()));
        List<long> expected = [Expected(0, 3), Expected(1, 3), Expected(2, 3), Enumerable.Range(1, Rows).Sum(i => 1000L + i)];
        Assert.Equal(expected, await FiguresAsync(admin, department, producers));
        // The entries themselves hold each row once: the roll-ups rebuilt from them come out the same.
        await (await admin.PostAsync("/api/revenue/rebuild-rollups", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(expected, await FiguresAsync(admin, department, producers));
    }

    [Fact]
    public async Task A_refused_upload_leaves_no_file_stored()
    {
        var (_, department, producers) = await ArrangeAsync();
        var container = new BlobServiceClient(Storage.ConnectionString).GetBlobContainerClient(StorageNames.RevenueImportsContainer);

        var tooLarge = new StreamContent(new MemoryStream(new byte[ImportFiles.MaxBytes + 1]));
        tooLarge.Headers.ContentType = new("text/csv");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/revenue/imports") { Content = tooLarge };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.ExpectContinue = true;
        await (await department.SendAsync(request)).ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await (await department.PostAsync("/api/revenue/imports", new StringContent("id,producerId,colour\r\n",
            Encoding.UTF8, "text/csv"))).ExpectProblemAsync(HttpStatusCode.BadRequest, "header");
        await (await department.PostAsync("/api/revenue/imports", new StringContent("", Encoding.UTF8, "text/csv")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "body");
        await (await department.PostAsync("/api/revenue/imports", new StringContent(Csv(producers), Encoding.UTF8,
            "application/pdf"))).ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);

        var stored = new List<string>();
        if (await container.ExistsAsync())
            await foreach (var blob in container.GetBlobsAsync()) stored.Add(blob.Name);
        Assert.Empty(stored);
    }

    /// <summary>Storage goes away once, at the import's <see cref="At"/>-th transaction of entries: the process
    /// is gone as far as that delivery is concerned, and the queue delivers the message again.</summary>
    private sealed class CrashOnImportBatch : BeforeSending
    {
        private int _batches, _crashed;
        public int At { get; set; } = int.MaxValue;
        public bool Happened => Volatile.Read(ref _crashed) == 1;

        protected override bool Watches(HttpMessage message) => !Happened
            && message.Request.Method == RequestMethod.Post && message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal);

        protected override Task OnSendingAsync(HttpMessage message, string body)
        {
            if (body.Contains("\"RowKey\":\"e|s-") && Interlocked.Increment(ref _batches) == At
                && Interlocked.Exchange(ref _crashed, 1) == 0)
                throw new RequestFailedException(503, "Storage went away between two chunks (arranged by the test).");
            return Task.CompletedTask;
        }
    }
}

using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Revenue;

/// <summary>An administrator's roll-up rebuild while a large import is writing: after both, every roll-up row must be
/// what a rebuild from the raw entries computes, and the province's revenue what the file holds.</summary>
public class RebuildDuringImportTests : ImportAppTests
{
    [Fact]
    public async Task A_rebuild_while_an_import_writes_leaves_rollups_equal_to_a_fresh_rebuild()
    {
        var admin = App.Client();
        const string province = "Lai Châu";
        var producers = new List<string>();
        for (var i = 0; i < 60; i++) producers.Add(await admin.CreateProducerAsync(province));
        // 60 producers × 10 channels × 24 months: one transaction per producer and year, the province's cells after.
        var generated = new GeneratedProvince(producers.Count, 2024, 2, seed: 11);
        var csv = generated.Csv(producers, "rb");
        var total = generated.Generate(producers, "rb").Where(r => r.Month.StartsWith("2025", StringComparison.Ordinal)).Sum(r => r.AmountVnd);

        var upload = await admin.PostAsync("/api/revenue/imports", new StringContent(csv, Encoding.UTF8, "text/csv"));
        await upload.ExpectAsync(HttpStatusCode.Accepted);
        var location = upload.Headers.Location!.ToString();
        // Rebuild the moment the import has written its first entries, and again while it goes on.
        await Eventually.HoldsAsync(async () => await (await admin.GetAsync(location)).ExpectAsync(HttpStatusCode.OK),
            s => s["processedRows"]!.GetValue<int>() > 0 || s["status"]!.GetValue<string>() == "completed", because: "the import starts writing");
        var rebuilds = Enumerable.Range(0, 3).Select(async i =>
        {
            await Task.Delay(i * 300);
            var response = await admin.PostAsync("/api/revenue/rebuild-rollups", null);
            // Another rebuild running is the only acceptable refusal.
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, await response.Content.ReadAsStringAsync());
        }).ToList();
        var status = await Eventually.HoldsAsync(async () => await (await admin.GetAsync(location)).ExpectAsync(HttpStatusCode.OK),
            s => s["status"]!.GetValue<string>() is "completed" or "rejected", TimeSpan.FromSeconds(120), "the import finishes");
        await Task.WhenAll(rebuilds);
        Assert.Equal(generated.Rows, status["recordedRows"]!.GetValue<int>());

        var report = $"/api/reports/revenue?province={Uri.EscapeDataString(province)}&year=2025";
        Assert.Equal(total, (await (await admin.GetAsync(report)).ExpectAsync(HttpStatusCode.OK))["revenueVnd"]!.GetValue<long>());
        var afterBoth = await RollupRowsAsync(producers);
        await (await admin.PostAsync("/api/revenue/rebuild-rollups", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(await RollupRowsAsync(producers), afterBoth);
    }

    /// <summary>Every roll-up row of the province and its producers, as stored (markers and leases aside).</summary>
    private async Task<string> RollupRowsAsync(IReadOnlyList<string> producers)
    {
        var service = new TableServiceClient(Storage.ConnectionString);
        var rows = new List<string>();
        void Add(TableEntity e) => rows.Add($"{e.PartitionKey} {e.RowKey} " + string.Join(",", e.Where(p => p.Value is long).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")));
        foreach (var year in new[] { 2024, 2025 })
            await foreach (var e in service.GetTableClient("RevenueRollups").QueryAsync<TableEntity>(x => x.PartitionKey == $"lai châu|{year}"))
                if (!e.RowKey.StartsWith("a|", StringComparison.Ordinal) && !e.RowKey.StartsWith("b|", StringComparison.Ordinal)) Add(e);
        foreach (var producer in producers)
            await foreach (var e in service.GetTableClient("RevenueEntries").QueryAsync<TableEntity>(
                TableClient.CreateQueryFilter($"PartitionKey eq {producer} and RowKey ge {"r|"} and RowKey lt {"r}"}")))
                Add(e);
        Assert.NotEmpty(rows);
        return string.Join("\n", rows.Order(StringComparer.Ordinal));
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using OcopTrade.Tests.Support;
using static OcopTrade.Tests.Revenue.RevenueEntryTests;

namespace OcopTrade.Tests.Revenue;

[Collection(SharedAppCollection.Name)]
public class RevenueReportTests(SharedApp shared)
{
    private readonly HttpClient _admin = shared.App.Client();

    private async Task<string> CertifiedProducerAsync(string province, string? issueDate)
    {
        var id = await _admin.CreateProducerAsync(province);
        if (issueDate is not null)
            await (await _admin.PostAsync("/api/products", Api.JsonBody(Api.Product(id, issueDate)))).ExpectAsync(HttpStatusCode.Created);
        return id;
    }

    private Task<JsonObject> PostAsync(JsonObject entry) => RecordAsync(_admin, entry);

    /// <summary>A small province worked out by hand:
    /// A (certified 2024): supermarket 1 000 000 (2024-05) → 1 080 000 (2025-05, after a correction from 1 800 000);
    ///   e-commerce 400 000 (2024-02) → 500 000 (2025-02).
    /// B (certified 2025): traditional market 2 000 000 (2024-03) → 2 000 000 + an adjustment of 100 000 (2025-03).
    /// C (no certificate): supermarket 300 000 (2025-07) — counts in revenue, not as a subject.</summary>
    [Fact]
    public async Task Revenue_growth_and_participation_match_hand_computed_figures()
    {
        var province = "Tỉnh Thử " + Guid.NewGuid().ToString("N")[..8];
        var a = await CertifiedProducerAsync(province, "2024-03-01");
        var b = await CertifiedProducerAsync(province, "2025-01-10");
        var c = await CertifiedProducerAsync(province, null);
        await PostAsync(Entry(a, "supermarket", "2024-05", 1_000_000));
        var typo = await PostAsync(Entry(a, "supermarket", "2025-05", 1_800_000));
        var fix = Entry(a, "supermarket", "2025-05", 1_080_000);
        fix["replaces"] = typo["id"]!.GetValue<string>();
        await PostAsync(fix);
        await PostAsync(Entry(a, "ecommerce", "2024-02", 400_000, "voso"));
        await PostAsync(Entry(a, "ecommerce", "2025-02", 500_000, "shopee"));
        await PostAsync(Entry(b, "traditionalMarket", "2024-03", 2_000_000));
        var march = await PostAsync(Entry(b, "traditionalMarket", "2025-03", 2_000_000));
        var adjust = Entry(b, "traditionalMarket", "2025-03", 100_000);
        adjust["adjusts"] = march["id"]!.GetValue<string>();
        await PostAsync(adjust);
        await PostAsync(Entry(c, "supermarket", "2025-07", 300_000));

        var department = shared.App.Client(await _admin.IssueKeyAsync(new JsonObject { ["role"] = "department", ["province"] = province }));
        var year = await (await department.GetAsync("/api/reports/revenue?year=2025")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(3_980_000, year["revenueVnd"]!.GetValue<long>());
        Assert.Equal(3_400_000, year["previousRevenueVnd"]!.GetValue<long>());
        Assert.Equal(17.06m, year["growthPercent"]!.GetValue<decimal>());
        Assert.False(year["withinTarget"]!.GetValue<bool>());
        var byChannel = year["byChannel"]!.AsArray().ToDictionary(x => x!["channel"]!.GetValue<string>(), x => x!);
        Assert.Equal(["ecommerce", "supermarket", "traditionalMarket"], byChannel.Keys.Order());
        Assert.Equal(1_380_000, byChannel["supermarket"]["revenueVnd"]!.GetValue<long>());
        Assert.Equal(38m, byChannel["supermarket"]["growthPercent"]!.GetValue<decimal>());
        Assert.Equal(25m, byChannel["ecommerce"]["growthPercent"]!.GetValue<decimal>());
        Assert.Equal(5m, byChannel["traditionalMarket"]["growthPercent"]!.GetValue<decimal>());
        Assert.True(byChannel["traditionalMarket"]["withinTarget"]!.GetValue<bool>());

        var firstHalf = await (await department.GetAsync("/api/reports/revenue?from=2025-01&to=2025-06")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(3_680_000, firstHalf["revenueVnd"]!.GetValue<long>());
        Assert.Equal(8.24m, firstHalf["growthPercent"]!.GetValue<decimal>());
        Assert.True(firstHalf["withinTarget"]!.GetValue<bool>());

        var ofA = await (await department.GetAsync($"/api/reports/revenue?producerId={a}&year=2025")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1_580_000, ofA["revenueVnd"]!.GetValue<long>());
        Assert.Equal(12.86m, ofA["growthPercent"]!.GetValue<decimal>());
        var ecommerce = await (await department.GetAsync("/api/reports/revenue?year=2025&channel=ecommerce")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(500_000, ecommerce["revenueVnd"]!.GetValue<long>());

        var participation = await (await department.GetAsync("/api/reports/participation?year=2025")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, participation["subjectsTotal"]!.GetValue<int>());
        Assert.Equal(1, participation["subjectsInModernChannels"]!.GetValue<int>());
        Assert.Equal(50m, participation["participationPercent"]!.GetValue<decimal>());
        Assert.False(participation["meetsTarget"]!.GetValue<bool>());
        // In 2024 only A held a certificate, and A sold online.
        var earlier = await (await department.GetAsync("/api/reports/participation?year=2024")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, earlier["subjectsTotal"]!.GetValue<int>());
        Assert.Equal(100m, earlier["participationPercent"]!.GetValue<decimal>());

        await (await department.GetAsync("/api/reports/revenue?year=2025&from=2025-01&to=2025-02")).ExpectProblemAsync(HttpStatusCode.BadRequest, "year");
        await (await department.GetAsync("/api/reports/revenue?from=2025-06&to=2025-01")).ExpectProblemAsync(HttpStatusCode.BadRequest, "to");
        await (await department.GetAsync("/api/reports/participation?year=2025&channel=fair")).ExpectProblemAsync(HttpStatusCode.BadRequest, "channel");
    }

    [Fact]
    public async Task Concurrent_writers_and_retries_count_each_entry_once_and_a_rebuild_equals_the_incremental_rollups()
    {
        var province = "Tỉnh Song Song " + Guid.NewGuid().ToString("N")[..8];
        var producers = new[] { await CertifiedProducerAsync(province, "2024-01-01"), await CertifiedProducerAsync(province, "2024-01-01") };
        var entries = Enumerable.Range(0, 24)
            .Select(i => Entry(producers[i % 2], i % 3 == 0 ? "ecommerce" : "supermarket", $"2025-0{1 + i % 2}", 1_000 * (i + 1), i % 3 == 0 ? "lazada" : null))
            .ToList();
        // Every entry is sent twice at once, as a client retrying a timed-out request would.
        await Task.WhenAll(entries.Concat(entries).Select(async e =>
        {
            var response = await _admin.PostAsync("/api/revenue", Api.JsonBody(e));
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }));
        var expected = Enumerable.Range(0, 24).Sum(i => 1_000L * (i + 1));
        var url = $"/api/reports/revenue?province={Uri.EscapeDataString(province)}&year=2025";
        var incremental = await (await _admin.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(expected, incremental["revenueVnd"]!.GetValue<long>());
        var ofFirst = await (await _admin.GetAsync($"/api/reports/revenue?producerId={producers[0]}&year=2025")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(Enumerable.Range(0, 24).Where(i => i % 2 == 0).Sum(i => 1_000L * (i + 1)), ofFirst["revenueVnd"]!.GetValue<long>());

        // Damage a province cell behind the app's back; the rebuild recomputes it from the raw entries.
        var rollups = new TableServiceClient(shared.Storage.ConnectionString).GetTableClient("RevenueRollups");
        var key = province.Normalize(System.Text.NormalizationForm.FormC).ToLowerInvariant()["tỉnh ".Length..].Trim() + "|2025";
        var cell = (await rollups.GetEntityAsync<TableEntity>(key, "m|supermarket|2025-01")).Value;
        cell["AmountVnd"] = 1L;
        await rollups.UpdateEntityAsync(cell, cell.ETag, TableUpdateMode.Replace);
        Assert.NotEqual(expected, (await (await _admin.GetAsync(url)).ExpectAsync(HttpStatusCode.OK))["revenueVnd"]!.GetValue<long>());

        await (await _admin.PostAsync("/api/revenue/rebuild-rollups", null)).ExpectAsync(HttpStatusCode.OK);
        var rebuilt = await (await _admin.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(incremental.ToJsonString(), rebuilt.ToJsonString());
        var participation = await (await _admin.GetAsync($"/api/reports/participation?province={Uri.EscapeDataString(province)}&year=2025")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(100m, participation["participationPercent"]!.GetValue<decimal>());
    }
}

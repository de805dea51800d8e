using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using MiniExcelLibs;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.PublicPages;
using OcopTrade.Functions.Revenue;
using OcopTrade.Tests.Hardening;
using OcopTrade.Tests.Support;
using static OcopTrade.Tests.Revenue.RevenueEntryTests;

namespace OcopTrade.Tests.Revenue;

/// <summary>Security review #19, finding 3: one producer filled its month with entries at the old per-entry cap
/// (10^15 ₫) until province cells wrapped and LINQ's Sum threw; the department's report, dashboard and export answered
/// 500 and growth read −4.5·10^17 ₫. Each test works in a province of its own so its sums are its own.</summary>
[Collection(SharedAppCollection.Name)]
public class RevenueCapTests(SharedApp shared)
{
    private const long Cap = Money.ProducerMonthCapVnd;
    private readonly HttpClient _admin = shared.App.Client();

    /// <summary>A province of the test's own, its department, and two producers in it.</summary>
    private async Task<(string Province, HttpClient Department, string ProducerId, string Other)> ProvinceAsync()
    {
        var province = "Tỉnh Thử Trần " + Guid.NewGuid().ToString("N")[..8];
        var key = await _admin.IssueKeyAsync(new JsonObject { ["role"] = "department", ["province"] = province });
        return (province, shared.App.Client(key), await _admin.CreateProducerAsync(province), await _admin.CreateProducerAsync(province));
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, JsonObject entry) =>
        client.PostAsync("/api/revenue", Api.JsonBody(entry));

    private static async Task<JsonObject> ReportAsync(HttpClient client, string url) =>
        await (await client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);

    private static async Task<string> DashboardAsync(HttpClient department)
    {
        var response = await department.GetAsync("/dashboard?year=2025");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task A_producer_writing_at_the_cap_is_refused_past_it_and_the_departments_reports_answer_with_the_right_sums()
    {
        var (_, department, producerId, other) = await ProvinceAsync();
        var producer = shared.App.Client(await _admin.ProducerKeyAsync(producerId));

        // The review's entry, at the old per-entry cap, is refused as it stands.
        await (await PostAsync(producer, Entry(producerId, "supermarket", "2025-01", 1_000_000_000_000_000)))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "amountVnd");
        // Every month of 2025 filled to the cap; June just below it, then one đồng too many, then exactly to it.
        for (var month = 1; month <= 12; month++)
            if (month != 6) await RecordAsync(producer, Entry(producerId, month % 2 == 0 ? "fair" : "supermarket", $"2025-{month:D2}", Cap));
        await RecordAsync(producer, Entry(producerId, "ecommerce", "2025-06", Cap - 1_000, "shopee"));
        var refused = await (await PostAsync(producer, Entry(producerId, "direct", "2025-06", 1_001)))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "amountVnd");
        Assert.Contains("cap", refused["detail"]!.GetValue<string>());
        await RecordAsync(producer, Entry(producerId, "direct", "2025-06", 1_000));
        await (await PostAsync(producer, Entry(producerId, "agent", "2025-01", 1)))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "amountVnd");
        Assert.Equal(13, (await ReportAsync(producer, "/api/revenue"))["items"]!.AsArray().Count);
        await RecordAsync(_admin, Entry(other, "fair", "2024-03", Cap));
        await RecordAsync(_admin, Entry(other, "agent", "2025-03", 5_000_000));

        const long total = 12 * Cap + 5_000_000; // 120 000 005 000 000 ₫ against 10 000 000 000 000 ₫ a year earlier
        var report = await ReportAsync(department, "/api/reports/revenue?year=2025");
        Assert.Equal(total, report["revenueVnd"]!.GetValue<long>());
        Assert.Equal(Cap, report["previousRevenueVnd"]!.GetValue<long>());
        Assert.Equal(1100m, report["growthPercent"]!.GetValue<decimal>());
        var growth = await ReportAsync(department, "/api/reports/growth?by=producer&year=2025");
        var row = growth["rows"]!.AsArray().Single(r => r!["key"]!.GetValue<string>() == producerId)!;
        Assert.Equal(12 * Cap, row["revenueVnd"]!.GetValue<long>());
        Assert.Contains(Vnd.Format(total), await DashboardAsync(department));

        var sum = (await ExportSheetAsync(department, "Theo kênh")).Single(r => (string?)r["Kênh"] == "Tổng");
        Assert.Equal((double)total, Convert.ToDouble(sum.Values.ElementAt(3)));
        Assert.Equal((double)Cap, Convert.ToDouble(sum.Values.ElementAt(4)));
    }

    [Fact]
    public async Task Reports_answer_even_when_storage_already_holds_figures_near_the_end_of_long()
    {
        var (province, department, producerId, other) = await ProvinceAsync();
        var producer = shared.App.Client(await _admin.ProducerKeyAsync(producerId));
        await RecordAsync(producer, Entry(producerId, "supermarket", "2024-01", 1_000));
        await RecordAsync(producer, Entry(producerId, "supermarket", "2025-01", 1_000));
        await SeedHugeFiguresAsync(province, producerId);

        var report = await ReportAsync(department, "/api/reports/revenue?year=2025");
        Assert.Equal(long.MaxValue, report["revenueVnd"]!.GetValue<long>());  // a ceiling, not a wrapped negative
        Assert.True(report["growthPercent"]!.GetValue<decimal>() > 0);
        var own = await ReportAsync(department, $"/api/reports/revenue?producerId={producerId}&year=2025");
        Assert.Equal(long.MaxValue, own["revenueVnd"]!.GetValue<long>());
        var growth = await ReportAsync(department, "/api/reports/growth?by=producer&year=2025");
        Assert.Equal(long.MaxValue, growth["revenueVnd"]!.GetValue<long>());
        await ReportAsync(department, "/api/reports/participation?year=2025");
        Assert.Contains(Vnd.Format(long.MaxValue), await DashboardAsync(department));
        Assert.NotEmpty(await ExportSheetAsync(department, "Theo chủ thể"));

        // Writing goes on: the province's other producer records (its cells saturate); this producer's month refuses.
        await RecordAsync(_admin, Entry(other, "supermarket", "2025-01", 500));
        await (await PostAsync(producer, Entry(producerId, "direct", "2025-02", 1)))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "amountVnd");
        await ReportAsync(department, "/api/reports/revenue?year=2025");
    }

    /// <summary>Figures as storage may hold them from before the caps, written through the Azure SDK: the producer's
    /// year row and the province's cells and producer row, each near or at <see cref="long.MaxValue"/>.</summary>
    private async Task SeedHugeFiguresAsync(string province, string producerId)
    {
        var tables = new TableServiceClient(shared.Storage.ConnectionString);
        (string Channel, string Month, long Amount)[] cells =
            [("supermarket", "2025-01", long.MaxValue - 10), ("fair", "2025-02", long.MaxValue), ("agent", "2025-03", long.MaxValue)];
        var year = new TableEntity(producerId, ProducerCells.RowKey(producerId, 2025));
        foreach (var c in cells) year[ProducerCells.AmountProperty(Enum.Parse<SalesChannel>(c.Channel, true), c.Month)] = c.Amount;
        await tables.GetTableClient(StorageNames.RevenueEntriesTable).UpsertEntityAsync(year, TableUpdateMode.Merge);

        var partition = ProvinceRollups.Partition(Provinces.Key(province), 2025);
        var rollups = tables.GetTableClient(StorageNames.RevenueRollupsTable);
        foreach (var c in cells)
            await rollups.UpsertEntityAsync(new TableEntity(partition, $"m|{c.Channel}|{c.Month}")
            {
                ["Channel"] = c.Channel, ["Month"] = c.Month, ["AmountVnd"] = c.Amount, ["Quantity"] = 1L,
            }, TableUpdateMode.Replace);
        var producerRow = new TableEntity(partition, "p|" + producerId) { ["ProducerId"] = producerId, ["M_01"] = cells[0].Amount };
        foreach (var c in cells) producerRow["A_" + c.Month[5..]] = c.Amount;
        await rollups.UpsertEntityAsync(producerRow, TableUpdateMode.Replace);
    }

    private static async Task<List<IDictionary<string, object?>>> ExportSheetAsync(HttpClient department, string sheet)
    {
        var response = await department.GetAsync("/api/reports/export.xlsx?year=2025");
        await response.Content.LoadIntoBufferAsync();
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return [.. MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true, sheetName: sheet).Cast<IDictionary<string, object?>>()];
    }

    [Fact]
    public async Task An_entry_naming_another_producers_product_is_refused_and_nothing_is_written()
    {
        var (_, department, mine, theirs) = await ProvinceAsync();
        async Task<string> ProductOf(string producerId) =>
            (await (await _admin.PostAsync("/api/products", Api.JsonBody(Api.Product(producerId)))).ExpectAsync(HttpStatusCode.Created))
                ["id"]!.GetValue<string>();
        var (myProduct, theirProduct) = (await ProductOf(mine), await ProductOf(theirs));
        var producer = shared.App.Client(await _admin.ProducerKeyAsync(mine));

        JsonObject Naming(string productId) => Entry(mine, "fair", "2025-02", 1_000).Also(e => e["productId"] = productId);
        // Another producer's product, by the producer, its department and an admin; and a product that does not exist.
        foreach (var (client, productId) in new[] { (producer, theirProduct), (department, theirProduct), (_admin, theirProduct), (producer, "000000000000") })
            await (await PostAsync(client, Naming(productId))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "productId");
        Assert.Empty((await ReportAsync(producer, "/api/revenue"))["items"]!.AsArray());
        Assert.Equal(0, (await ReportAsync(department, "/api/reports/revenue?year=2025"))["revenueVnd"]!.GetValue<long>());

        Assert.Equal(myProduct, (await RecordAsync(producer, Naming(myProduct)))["productId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_sales_points_sales_are_held_to_the_caps_and_a_refused_sale_writes_nothing()
    {
        var (shop, shopId, code, productId, producer) =
            await Traceability.SalesPointScanTests.ShopWithLabelledProductAsync(shared.App);
        var producerId = (await ReportAsync(producer, $"/api/products/{productId}"))["producerId"]!.GetValue<string>();
        Task<HttpResponseMessage> SellAsync(string id, long quantity, long unitPrice) =>
            shop.PostAsync($"/api/sales-points/{shopId}/scans", Api.JsonBody(new JsonObject
            {
                ["id"] = id, ["code"] = code, ["kind"] = "sale", ["quantity"] = quantity, ["unitPrice"] = unitPrice,
            }));

        // 100 000 × 10 billion đồng, each within its own limit, made a 10^15 ₫ entry no one else could write.
        await (await SellAsync("cap-1", 100_000, 10_000_000_000)).ExpectProblemAsync(HttpStatusCode.BadRequest, "unitPrice");
        // The producer's month (in Vietnam, as the till's sale) filled to the cap by an entry of its own:
        // a sale at the listing's price would take it past, so nothing of the sale is written.
        var month = shared.App.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM");
        await RecordAsync(producer, Entry(producerId, "supermarket", month, Cap));
        await (await SellAsync("cap-2", 1, 350_000)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "quantity");

        var entry = Assert.Single((await ReportAsync(producer, "/api/revenue"))["items"]!.AsArray())!;
        Assert.Equal(Cap, entry["amountVnd"]!.GetValue<long>());
        var sales = new TableClient(shared.Storage.ConnectionString, "Sales");
        Assert.Empty(await sales.QueryAsync<TableEntity>(e => e.PartitionKey == shopId).ToListAsync());
    }
}

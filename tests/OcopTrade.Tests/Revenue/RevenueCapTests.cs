using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using MiniExcelLibs;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.PublicPages;
using OcopTrade.Functions.Revenue;
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

    private async Task<(string Province, HttpClient Department)> ProvinceAsync()
    {
        var province = "Tỉnh Thử Trần " + Guid.NewGuid().ToString("N")[..8];
        var department = shared.App.Client(await _admin.IssueKeyAsync(new JsonObject { ["role"] = "department", ["province"] = province }));
        return (province, department);
    }

    [Fact]
    public async Task A_producer_writing_at_the_cap_is_refused_past_it_and_the_departments_reports_answer_with_the_right_sums()
    {
        var (province, department) = await ProvinceAsync();
        var (producerId, other) = (await _admin.CreateProducerAsync(province), await _admin.CreateProducerAsync(province));
        var producer = shared.App.Client(await _admin.ProducerKeyAsync(producerId));

        // The review's entry, at the old per-entry cap, is refused as it stands.
        await (await producer.PostAsync("/api/revenue", Api.JsonBody(Entry(producerId, "supermarket", "2025-01", 1_000_000_000_000_000))))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "amountVnd");
        // Every month of 2025 filled to the cap; June just below it, then one đồng too many, then exactly to it.
        for (var month = 1; month <= 12; month++)
            if (month != 6) await RecordAsync(producer, Entry(producerId, month % 2 == 0 ? "fair" : "supermarket", $"2025-{month:D2}", Cap));
        await RecordAsync(producer, Entry(producerId, "ecommerce", "2025-06", Cap - 1_000, "shopee"));
        var refused = await (await producer.PostAsync("/api/revenue", Api.JsonBody(Entry(producerId, "direct", "2025-06", 1_001))))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "amountVnd");
        Assert.Contains("cap", refused["detail"]!.GetValue<string>());
        await RecordAsync(producer, Entry(producerId, "direct", "2025-06", 1_000));
        await (await producer.PostAsync("/api/revenue", Api.JsonBody(Entry(producerId, "agent", "2025-01", 1))))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "amountVnd");
        var entries = (await (await producer.GetAsync("/api/revenue")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray();
        Assert.Equal(13, entries.Count);
        await RecordAsync(_admin, Entry(other, "fair", "2024-03", Cap));
        await RecordAsync(_admin, Entry(other, "agent", "2025-03", 5_000_000));

        const long total = 12 * Cap + 5_000_000; // 120 000 005 000 000 ₫ against 10 000 000 000 000 ₫ a year earlier
        var report = await (await department.GetAsync("/api/reports/revenue?year=2025")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(total, report["revenueVnd"]!.GetValue<long>());
        Assert.Equal(Cap, report["previousRevenueVnd"]!.GetValue<long>());
        Assert.Equal(1100m, report["growthPercent"]!.GetValue<decimal>());
        var growth = await (await department.GetAsync("/api/reports/growth?by=producer&year=2025")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(12 * Cap, growth["rows"]!.AsArray().Single(r => r!["key"]!.GetValue<string>() == producerId)!["revenueVnd"]!.GetValue<long>());

        var dashboard = await department.GetAsync("/dashboard?year=2025");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains(Vnd.Format(total), await dashboard.Content.ReadAsStringAsync());

        var channels = await ExportSheetAsync(department, "Theo kênh");
        var sum = channels.Single(r => (string?)r["Kênh"] == "Tổng");
        Assert.Equal((double)total, Convert.ToDouble(sum.Values.ElementAt(3)));
        Assert.Equal((double)Cap, Convert.ToDouble(sum.Values.ElementAt(4)));
    }

    [Fact]
    public async Task Reports_answer_even_when_storage_already_holds_figures_near_the_end_of_long()
    {
        var (province, department) = await ProvinceAsync();
        var (producerId, other) = (await _admin.CreateProducerAsync(province), await _admin.CreateProducerAsync(province));
        var producer = shared.App.Client(await _admin.ProducerKeyAsync(producerId));
        await RecordAsync(producer, Entry(producerId, "supermarket", "2024-01", 1_000));
        await RecordAsync(producer, Entry(producerId, "supermarket", "2025-01", 1_000));
        await SeedHugeFiguresAsync(province, producerId);

        var report = await (await department.GetAsync("/api/reports/revenue?year=2025")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(long.MaxValue, report["revenueVnd"]!.GetValue<long>());  // a ceiling, not a wrapped negative
        Assert.True(report["growthPercent"]!.GetValue<decimal>() > 0);
        var own = await (await department.GetAsync($"/api/reports/revenue?producerId={producerId}&year=2025")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(long.MaxValue, own["revenueVnd"]!.GetValue<long>());
        var growth = await (await department.GetAsync("/api/reports/growth?by=producer&year=2025")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(long.MaxValue, growth["revenueVnd"]!.GetValue<long>());
        await (await department.GetAsync("/api/reports/participation?year=2025")).ExpectAsync(HttpStatusCode.OK);
        var dashboard = await department.GetAsync("/dashboard?year=2025");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains(Vnd.Format(long.MaxValue), await dashboard.Content.ReadAsStringAsync());
        Assert.NotEmpty(await ExportSheetAsync(department, "Theo chủ thể"));

        // Writing goes on: the province's other producer records (its cells saturate), this producer's full month refuses.
        await RecordAsync(_admin, Entry(other, "supermarket", "2025-01", 500));
        await (await producer.PostAsync("/api/revenue", Api.JsonBody(Entry(producerId, "direct", "2025-02", 1))))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "amountVnd");
        await (await department.GetAsync("/api/reports/revenue?year=2025")).ExpectAsync(HttpStatusCode.OK);
    }

    /// <summary>Figures as storage may hold them from before the caps, written through the Azure SDK: the producer's
    /// year row and the province's cells and producer row, each near or at <see cref="long.MaxValue"/>.</summary>
    private async Task SeedHugeFiguresAsync(string province, string producerId)
    {
        var tables = new TableServiceClient(shared.Storage.ConnectionString);
        await tables.GetTableClient(StorageNames.RevenueEntriesTable).UpsertEntityAsync(new TableEntity(producerId, ProducerCells.RowKey(producerId, 2025))
        {
            [ProducerCells.AmountProperty(SalesChannel.Supermarket, "2025-01")] = long.MaxValue - 10,
            [ProducerCells.AmountProperty(SalesChannel.Fair, "2025-02")] = long.MaxValue,
            [ProducerCells.AmountProperty(SalesChannel.Agent, "2025-03")] = long.MaxValue,
        }, TableUpdateMode.Merge);
        var partition = ProvinceRollups.Partition(Provinces.Key(province), 2025);
        var rollups = tables.GetTableClient(StorageNames.RevenueRollupsTable);
        foreach (var (channel, month, amount) in new[] { ("supermarket", "2025-01", long.MaxValue - 10), ("fair", "2025-02", long.MaxValue), ("agent", "2025-03", long.MaxValue) })
            await rollups.UpsertEntityAsync(new TableEntity(partition, $"m|{channel}|{month}")
            {
                ["Channel"] = channel, ["Month"] = month, ["AmountVnd"] = amount, ["Quantity"] = 1L,
            }, TableUpdateMode.Replace);
        await rollups.UpsertEntityAsync(new TableEntity(partition, "p|" + producerId)
        {
            ["ProducerId"] = producerId, ["A_01"] = long.MaxValue - 10, ["A_02"] = long.MaxValue, ["A_03"] = long.MaxValue, ["M_01"] = long.MaxValue - 10,
        }, TableUpdateMode.Replace);
    }

    private static async Task<List<IDictionary<string, object?>>> ExportSheetAsync(HttpClient department, string sheet)
    {
        var response = await department.GetAsync("/api/reports/export.xlsx?year=2025");
        await response.Content.LoadIntoBufferAsync();
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true, sheetName: sheet).Cast<IDictionary<string, object?>>().ToList();
    }

    [Fact]
    public async Task An_entry_naming_another_producers_product_is_refused_and_nothing_is_written()
    {
        var (province, department) = await ProvinceAsync();
        var (mine, theirs) = (await _admin.CreateProducerAsync(province), await _admin.CreateProducerAsync(province));
        async Task<string> ProductOf(string producerId) =>
            (await (await _admin.PostAsync("/api/products", Api.JsonBody(Api.Product(producerId)))).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var (myProduct, theirProduct) = (await ProductOf(mine), await ProductOf(theirs));
        var producer = shared.App.Client(await _admin.ProducerKeyAsync(mine));

        foreach (var (client, productId) in new[] { (producer, theirProduct), (department, theirProduct), (_admin, theirProduct), (producer, "000000000000") })
        {
            var entry = Entry(mine, "fair", "2025-02", 1_000);
            entry["productId"] = productId;
            await (await client.PostAsync("/api/revenue", Api.JsonBody(entry))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "productId");
        }
        Assert.Empty((await (await producer.GetAsync("/api/revenue")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray());
        Assert.Equal(0, (await (await department.GetAsync("/api/reports/revenue?year=2025")).ExpectAsync(HttpStatusCode.OK))["revenueVnd"]!.GetValue<long>());

        var own = Entry(mine, "fair", "2025-02", 1_000);
        own["productId"] = myProduct;
        Assert.Equal(myProduct, (await RecordAsync(producer, own))["productId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_sales_points_sales_are_held_to_the_caps_and_a_refused_sale_writes_nothing()
    {
        var (shop, shopId, code, _, producer) = await Traceability.SalesPointScanTests.ShopWithLabelledProductAsync(shared.App);
        Task<HttpResponseMessage> SellAsync(string id, long quantity, long unitPrice) => shop.PostAsync($"/api/sales-points/{shopId}/scans",
            Api.JsonBody(new JsonObject { ["id"] = id, ["code"] = code, ["kind"] = "sale", ["quantity"] = quantity, ["unitPrice"] = unitPrice }));

        // 100 000 × 10 billion đồng, each within its own limit, made a 10^15 ₫ entry no one else could write.
        await (await SellAsync("cap-1", 100_000, 10_000_000_000)).ExpectProblemAsync(HttpStatusCode.BadRequest, "unitPrice");
        await (await SellAsync("cap-2", 1_000, 10_000_000_000)).ExpectAsync(HttpStatusCode.Created);   // the month's cap in one sale
        await (await SellAsync("cap-3", 1, 1_000)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "quantity");
        await (await SellAsync("cap-2", 1_000, 10_000_000_000)).ExpectAsync(HttpStatusCode.OK);        // resent: still the same sale

        var entry = Assert.Single((await (await producer.GetAsync("/api/revenue")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray())!;
        Assert.Equal(Cap, entry["amountVnd"]!.GetValue<long>());
        var sales = new TableClient(shared.Storage.ConnectionString, "Sales");
        Assert.Equal(["cap-2"], await sales.QueryAsync<TableEntity>(e => e.PartitionKey == shopId).Select(e => e.RowKey).ToListAsync());
    }
}

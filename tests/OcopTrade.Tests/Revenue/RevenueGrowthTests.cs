using System.Net;
using System.Text.Json.Nodes;
using MiniExcelLibs;
using OcopTrade.Functions.Revenue;
using OcopTrade.Tests.Support;
using static OcopTrade.Tests.Revenue.RevenueEntryTests;

namespace OcopTrade.Tests.Revenue;

[Collection(SharedAppCollection.Name)]
public class RevenueGrowthTests(SharedApp shared)
{
    private readonly HttpClient _admin = shared.App.Client();

    private Task<JsonObject> PostAsync(JsonObject entry) => RecordAsync(_admin, entry);

    private static Dictionary<string, JsonNode> Rows(JsonObject report) =>
        report["rows"]!.AsArray().ToDictionary(r => r!["key"]!.GetValue<string>(), r => r!);

    /// <summary>Worked by hand. A: supermarket 1 000 000 (2024-03) → 1 070 000 (2025-03), e-commerce 500 000 (2024-08)
    /// → 400 000 (2025-08). B: fair 2 000 000 (2024-02) → 2 300 000 (2025-02). C: direct 300 000 (2025-05) only.</summary>
    [Fact]
    public async Task Growth_per_producer_channel_and_province_stands_against_the_five_to_ten_percent_band()
    {
        var province = "Tỉnh Tăng Trưởng " + Guid.NewGuid().ToString("N")[..8];
        var provinceKey = province.ToLowerInvariant()["tỉnh ".Length..];
        var a = await _admin.CreateProducerAsync(province);
        var b = await _admin.CreateProducerAsync(province);
        var c = await _admin.CreateProducerAsync(province);
        await PostAsync(Entry(a, "supermarket", "2024-03", 1_000_000));
        await PostAsync(Entry(a, "supermarket", "2025-03", 1_070_000));
        await PostAsync(Entry(a, "ecommerce", "2024-08", 500_000, "postmart"));
        await PostAsync(Entry(a, "ecommerce", "2025-08", 400_000, "voso"));
        await PostAsync(Entry(b, "fair", "2024-02", 2_000_000));
        await PostAsync(Entry(b, "fair", "2025-02", 2_300_000));
        await PostAsync(Entry(c, "direct", "2025-05", 300_000));
        var department = shared.App.Client(await _admin.IssueKeyAsync(new JsonObject { ["role"] = "department", ["province"] = province }));

        var byProducer = await (await department.GetAsync("/api/reports/growth?by=producer&year=2025")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(4_070_000, byProducer["revenueVnd"]!.GetValue<long>());
        Assert.Equal(3_500_000, byProducer["previousRevenueVnd"]!.GetValue<long>());
        Assert.Equal(16.29m, byProducer["growthPercent"]!.GetValue<decimal>());
        var producers = Rows(byProducer);
        Assert.Equal(-2m, producers[a]["growthPercent"]!.GetValue<decimal>());
        Assert.Equal("below", producers[a]["standing"]!.GetValue<string>());
        Assert.Equal(15m, producers[b]["growthPercent"]!.GetValue<decimal>());
        Assert.Equal("above", producers[b]["standing"]!.GetValue<string>());
        Assert.Null(producers[c]["growthPercent"]);
        Assert.Equal("noBaseline", producers[c]["standing"]!.GetValue<string>());
        Assert.Equal("Hợp tác xã Chè Tam Đường", producers[a]["name"]!.GetValue<string>());
        // Names are kept a while for these long lists, but a rename shows at once.
        var stored = await _admin.GetAsync($"/api/producers/{a}");
        var renamed = Api.Producer(province);
        renamed["legalName"] = "Hợp tác xã Chè Shan Tuyết Tả Lèng";
        await (await _admin.PutAsync($"/api/producers/{a}", renamed, stored.Etag())).ExpectAsync(HttpStatusCode.OK);
        var afterRename = Rows(await (await department.GetAsync("/api/reports/growth?by=producer&year=2025")).ExpectAsync(HttpStatusCode.OK));
        Assert.Equal("Hợp tác xã Chè Shan Tuyết Tả Lèng", afterRename[a]["name"]!.GetValue<string>());
        Assert.Equal((1, 0, 1, 1), (byProducer["rowsBelow"]!.GetValue<int>(), byProducer["rowsWithin"]!.GetValue<int>(),
            byProducer["rowsAbove"]!.GetValue<int>(), byProducer["rowsWithoutBaseline"]!.GetValue<int>()));

        var byChannel = Rows(await (await department.GetAsync("/api/reports/growth?by=channel&year=2025")).ExpectAsync(HttpStatusCode.OK));
        Assert.Equal(7m, byChannel["supermarket"]["growthPercent"]!.GetValue<decimal>());
        Assert.True(byChannel["supermarket"]["withinTarget"]!.GetValue<bool>());
        Assert.Equal(-20m, byChannel["ecommerce"]["growthPercent"]!.GetValue<decimal>());
        Assert.Equal("above", byChannel["fair"]["standing"]!.GetValue<string>());
        Assert.Equal("Siêu thị", byChannel["supermarket"]["name"]!.GetValue<string>());

        // The first half compares with the first half a year earlier (the e-commerce months fall outside).
        var firstHalf = await (await department.GetAsync("/api/reports/growth?by=producer&year=2025&half=1")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((3_670_000L, 3_000_000L, 22.33m), (firstHalf["revenueVnd"]!.GetValue<long>(), firstHalf["previousRevenueVnd"]!.GetValue<long>(), firstHalf["growthPercent"]!.GetValue<decimal>()));
        Assert.Equal("within", Rows(firstHalf)[a]["standing"]!.GetValue<string>());
        Assert.Equal(("2025-01", "2025-06"), (firstHalf["from"]!.GetValue<string>(), firstHalf["to"]!.GetValue<string>()));
        var range = await (await department.GetAsync("/api/reports/growth?by=producer&from=2025-08&to=2025-08")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(-20m, Rows(range)[a]["growthPercent"]!.GetValue<decimal>());
        var supermarkets = Rows(await (await department.GetAsync("/api/reports/growth?by=producer&year=2025&channel=supermarket")).ExpectAsync(HttpStatusCode.OK));
        Assert.Equal([a], supermarkets.Keys);
        Assert.Equal(7m, supermarkets[a]["growthPercent"]!.GetValue<decimal>());

        // A department sees its province; an administrator every province with revenue.
        var own = Rows(await (await department.GetAsync("/api/reports/growth?by=province&year=2025")).ExpectAsync(HttpStatusCode.OK));
        Assert.Equal([provinceKey], own.Keys);
        Assert.Equal(province, own[provinceKey]["name"]!.GetValue<string>());
        var national = Rows(await (await _admin.GetAsync("/api/reports/growth?by=province&year=2025")).ExpectAsync(HttpStatusCode.OK));
        Assert.Equal(4_070_000, national[provinceKey]["revenueVnd"]!.GetValue<long>());
        Assert.Equal(16.29m, national[provinceKey]["growthPercent"]!.GetValue<decimal>());
        var producerView = shared.App.Client(await _admin.ProducerKeyAsync(b));
        Assert.Equal([b], Rows(await (await producerView.GetAsync($"/api/reports/growth?by=producer&producerId={b}&year=2025")).ExpectAsync(HttpStatusCode.OK)).Keys);
        await (await producerView.GetAsync($"/api/reports/growth?by=producer&producerId={a}&year=2025")).ExpectProblemAsync(HttpStatusCode.NotFound);

        await (await department.GetAsync("/api/reports/growth?year=2025")).ExpectProblemAsync(HttpStatusCode.BadRequest, "by");
        await (await department.GetAsync("/api/reports/growth?by=district&year=2025")).ExpectProblemAsync(HttpStatusCode.BadRequest, "by");
        await (await department.GetAsync($"/api/reports/growth?by=province&producerId={a}&year=2025")).ExpectProblemAsync(HttpStatusCode.BadRequest, "producerId");
        await (await department.GetAsync("/api/reports/growth?by=channel&year=2025&half=3")).ExpectProblemAsync(HttpStatusCode.BadRequest, "half");
        await (await department.GetAsync("/api/reports/growth?by=channel&half=1")).ExpectProblemAsync(HttpStatusCode.BadRequest, "half");
    }

    [Fact]
    public async Task The_export_workbook_and_csv_hold_the_report_with_formulas_neutralised()
    {
        var province = "Tỉnh Xuất Báo Cáo " + Guid.NewGuid().ToString("N")[..8];
        var named = Api.Producer(province);
        named["legalName"] = "=HYPERLINK(\"http://evil.example\",\"Bấm\")";
        var evil = (await (await _admin.PostAsync("/api/producers", Api.JsonBody(named))).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var plain = await _admin.CreateProducerAsync(province);
        // A certificate issued 36 months less 30 days ago expires within 90 days.
        var today = DateOnly.FromDateTime(shared.App.Clock.GetUtcNow().UtcDateTime.AddHours(7));
        var expiring = (await (await _admin.PostAsync("/api/products", Api.JsonBody(Api.Product(plain, today.AddMonths(-36).AddDays(30).ToString("yyyy-MM-dd")))))
            .ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        await (await _admin.PostAsync("/api/products", Api.JsonBody(Api.Product(evil, today.AddMonths(-12).ToString("yyyy-MM-dd"))))).ExpectAsync(HttpStatusCode.Created);
        await PostAsync(Entry(evil, "supermarket", "2024-04", 1_000_000));
        await PostAsync(Entry(evil, "supermarket", "2025-04", 1_100_000));
        await PostAsync(Entry(plain, "tourism", "2025-04", 500_000));
        var department = shared.App.Client(await _admin.IssueKeyAsync(new JsonObject { ["role"] = "department", ["province"] = province }));

        var response = await department.GetAsync("/api/reports/export.xlsx?year=2025");
        await response.Content.LoadIntoBufferAsync();
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal(ImportFiles.XlsxType, response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(["Theo kênh", "Theo chủ thể", "Tham gia kênh hiện đại", "Chứng nhận sắp hết hạn",
            "So với chỉ tiêu", "Sự kiện", "Liên kết"], MiniExcel.GetSheetNames(new MemoryStream(bytes)));
        List<IDictionary<string, object?>> Sheet(string name) =>
            MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true, sheetName: name).Cast<IDictionary<string, object?>>().ToList();

        var channels = Sheet("Theo kênh");
        var total = channels.Single(r => (string?)r["Kênh"] == "Tổng");
        Assert.Equal(1_600_000d, Convert.ToDouble(total.Values.ElementAt(3)));   // a number, not text
        Assert.Equal(1_000_000d, Convert.ToDouble(total.Values.ElementAt(4)));
        var producers = Sheet("Theo chủ thể");
        Assert.Equal("'=HYPERLINK(\"http://evil.example\",\"Bấm\")", producers.Single(r => (string?)r["Mã chủ thể"] == evil)["Tên chủ thể"]);
        var participation = Sheet("Tham gia kênh hiện đại").ToDictionary(r => (string)r["Chỉ tiêu"]!, r => r["Giá trị"]?.ToString());
        Assert.Equal("2", participation["Số chủ thể có giấy chứng nhận còn hiệu lực"]);
        Assert.Equal("1", participation["Số chủ thể bán qua kênh hiện đại"]);
        Assert.Equal("50", participation["Tỷ lệ tham gia (%)"]);
        var certificate = Assert.Single(Sheet("Chứng nhận sắp hết hạn"));
        Assert.Equal(expiring, certificate["Mã sản phẩm"]);
        Assert.Equal("Sắp hết hạn", certificate["Trạng thái"]);
        Assert.Equal(30d, Convert.ToDouble(certificate["Số ngày còn lại"]));

        var csv = await department.GetAsync("/api/reports/export.csv?year=2025&sheet=producers");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var rows = Csv.Parse(await csv.Content.ReadAsStringAsync());
        Assert.Equal("Mã chủ thể", rows[0][0]);
        var evilRow = rows.Single(r => r[0] == evil);
        Assert.Equal("'=HYPERLINK(\"http://evil.example\",\"Bấm\")", evilRow[1]);
        Assert.Equal(("1100000", "1000000", "10"), (evilRow[2], evilRow[3], evilRow[4]));
        await (await department.GetAsync("/api/reports/export.csv?year=2025&sheet=secrets")).ExpectProblemAsync(HttpStatusCode.BadRequest, "sheet");
        await (await department.GetAsync("/api/reports/export.xlsx?province=Lai%20Ch%C3%A2u&year=2025")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}

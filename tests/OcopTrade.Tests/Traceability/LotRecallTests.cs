using System.Net;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Traceability;

/// <summary>A producer or the department holds or recalls a lot: the trace page, the public recall status, the
/// sales points' tills and the department's dashboard all follow, and nothing of it is ever deleted.</summary>
[Collection(SharedAppCollection.Name)]
public class LotRecallTests(SharedApp shared)
{
    private const string Gtin14 = "08934567890120"; // Api.Product()'s GTIN-13, as GS1 Digital Link writes it

    private sealed record Lot(HttpClient Producer, string ProductId, string BatchId, string LotNumber, string Code)
    {
        public string Url => $"/api/products/{ProductId}/batches/{BatchId}";
    }

    /// <summary>A new producer's product with one lot whose number no other test uses (every test product shares
    /// one GTIN, and the recall status finds a lot by GTIN and lot number).</summary>
    private async Task<Lot> NewLotAsync(string prefix = "R/")
    {
        var admin = shared.App.Client();
        var producer = shared.App.Client(await admin.ProducerKeyAsync(await admin.CreateProducerAsync()));
        var productId = (await (await producer.PostAsync("/api/products", Api.JsonBody(Api.Product())))
            .ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var lotNumber = prefix + Guid.NewGuid().ToString("N")[..8];
        var batch = await (await producer.PostAsync($"/api/products/{productId}/batches", Api.JsonBody(new JsonObject
        {
            ["lotNumber"] = lotNumber, ["productionDate"] = "2026-10-01", ["bestBefore"] = "2027-10-01",
            ["quantity"] = 100,
        }))).ExpectAsync(HttpStatusCode.Created);
        var (batchId, code) = (batch["id"]!.GetValue<string>(), batch["traceCode"]!.GetValue<string>());
        return new Lot(producer, productId, batchId, lotNumber, code);
    }

    private async Task<HttpClient> DepartmentAsync(string province = "Lai Châu") => shared.App.Client(
        await shared.App.Client().IssueKeyAsync(new JsonObject { ["role"] = "department", ["province"] = province }));

    private static StringContent Reason(string reason) => Api.JsonBody(new JsonObject { ["reason"] = reason });

    private Task<HttpResponseMessage> RecallStatusAsync(string gtin, string lot) =>
        shared.App.Client(null).GetAsync($"/api/recall-status?gtin={gtin}&lot={Uri.EscapeDataString(lot)}");

    [Fact]
    public async Task A_lot_typed_in_Vietnamese_is_found_by_the_GS1_form_its_label_carries()
    {
        var lot = await NewLotAsync("Lô số 5 #");
        await (await lot.Producer.PostAsync(lot.Url + "/holds", Reason("Chờ kết quả kiểm nghiệm")))
            .ExpectAsync(HttpStatusCode.OK);
        var gs1Form = OcopTrade.Functions.Traceability.Gs1Lot.Of(lot.LotNumber);
        Assert.NotEqual(lot.LotNumber, gs1Form);

        var status = await (await RecallStatusAsync(Gtin14, gs1Form)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("hold", status["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_recall_shows_first_in_red_on_the_trace_page_and_in_the_recall_status_until_lifted()
    {
        var lot = await NewLotAsync();
        var before = await (await RecallStatusAsync(Gtin14, lot.LotNumber)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("none", before["status"]!.GetValue<string>());

        var why = "Mẫu kiểm nghiệm vượt ngưỡng chì cho phép";
        var recalled = await lot.Producer.PostAsync(lot.Url + "/recalls", Reason(why));
        var body = await recalled.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("recall", body["status"]!.GetValue<string>());
        Assert.NotNull(recalled.Headers.ETag);

        var page = await (await shared.App.Client(null).GetAsync($"/t/{lot.Code}")).Content.ReadAsStringAsync();
        var alert = page.IndexOf(
            "<div class=\"alert danger\" role=\"alert\"><p>⛔ LÔ HÀNG ĐÃ BỊ THU HỒI</p>", StringComparison.Ordinal);
        Assert.True(alert > 0, "the recall is on the page");
        var verdict = page.IndexOf("Sản phẩm chính hãng", StringComparison.Ordinal);
        Assert.True(alert < verdict, "the recall comes before the verdict");
        Assert.True(alert < page.IndexOf("<h1>", StringComparison.Ordinal), "the recall comes before the product");
        Assert.Contains("Lý do: Mẫu kiểm nghiệm vượt ngưỡng chì cho phép", page);

        var status = await (await RecallStatusAsync("8934567890120", lot.LotNumber)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("recall", status["status"]!.GetValue<string>());
        Assert.Equal(Gtin14, status["gtin"]!.GetValue<string>());
        Assert.Equal("producer", status["issuedBy"]!.GetValue<string>());
        Assert.Equal("Mẫu kiểm nghiệm vượt ngưỡng chì cho phép", status["reason"]!.GetValue<string>());

        // The producer may not put a recalled lot back on sale; the department does, with its reason.
        await (await lot.Producer.PostAsync(lot.Url + "/releases", Reason("Đã xử lý xong")))
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
        var department = await DepartmentAsync();
        var lift = Reason("Kết quả kiểm nghiệm lại đạt yêu cầu");
        var lifted = await (await department.PostAsync(lot.Url + "/releases", lift))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("none", lifted["status"]!.GetValue<string>());

        var after = await (await RecallStatusAsync(Gtin14, lot.LotNumber)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("none", after["status"]!.GetValue<string>());
        Assert.Equal("Kết quả kiểm nghiệm lại đạt yêu cầu", after["lifted"]!["reason"]!.GetValue<string>());
        Assert.Equal("department", after["lifted"]!["by"]!.GetValue<string>());
        var pageAfter = await shared.App.Client(null).GetStringAsync($"/t/{lot.Code}");
        Assert.DoesNotContain("THU HỒI", pageAfter);

        // Nothing is deleted: the recall and its lift both stay in the lot's history.
        var history = (await (await lot.Producer.GetAsync(lot.Url + "/status"))
            .ExpectAsync(HttpStatusCode.OK))["history"]!.AsArray();
        Assert.Equal(["recall", "release"], history.Select(h => h!["action"]!.GetValue<string>()));
        Assert.Equal("Lai Châu", history[1]!["actor"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_till_is_told_not_to_sell_a_held_lot_and_its_sale_is_refused_until_the_hold_is_lifted()
    {
        var (shop, salesPointId, code, productId, producer) =
            await SalesPointScanTests.ShopWithLabelledProductAsync(shared.App);
        var batches = JsonNode.Parse(await producer.GetStringAsync($"/api/products/{productId}/batches"))!;
        var batchId = batches[0]!["id"]!.GetValue<string>();
        var url = $"/api/products/{productId}/batches/{batchId}";
        await (await producer.PostAsync(url + "/holds", Reason("Chờ kết quả kiểm nghiệm độ ẩm")))
            .ExpectAsync(HttpStatusCode.OK);

        var scan = new JsonObject { ["id"] = "v-held", ["code"] = code, ["kind"] = "verify" };
        var verified = await (await shop.PostAsync($"/api/sales-points/{salesPointId}/scans", Api.JsonBody(scan)))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.True(verified["genuine"]!.GetValue<bool>());
        Assert.True(verified["doNotSell"]!.GetValue<bool>());
        Assert.StartsWith("Không được bán.", verified["reason"]!.GetValue<string>());
        Assert.Equal("hold", verified["lot"]!["status"]!.GetValue<string>());

        var sale = new JsonObject
        {
            ["id"] = "s-held", ["code"] = code, ["kind"] = "sale", ["quantity"] = 1, ["unitPrice"] = 350000,
        };
        var refused = await (await shop.PostAsync($"/api/sales-points/{salesPointId}/scans", Api.JsonBody(sale)))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "code");
        Assert.Equal("Không được bán: lô hàng đang bị tạm dừng lưu thông", refused["title"]!.GetValue<string>());
        var sales = new Azure.Data.Tables.TableClient(shared.Storage.ConnectionString, "Sales");
        await foreach (var row in sales.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == salesPointId))
            Assert.Fail($"A refused sale left a row behind: {row.RowKey}");

        await (await producer.PostAsync(url + "/releases", Reason("Độ ẩm đạt chuẩn"))).ExpectAsync(HttpStatusCode.OK);
        await (await shop.PostAsync($"/api/sales-points/{salesPointId}/scans", Api.JsonBody(sale)))
            .ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Bad_and_foreign_requests_are_refused_and_change_nothing()
    {
        var lot = await NewLotAsync();
        var admin = shared.App.Client();
        var stranger = shared.App.Client(await admin.ProducerKeyAsync(await admin.CreateProducerAsync()));
        await (await stranger.PostAsync(lot.Url + "/recalls", Reason("Tôi muốn thu hồi lô này")))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        var elsewhere = await DepartmentAsync("Hà Giang");
        await (await elsewhere.PostAsync(lot.Url + "/recalls", Reason("Sở tỉnh khác thu hồi")))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await elsewhere.GetAsync(lot.Url + "/status")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var till = shared.App.Client(await admin.SalesPointKeyAsync(await admin.CreateSalesPointAsync()));
        await (await till.PostAsync(lot.Url + "/holds", Reason("Điểm bán tự giữ hàng")))
            .ExpectProblemAsync(HttpStatusCode.NotFound);

        await (await lot.Producer.PostAsync(lot.Url + "/holds", Api.JsonBody("{\"reason\":")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await lot.Producer.PostAsync(lot.Url + "/holds", Api.JsonBody("{}")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "reason");
        await (await lot.Producer.PostAsync(lot.Url + "/holds", Reason("Kiểm tra \uFFFF")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "reason");
        var plainText = new StringContent("lý do", System.Text.Encoding.UTF8, "text/plain");
        await (await lot.Producer.PostAsync(lot.Url + "/holds", plainText))
            .ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await (await lot.Producer.PostAsync(lot.Url + "/releases", Reason("Không có gì để gỡ")))
            .ExpectProblemAsync(HttpStatusCode.Conflict);
        var stale = new HttpRequestMessage(HttpMethod.Post, lot.Url + "/holds")
        {
            Content = Reason("Kiểm tra nhãn mác"),
        };
        stale.Headers.TryAddWithoutValidation("If-Match", "W/\"datetime'2020-01-01T00%3A00%3A00Z'\"");
        await (await lot.Producer.SendAsync(stale)).ExpectProblemAsync(HttpStatusCode.PreconditionFailed);

        var status = await (await lot.Producer.GetAsync(lot.Url + "/status")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("none", status["status"]!.GetValue<string>());
        Assert.Empty(status["history"]!.AsArray());

        await (await RecallStatusAsync("8934567890121", lot.LotNumber))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "gtin");
        await (await RecallStatusAsync("abc", lot.LotNumber)).ExpectProblemAsync(HttpStatusCode.BadRequest, "gtin");
        await (await shared.App.Client(null).GetAsync($"/api/recall-status?gtin={Gtin14}"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "lot");
        await (await RecallStatusAsync(Gtin14, "KHONG-CO-LO")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_hold_followed_by_the_ETag_it_answered_can_be_raised_to_a_recall()
    {
        var lot = await NewLotAsync();
        var held = await lot.Producer.PostAsync(lot.Url + "/holds", Reason("Nghi nhiễm nấm mốc"));
        await held.ExpectAsync(HttpStatusCode.OK);
        // Sent again (a retry), the hold changes nothing and adds no history line.
        var again = await lot.Producer.PostAsync(lot.Url + "/holds", Reason("Nghi nhiễm nấm mốc"));
        await again.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(held.Etag(), again.Etag());
        var recall = new HttpRequestMessage(HttpMethod.Post, lot.Url + "/recalls")
        {
            Content = Reason("Đã xác nhận nhiễm nấm mốc"),
        };
        recall.Headers.TryAddWithoutValidation("If-Match", held.Etag());
        var recalled = await (await (await DepartmentAsync()).SendAsync(recall)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("recall", recalled["status"]!.GetValue<string>());
        Assert.Equal(["hold", "recall"], recalled["history"]!.AsArray().Select(h => h!["action"]!.GetValue<string>()));
        await (await lot.Producer.PostAsync(lot.Url + "/holds", Reason("Giữ lại thôi")))
            .ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_departments_dashboard_lists_open_recalls_with_the_scans_seen_since()
    {
        var lot = await NewLotAsync();
        var department = await DepartmentAsync();
        await (await department.PostAsync(lot.Url + "/recalls", Reason("Bao bì bị phồng, nghi hỏng")))
            .ExpectAsync(HttpStatusCode.OK);
        var anyone = shared.App.Client(null);
        for (var i = 0; i < 3; i++) await anyone.GetAsync($"/t/{lot.Code}");

        var html = await (await department.GetAsync("/dashboard")).Content.ReadAsStringAsync();
        var listed = $"lô {lot.LotNumber}<br><span class=\"expired\">Thu hồi</span>";
        var row = html.IndexOf(listed, StringComparison.Ordinal);
        Assert.True(row > 0, "the recall is listed");
        Assert.Matches(
            "^[^<]*</td><td>Bao bì bị phồng, nghi hỏng</td><td class=\"n\">[0-9/]+</td><td class=\"n\">3</td>",
            html[(row + listed.Length)..]);

        await (await department.PostAsync(lot.Url + "/releases", Reason("Kiểm tra lại: bao bì đạt")))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain($"lô {lot.LotNumber}<br>", await department.GetStringAsync("/dashboard"));
    }
}

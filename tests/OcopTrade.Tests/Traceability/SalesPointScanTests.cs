using System.Net;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Traceability;

[Collection(SharedAppCollection.Name)]
public class SalesPointScanTests(SharedApp shared)
{
    private readonly HttpClient _admin = shared.App.Client();

    private async Task<(HttpClient SalesPoint, string SalesPointId, string Code, string ProductId)> ShopWithLabelledProductAsync()
    {
        var (shop, salesPointId, code, productId, _) = await ShopWithLabelledProductAsync(shared.App);
        return (shop, salesPointId, code, productId);
    }

    /// <summary>A new producer's labelled product and a sales point's till to sell it at; also the producer's client.</summary>
    internal static async Task<(HttpClient SalesPoint, string SalesPointId, string Code, string ProductId, HttpClient Producer)>
        ShopWithLabelledProductAsync(OcopApp app)
    {
        var admin = app.Client();
        var producer = app.Client(await admin.ProducerKeyAsync(await admin.CreateProducerAsync()));
        var productId = (await (await producer.PostAsync("/api/products", Api.JsonBody(Api.Product()))).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        // Only a published listing is on sale.
        await (await producer.PostAsync($"/api/products/{productId}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        var batch = await (await producer.PostAsync($"/api/products/{productId}/batches", Api.JsonBody(new JsonObject
        {
            ["lotNumber"] = "L1", ["productionDate"] = "2026-10-01", ["bestBefore"] = "2027-10-01", ["quantity"] = 100,
        }))).ExpectAsync(HttpStatusCode.Created);
        var salesPointId = await admin.CreateSalesPointAsync();
        return (app.Client(await admin.SalesPointKeyAsync(salesPointId)), salesPointId, batch["traceCode"]!.GetValue<string>(), productId, producer);
    }

    private static JsonObject Scan(string id, string code, string kind, long? quantity = null, long? unitPrice = null) => new()
    {
        ["id"] = id, ["code"] = code, ["kind"] = kind, ["quantity"] = quantity, ["unitPrice"] = unitPrice,
    };

    [Fact]
    public async Task A_typed_code_is_verified_as_genuine_with_its_certificate_state()
    {
        var (shop, id, code, _) = await ShopWithLabelledProductAsync();
        var typed = code.ToLowerInvariant().Replace("-", " ");
        var answer = await (await shop.PostAsync($"/api/sales-points/{id}/scans", Api.JsonBody(Scan("v-1", typed, "verify")))).ExpectAsync(HttpStatusCode.OK);
        Assert.True(answer["genuine"]!.GetValue<bool>());
        Assert.Equal("Chè Shan Tuyết Tả Phìn", answer["productName"]!.GetValue<string>());
        Assert.Equal("valid", answer["certificateState"]!.GetValue<string>());
        Assert.Null(answer["sale"]);

        var forged = await (await shop.PostAsync($"/api/sales-points/{id}/scans", Api.JsonBody(Scan("v-2", "7K3M-9Q2X-A1B", "verify")))).ExpectAsync(HttpStatusCode.OK);
        Assert.False(forged["genuine"]!.GetValue<bool>());
        Assert.Contains("không xác minh được", forged["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_sale_is_recorded_once_however_often_it_is_sent()
    {
        var (shop, id, code, productId) = await ShopWithLabelledProductAsync();
        var sale = Scan("sale-0001", code, "sale", quantity: 3, unitPrice: 350000);
        var first = await (await shop.PostAsync($"/api/sales-points/{id}/scans", Api.JsonBody(sale))).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(1050000, first["sale"]!["amountVnd"]!.GetValue<long>());
        Assert.Equal(productId, first["sale"]!["productId"]!.GetValue<string>());
        Assert.Matches(@"^\d{4}-\d{2}$", first["sale"]!["month"]!.GetValue<string>());

        var again = await (await shop.PostAsync($"/api/sales-points/{id}/scans", Api.JsonBody(sale))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(first["sale"]!["at"]!.GetValue<string>(), again["sale"]!["at"]!.GetValue<string>());

        var changed = Scan("sale-0001", code, "sale", quantity: 4, unitPrice: 350000);
        await (await shop.PostAsync($"/api/sales-points/{id}/scans", Api.JsonBody(changed))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "id");

        // Shoppers who scan the jar now see where it is sold.
        var page = await (await shared.App.Client(null).GetAsync($"/t/{code}")).Content.ReadAsStringAsync();
        Assert.Contains("<h2>Điểm bán</h2><ul><li>Điểm giới thiệu và bán sản phẩm OCOP Lai Châu, Phường Tân Phong, Lai Châu</li></ul>", page);

        var sales = new Azure.Data.Tables.TableClient(shared.Storage.ConnectionString, "Sales");
        var count = 0;
        await foreach (var _ in sales.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == id)) count++;
        Assert.Equal(1, count);
    }

    /// <summary>A phone's outbox may resend a sale whose answer was lost, after the lot was recalled meanwhile: the
    /// sale was recorded before the recall and is answered as it was; a new sale of the lot is refused.</summary>
    [Fact]
    public async Task A_sale_resent_after_its_lot_was_recalled_answers_the_sale_it_recorded()
    {
        var (shop, id, code, productId, producer) = await ShopWithLabelledProductAsync(shared.App);
        var sale = Scan("offline-0001", code, "sale", quantity: 2, unitPrice: 350000);
        var scans = $"/api/sales-points/{id}/scans";
        var first = await (await shop.PostAsync(scans, Api.JsonBody(sale))).ExpectAsync(HttpStatusCode.Created);
        var batches = JsonNode.Parse(await producer.GetStringAsync($"/api/products/{productId}/batches"))!;
        var recall = Api.JsonBody(new JsonObject { ["reason"] = "Phát hiện nấm mốc trong lô" });
        await (await producer.PostAsync($"/api/products/{productId}/batches/{batches[0]!["id"]}/recalls", recall))
            .ExpectAsync(HttpStatusCode.OK);

        var again = await (await shop.PostAsync(scans, Api.JsonBody(sale))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(first["sale"]!["at"]!.GetValue<string>(), again["sale"]!["at"]!.GetValue<string>());
        Assert.True(again["doNotSell"]!.GetValue<bool>()); // the till is told the lot is withdrawn now
        var later = Scan("offline-0002", code, "sale", quantity: 1, unitPrice: 350000);
        await (await shop.PostAsync(scans, Api.JsonBody(later))).ExpectProblemAsync(HttpStatusCode.Conflict, "code");
        var sales = await (await shop.GetAsync($"/api/sales-points/{id}/sales")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("offline-0001", Assert.Single(sales["items"]!.AsArray())!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_sale_at_the_till_flows_into_the_producers_revenue_once()
    {
        var producerId = await _admin.CreateProducerAsync();
        var producer = shared.App.Client(await _admin.ProducerKeyAsync(producerId));
        var productId = (await (await producer.PostAsync("/api/products", Api.JsonBody(Api.Product()))).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        // Only a published listing is on sale.
        await (await producer.PostAsync($"/api/products/{productId}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        var code = (await (await producer.PostAsync($"/api/products/{productId}/batches", Api.JsonBody(new JsonObject
        {
            ["lotNumber"] = "L9", ["productionDate"] = "2026-10-01", ["bestBefore"] = "2027-10-01", ["quantity"] = 100,
        }))).ExpectAsync(HttpStatusCode.Created))["traceCode"]!.GetValue<string>();
        var shopId = await _admin.CreateSalesPointAsync();
        var shop = shared.App.Client(await _admin.SalesPointKeyAsync(shopId));
        var sale = Scan("till-42", code, "sale", quantity: 2, unitPrice: 350000);
        await (await shop.PostAsync($"/api/sales-points/{shopId}/scans", Api.JsonBody(sale))).ExpectAsync(HttpStatusCode.Created);
        await (await shop.PostAsync($"/api/sales-points/{shopId}/scans", Api.JsonBody(sale))).ExpectAsync(HttpStatusCode.OK);

        var entries = JsonNode.Parse(await (await producer.GetAsync($"/api/revenue?producerId={producerId}")).Content.ReadAsStringAsync())!;
        var items = (entries as JsonArray ?? entries["items"]!.AsArray());
        var entry = Assert.Single(items)!;
        Assert.Equal("ocopPoint", entry["channel"]!.GetValue<string>());
        Assert.Equal(700000, entry["amountVnd"]!.GetValue<long>());
        Assert.Equal(productId, entry["productId"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("quantity", 0L, 350000L)]
    [InlineData("quantity", 1_000_000L, 350000L)]
    [InlineData("unitPrice", 1L, -5L)]
    public async Task A_sale_with_absurd_numbers_is_refused(string field, long quantity, long unitPrice)
    {
        var (shop, id, code, _) = await ShopWithLabelledProductAsync();
        await (await shop.PostAsync($"/api/sales-points/{id}/scans", Api.JsonBody(Scan("s-1", code, "sale", quantity, unitPrice))))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task A_sale_of_an_unverifiable_code_is_refused()
    {
        var (shop, id, _, _) = await ShopWithLabelledProductAsync();
        await (await shop.PostAsync($"/api/sales-points/{id}/scans", Api.JsonBody(Scan("s-2", "7K3M-9Q2X-A1B", "sale", 1, 1000))))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "code");
    }

    [Fact]
    public async Task Only_the_sales_point_itself_scans_at_its_till()
    {
        var (_, id, code, _) = await ShopWithLabelledProductAsync();
        var (otherShop, _, _, _) = await ShopWithLabelledProductAsync();
        await (await otherShop.PostAsync($"/api/sales-points/{id}/scans", Api.JsonBody(Scan("x", code, "verify")))).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await _admin.PostAsync($"/api/sales-points/{id}/scans", Api.JsonBody(Scan("x", code, "verify")))).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await otherShop.GetAsync($"/api/sales-points/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var department = shared.App.Client(await _admin.IssueKeyAsync(new JsonObject { ["role"] = "department", ["province"] = "Bắc Kạn" }));
        await (await department.GetAsync($"/api/sales-points/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await department.PostAsync("/api/sales-points", Api.JsonBody("""{"name":"Siêu thị","kind":"supermarket","province":"Lai Châu"}""")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "province");
        await (await _admin.PostAsync("/api/keys", Api.JsonBody("""{"role":"salesPoint","salesPointId":"nosuchpoint1"}""")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "salesPointId");
    }
}

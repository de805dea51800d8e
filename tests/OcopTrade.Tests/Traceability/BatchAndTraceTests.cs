using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Traceability;

[Collection(SharedAppCollection.Name)]
public class BatchAndTraceTests(SharedApp shared)
{
    private readonly HttpClient _admin = shared.App.Client();
    private readonly HttpClient _public = shared.App.Client(null);

    private static JsonObject Lot(string lot = "L2026-11A") => new()
    {
        ["lotNumber"] = lot, ["productionDate"] = "2026-10-01", ["bestBefore"] = "2027-10-01", ["quantity"] = 500,
        ["originArea"] = "Vùng chè cổ thụ Tả Phìn", ["originCommune"] = "Xã Tả Phìn", ["notes"] = "Vụ xuân",
    };

    private async Task<(HttpClient Producer, string ProductId, JsonObject Batch)> BatchAsync(bool withGtin = true)
    {
        var producerId = await _admin.CreateProducerAsync();
        var producer = shared.App.Client(await _admin.ProducerKeyAsync(producerId));
        var product = Api.Product();
        if (!withGtin) product.Remove("gtin");
        var productId = (await (await producer.PostAsync("/api/products", Api.JsonBody(product))).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var batch = await (await producer.PostAsync($"/api/products/{productId}/batches", Api.JsonBody(Lot()))).ExpectAsync(HttpStatusCode.Created);
        return (producer, productId, batch);
    }

    private static string PathAndQuery(JsonObject batch) => new Uri(batch["traceUrl"]!.GetValue<string>()).PathAndQuery;

    [Fact]
    public async Task A_batch_gets_a_grouped_trace_code_and_a_GS1_Digital_Link()
    {
        var (_, _, batch) = await BatchAsync();
        var code = batch["traceCode"]!.GetValue<string>();
        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{3}$", code);
        Assert.Equal($"/01/08934567890120/10/L2026-11A?c={code.Replace("-", "")}", PathAndQuery(batch));

        var (_, _, plain) = await BatchAsync(withGtin: false);
        Assert.Equal($"/t/{plain["traceCode"]!.GetValue<string>().Replace("-", "")}", PathAndQuery(plain));
    }

    [Fact]
    public async Task Scanning_opens_the_trace_page_and_is_recorded()
    {
        var (_, _, batch) = await BatchAsync();
        var response = await _public.GetAsync(PathAndQuery(batch) + "&sp=sp-lai-chau-01");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Chè Shan Tuyết Tả Phìn", html);
        Assert.Contains("chính hãng", html);
        Assert.Contains("L2026-11A", html);
        Assert.Contains("01/10/2027", html);
        Assert.Contains("Vùng chè cổ thụ Tả Phìn", html);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());

        // The short form of the same code opens the same page.
        var code = batch["traceCode"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await _public.GetAsync($"/t/{code.ToLowerInvariant()}")).StatusCode);

        var scans = new TableClient(shared.Storage.ConnectionString, "Scans");
        var rows = new List<TableEntity>();
        await foreach (var row in scans.QueryAsync<TableEntity>(e => e.PartitionKey == code.Replace("-", ""))) rows.Add(row);
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r.GetString("SalesPoint") == "sp-lai-chau-01");
        Assert.All(rows, r => Assert.DoesNotContain(r.Keys, k => k.Contains("Ip", StringComparison.OrdinalIgnoreCase) || k == "UserAgent"));
    }

    [Fact]
    public async Task The_trace_json_says_what_the_page_says()
    {
        var (_, _, batch) = await BatchAsync();
        var trace = await (await _public.GetAsync($"/api/trace/{batch["traceCode"]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.True(trace["verified"]!.GetValue<bool>());
        Assert.Equal("Chè Shan Tuyết Tả Phìn", trace["productName"]!.GetValue<string>());
        Assert.Equal("Hợp tác xã Chè Tam Đường", trace["producerName"]!.GetValue<string>());
        Assert.Equal("valid", trace["certificate"]!["state"]!.GetValue<string>());
        Assert.False(trace["certificateLapsed"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("/t/7K3M-9Q2X-A1B")] // well-formed, but its check fails: forged
    [InlineData("/t/not-a-code")]
    [InlineData("/t/7K3M9Q2XA1B7K3M9Q2XA1B7K3M9Q2XA1B7K3M9Q2XA1B7K3M9Q2XA1B")]
    [InlineData("/01/08934567890120/10/L2026-11A?c=7K3M9Q2XA1B")]
    [InlineData("/01/08934567890120/10/L2026-11A")]
    public async Task Unknown_forged_or_malformed_codes_say_plainly_the_product_could_not_be_verified(string path)
    {
        var response = await _public.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Không xác minh được sản phẩm", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_real_code_on_another_products_Digital_Link_is_not_verified()
    {
        var (_, _, batch) = await BatchAsync();
        var code = batch["traceCode"]!.GetValue<string>().Replace("-", "");
        Assert.Equal(HttpStatusCode.NotFound, (await _public.GetAsync($"/01/08934567890120/10/OTHERLOT?c={code}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _public.GetAsync($"/01/00000000000017/10/L2026-11A?c={code}")).StatusCode);
        await (await _public.GetAsync("/api/trace/7K3M-9Q2X-A1B")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_expired_certificate_shows_a_red_warning_on_the_trace_page()
    {
        var (_, _, batch) = await BatchAsync();
        shared.App.Clock.Offset = new DateTimeOffset(2028, 7, 1, 0, 0, 0, TimeSpan.Zero) - DateTimeOffset.UtcNow;
        try
        {
            var html = await (await _public.GetAsync(PathAndQuery(batch))).Content.ReadAsStringAsync();
            Assert.Contains("class=\"alert danger\" role=\"alert\">⚠ Cảnh báo: giấy chứng nhận OCOP đã hết hạn ngày 15/06/2028", html);
            Assert.DoesNotContain("chính hãng", html);
            Assert.Contains("quá hạn sử dụng", html); // the lot's best-before (1/10/2027) has passed too
        }
        finally { shared.App.Clock.Offset = TimeSpan.Zero; }
    }

    [Theory]
    [InlineData("bestBefore", "2026-09-01")] // before production
    [InlineData("productionDate", "2099-01-01")] // in the future
    [InlineData("quantity", 0)]
    [InlineData("quantity", 10_000_000_000)]
    [InlineData("lotNumber", "L2026\t11A")]
    [InlineData("lotNumber", "L2026-11A-VERY-LONG-LOT-NUMBER")]
    public async Task Bad_batches_are_refused_naming_the_field(string field, object value)
    {
        var producerId = await _admin.CreateProducerAsync();
        var producer = shared.App.Client(await _admin.ProducerKeyAsync(producerId));
        var productId = (await (await producer.PostAsync("/api/products", Api.JsonBody(Api.Product()))).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var lot = Lot();
        lot[field] = JsonValue.Create(value);
        await (await producer.PostAsync($"/api/products/{productId}/batches", Api.JsonBody(lot))).ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        var stored = JsonNode.Parse(await (await producer.GetAsync($"/api/products/{productId}/batches")).Content.ReadAsStringAsync())!.AsArray();
        Assert.Empty(stored);
    }

    [Fact]
    public async Task Another_producer_cannot_add_batches_or_print_labels_for_my_product()
    {
        var (_, productId, batch) = await BatchAsync();
        var other = shared.App.Client(await _admin.ProducerKeyAsync(await _admin.CreateProducerAsync()));
        await (await other.PostAsync($"/api/products/{productId}/batches", Api.JsonBody(Lot()))).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await other.GetAsync($"/api/products/{productId}/batches")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await other.GetAsync($"/api/products/{productId}/batches/{batch["id"]}/label")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}

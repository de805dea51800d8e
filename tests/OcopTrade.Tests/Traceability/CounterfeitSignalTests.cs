using System.Net;
using System.Text.Json.Nodes;
using OcopTrade.Functions.Traceability;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Traceability;

[Collection(SharedAppCollection.Name)]
public class CounterfeitSignalTests(SharedApp shared)
{
    [Fact]
    public async Task A_code_scanned_in_two_provinces_on_one_day_is_flagged_for_its_department()
    {
        var admin = shared.App.Client();
        var producer = shared.App.Client(await admin.ProducerKeyAsync(await admin.CreateProducerAsync("Lai Châu")));
        var productId = (await (await producer.PostAsync("/api/products", Api.JsonBody(Api.Product()))).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var code = (await (await producer.PostAsync($"/api/products/{productId}/batches", Api.JsonBody(new JsonObject
        {
            ["lotNumber"] = "FAKE-1", ["productionDate"] = "2026-10-01", ["bestBefore"] = "2027-10-01", ["quantity"] = 5,
        }))).ExpectAsync(HttpStatusCode.Created))["traceCode"]!.GetValue<string>();

        foreach (var province in new[] { "Lai Châu", "Bắc Kạn" })
        {
            var shopId = await admin.CreateSalesPointAsync(province);
            var shop = shared.App.Client(await admin.SalesPointKeyAsync(shopId));
            await (await shop.PostAsync($"/api/sales-points/{shopId}/scans",
                Api.JsonBody(new JsonObject { ["id"] = "v1", ["code"] = code, ["kind"] = "verify" }))).ExpectAsync(HttpStatusCode.OK);
        }

        var department = shared.App.Client(await admin.IssueKeyAsync(new JsonObject { ["role"] = "department", ["province"] = "Lai Châu" }));
        var flags = JsonNode.Parse(await (await department.GetAsync("/api/trace/flags?days=1")).Content.ReadAsStringAsync())!.AsArray();
        var flag = Assert.Single(flags, f => f!["traceCode"]!.GetValue<string>() == code)!;
        Assert.Contains("2 provinces on one day", flag["reasons"]![0]!.GetValue<string>());

        var elsewhere = shared.App.Client(await admin.IssueKeyAsync(new JsonObject { ["role"] = "department", ["province"] = "Thái Nguyên" }));
        var theirs = JsonNode.Parse(await (await elsewhere.GetAsync("/api/trace/flags?days=1")).Content.ReadAsStringAsync())!.AsArray();
        Assert.DoesNotContain(theirs, f => f!["traceCode"]!.GetValue<string>() == code);
        await (await producer.GetAsync("/api/trace/flags")).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData(20, 5, false)] // a few scans of a small lot are normal
    [InlineData(21, 5, true)]
    [InlineData(200, 100, false)]
    [InlineData(201, 100, true)]
    public void Far_more_scans_than_units_is_suspicious(int scans, long quantity, bool suspicious) =>
        Assert.Equal(suspicious, CounterfeitSignals.TooMany(scans, quantity));
}

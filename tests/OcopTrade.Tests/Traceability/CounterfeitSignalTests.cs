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

    private static async Task<string> SmallLotCodeAsync(HttpClient admin, SharedApp shared)
    {
        var producer = shared.App.Client(await admin.ProducerKeyAsync(await admin.CreateProducerAsync()));
        var product = await (await producer.PostAsync("/api/products", Api.JsonBody(Api.Product())))
            .ExpectAsync(HttpStatusCode.Created);
        var productId = product["id"]!.GetValue<string>();
        return (await (await producer.PostAsync($"/api/products/{productId}/batches", Api.JsonBody(new JsonObject
        {
            ["lotNumber"] = "NHO-5", ["productionDate"] = "2026-10-01", ["bestBefore"] = "2027-10-01", ["quantity"] = 5,
        }))).ExpectAsync(HttpStatusCode.Created))["traceCode"]!.GetValue<string>();
    }

    private static async Task<JsonNode?> FlagOfAsync(HttpClient admin, string code) =>
        JsonNode.Parse(await (await admin.GetAsync("/api/trace/flags?days=1")).Content.ReadAsStringAsync())!.AsArray()
            .SingleOrDefault(f => f!["traceCode"]!.GetValue<string>() == code);

    private static async Task ViewAsync(HttpClient shopper, string code, string? address = null)
    {
        var view = new HttpRequestMessage(HttpMethod.Get, $"/t/{code}");
        view.Headers.UserAgent.ParseAdd("Mozilla/5.0 (Linux; Android 14) Mobile Safari/537.36");
        if (address is not null) view.Headers.Add("X-Forwarded-For", address);
        Assert.Equal(HttpStatusCode.OK, (await shopper.SendAsync(view)).StatusCode);
    }

    [Fact]
    public async Task One_shopper_refreshing_the_trace_page_22_times_does_not_flag_a_genuine_lot()
    {
        var admin = shared.App.Client();
        var code = await SmallLotCodeAsync(admin, shared);
        var shopper = shared.App.Client(null);
        for (var i = 0; i < 22; i++) await ViewAsync(shopper, code);
        Assert.Null(await FlagOfAsync(admin, code));
    }

    [Fact]
    public async Task Views_from_22_different_clients_of_a_lot_of_5_are_flagged()
    {
        var admin = shared.App.Client();
        var code = await SmallLotCodeAsync(admin, shared);
        var shopper = shared.App.Client(null);
        for (var i = 0; i < 22; i++) await ViewAsync(shopper, code, $"203.0.113.{i + 1}");
        var flag = await FlagOfAsync(admin, code);
        Assert.NotNull(flag);
        Assert.Equal(22, flag!["scans"]!.GetValue<int>());
    }

    [Fact]
    public void Sales_point_scans_count_each_and_a_clients_views_once_a_day_in_Vietnam()
    {
        var morning = new DateTimeOffset(2026, 11, 20, 1, 0, 0, TimeSpan.Zero); // 08:00 in Vietnam
        ScanSeen View(DateTimeOffset at, string? client) => new("CODE", at, false, null, client);
        ScanSeen Till(DateTimeOffset at) => new("CODE", at, true, "Lai Châu", null);

        var refreshes = Enumerable.Range(0, 22).Select(i => View(morning.AddMinutes(i), "a"));
        Assert.Equal(1, CounterfeitSignals.Counted(refreshes));
        Assert.Equal(2, CounterfeitSignals.Counted(
            [View(morning, "a"), View(morning, "b"), View(morning.AddHours(1), "a")]));
        // 23:30 UTC is the next morning in Vietnam: another day, another look.
        Assert.Equal(2, CounterfeitSignals.Counted([View(morning, "a"), View(morning.AddHours(22.5), "a")]));
        Assert.Equal(3, CounterfeitSignals.Counted([Till(morning), Till(morning.AddMinutes(1)), View(morning, "a")]));
    }

    [Theory]
    [InlineData(20, 5, false)] // a few scans of a small lot are normal
    [InlineData(21, 5, true)]
    [InlineData(200, 100, false)]
    [InlineData(201, 100, true)]
    public void Far_more_scans_than_units_is_suspicious(int scans, long quantity, bool suspicious) =>
        Assert.Equal(suspicious, CounterfeitSignals.TooMany(scans, quantity));
}

using System.Net;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Integration;

public class RateLimitTests : OwnAppTests
{
    protected override OcopApp Configure(OcopApp app) => app
        .Set("Ocop:RateLimits:PublicPerMinute", "6")
        .Set("Ocop:RateLimits:ScansPerMinute", "6")
        .PlayingFrontEnd();

    [Fact]
    public async Task A_flood_of_page_requests_from_one_client_gets_429_with_Retry_After_and_others_are_unaffected()
    {
        var client = App.Client(null);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++) statuses.Add((await client.GetAsync("/t/7K3M-9Q2X-A1B")).StatusCode);
        Assert.Equal(6, statuses.Count(s => s == HttpStatusCode.NotFound)); // the first six get their (unverified) page
        var limited = await client.GetAsync("/p/some-product-abcdefghjkmn");
        await limited.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        // Another client (its address as the front end appends it) still gets through.
        var other = new HttpRequestMessage(HttpMethod.Get, "/t/7K3M-9Q2X-A1B");
        other.Headers.Add("X-Forwarded-For", "203.0.113.7");
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(other)).StatusCode);
        // Keyed API calls are not the public pages' budget.
        await (await App.Client().GetAsync("/api/products")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_stuck_till_is_slowed_down_per_sales_point()
    {
        var admin = App.Client();
        var salesPointId = await admin.CreateSalesPointAsync();
        var shop = App.Client(await admin.SalesPointKeyAsync(salesPointId));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 9; i++)
            statuses.Add((await shop.PostAsync($"/api/sales-points/{salesPointId}/scans",
                Api.JsonBody(new JsonObject { ["id"] = $"v{i}", ["code"] = "7K3M-9Q2X-A1B", ["kind"] = "verify" }))).StatusCode);
        Assert.Equal(6, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }
}

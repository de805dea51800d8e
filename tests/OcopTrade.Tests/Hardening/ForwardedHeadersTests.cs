using System.Net;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Hardening;

/// <summary>The worker believes only its host's X-Forwarded-For, whose last entry the front end appends with the
/// caller's real address (the local host does so as Azure's does), so a client that makes up a new address for every
/// request still has one budget (security issue #19).</summary>
public class ForwardedHeadersTests : OwnAppTests
{
    protected override OcopApp Configure(OcopApp app) => app.Set("Ocop:RateLimits:PublicPerMinute", "6");

    [Fact]
    public async Task Made_up_forwarded_addresses_from_a_peer_that_is_not_a_proxy_share_one_page_budget()
    {
        var client = App.Client(null);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/t/7K3M-9Q2X-A1B");
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i + 1}");
            statuses.Add((await client.SendAsync(request)).StatusCode);
        }
        Assert.Equal(6, statuses.Count(s => s == HttpStatusCode.NotFound));
        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }
}

using System.Net;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Hardening;

/// <summary>A key that calls too often (a runaway script, a leaked key) gets 429 with Retry-After; other keys, and
/// the operator's admin key, carry on.</summary>
public class KeyRateLimitTests : OwnAppTests
{
    protected override OcopApp Configure(OcopApp app) => app.Set("Ocop:RateLimits:KeyPerMinute", "5");

    [Fact]
    public async Task A_key_over_its_limit_gets_429_with_retry_after_and_other_keys_do_not()
    {
        var admin = App.Client();
        var busy = App.Client(await admin.ProducerKeyAsync(await admin.CreateProducerAsync()));
        var other = App.Client(await admin.ProducerKeyAsync(await admin.CreateProducerAsync()));

        for (var i = 0; i < 5; i++) await (await busy.GetAsync("/api/products")).ExpectAsync(HttpStatusCode.OK);
        var limited = await busy.GetAsync("/api/products");
        await limited.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        await (await other.GetAsync("/api/products")).ExpectAsync(HttpStatusCode.OK);
        for (var i = 0; i < 10; i++) await (await admin.GetAsync("/api/products")).ExpectAsync(HttpStatusCode.OK);
    }
}

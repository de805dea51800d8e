using System.Net;
using OcopTrade.Functions.Access;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Hardening;

/// <summary>Guessing keys is slowed down per client address: after three failures a minute here, the address gets
/// 429 with Retry-After for any key it presents, the right one included, until its budget refills.</summary>
public class FailedAttemptsTests : OwnAppTests
{
    protected override OcopApp Configure(OcopApp app) => app.Set("Ocop:RateLimits:FailedAttemptsPerMinute", "3");

    [Fact]
    public async Task Wrong_keys_get_429_with_retry_after_once_the_address_has_failed_three_times()
    {
        var admin = App.Client();
        var key = await admin.ProducerKeyAsync(await admin.CreateProducerAsync());
        var guesser = App.Client("ocop_not-a-key-anyone-was-given");
        for (var i = 0; i < 3; i++) await (await guesser.GetAsync("/api/products")).ExpectProblemAsync(HttpStatusCode.Unauthorized);

        var limited = await guesser.GetAsync("/api/products");
        await limited.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        await (await App.Client(key).GetAsync("/api/products")).ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        await (await App.Client(null).GetAsync("/api/health")).ExpectAsync(HttpStatusCode.OK); // no key, no throttle
    }

    [Fact]
    public async Task Failed_sign_ins_get_429_with_retry_after_once_the_address_has_failed_three_times()
    {
        var browser = App.Client(null);
        for (var i = 0; i < 3; i++) await (await browser.SendAsync(SignIn("ocop_guess-" + i))).ExpectProblemAsync(HttpStatusCode.Unauthorized);

        var limited = await browser.SendAsync(SignIn("ocop_guess-3"));
        await limited.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    public static HttpRequestMessage SignIn(string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Sessions.SignInPath) { Content = new FormUrlEncodedContent([new("key", key)]) };
        request.Headers.Add(Sessions.CsrfHeader, "1");
        return request;
    }
}

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
        await ThrottledAfterThreeFailuresAsync(() => guesser.GetAsync("/api/products"));
        // The right key too, while the address is throttled (a refill that fell in between is spent first).
        var right = await App.Client(key).GetAsync("/api/products");
        if (right.StatusCode == HttpStatusCode.OK)
        {
            await guesser.GetAsync("/api/products");
            right = await App.Client(key).GetAsync("/api/products");
        }
        await right.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        await (await App.Client(null).GetAsync("/api/health")).ExpectAsync(HttpStatusCode.OK); // no key, no throttle
    }

    [Fact]
    public async Task Failed_sign_ins_get_429_with_retry_after_once_the_address_has_failed_three_times()
    {
        var browser = App.Client(null);
        var guess = 0;
        await ThrottledAfterThreeFailuresAsync(() => browser.SendAsync(SignIn("ocop_guess-" + guess++)));
    }

    /// <summary>Three 401s, then a 429 with Retry-After. The budget refills a failure every 10 s, on the limiter's
    /// own clock, so a refill may fall between the attempts: two more are allowed for it.</summary>
    private static async Task ThrottledAfterThreeFailuresAsync(Func<Task<HttpResponseMessage>> attempt)
    {
        for (var i = 0; i < 3; i++) await (await attempt()).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        HttpResponseMessage answer;
        var more = 0;
        do answer = await attempt();
        while (answer.StatusCode == HttpStatusCode.Unauthorized && ++more < 3);
        await answer.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(answer.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    public static HttpRequestMessage SignIn(string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Sessions.SignInPath)
        {
            Content = new FormUrlEncodedContent([new("key", key)]),
        };
        request.Headers.Add(Sessions.CsrfHeader, "1");
        return request;
    }
}

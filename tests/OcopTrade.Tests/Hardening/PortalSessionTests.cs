using System.Net;
using OcopTrade.Functions.Access;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Hardening;

/// <summary>A portal session is held on the server: signing out ends it at once (a copied cookie is then worth
/// nothing), and it calls on its key's budget like the key itself (security issue #19).</summary>
public class PortalSessionTests : OwnAppTests
{
    protected override OcopApp Configure(OcopApp app) => app.Set("Ocop:RateLimits:KeyPerMinute", "5");

    [Fact]
    public async Task A_signed_out_cookie_is_refused_at_once()
    {
        var session = await SignedInAsync();
        await (await session.GetAsync("/api/products")).ExpectAsync(HttpStatusCode.OK);

        var signOut = new HttpRequestMessage(HttpMethod.Post, "/portal/sign-out");
        signOut.Headers.Add(Sessions.CsrfHeader, "1");
        await (await session.SendAsync(signOut)).ExpectAsync(HttpStatusCode.OK);

        await (await session.GetAsync("/api/products")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_session_over_its_keys_limit_gets_429_with_retry_after()
    {
        var session = await SignedInAsync();
        for (var i = 0; i < 5; i++) await (await session.GetAsync("/api/products")).ExpectAsync(HttpStatusCode.OK);

        // The budget refills a call every 10 s on the limiter's own clock: a refill between the calls lets one more by.
        HttpResponseMessage limited;
        var more = 0;
        do limited = await session.GetAsync("/api/products");
        while (limited.StatusCode == HttpStatusCode.OK && ++more < 3);
        await limited.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    /// <summary>A client that sends the session cookie it was given (kept by hand: the cookie is Secure, and this
    /// is plain http on loopback), as a copied cookie would be sent.</summary>
    private async Task<HttpClient> SignedInAsync()
    {
        var admin = App.Client();
        var key = await admin.ProducerKeyAsync(await admin.CreateProducerAsync());
        var signedIn = await App.Client(null).SendAsync(FailedAttemptsTests.SignIn(key));
        await signedIn.ExpectAsync(HttpStatusCode.OK);
        var cookie = signedIn.Headers.GetValues("Set-Cookie")
            .Single(c => c.StartsWith(Sessions.CookieName + "=")).Split(';')[0];
        var session = App.Client(null);
        session.DefaultRequestHeaders.Add("Cookie", cookie);
        return session;
    }
}

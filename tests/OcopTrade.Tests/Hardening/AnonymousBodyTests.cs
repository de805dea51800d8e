using System.Net;
using OcopTrade.Functions.Access;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Hardening;

/// <summary>An anonymous body (the sign-in form) must be small and must arrive within the deadline.</summary>
public class AnonymousBodyTests : OwnAppTests
{
    protected override OcopApp Configure(OcopApp app) => app.Set("Ocop:Limits:AnonymousBodySeconds", "1");

    [Fact]
    public async Task A_sign_in_form_still_arriving_after_the_deadline_is_cut_off_with_408()
    {
        // 300 bytes a second: ten seconds for the whole form, where the deadline allows one.
        await using var upload = await SlowUpload.StartAsync(
            App.BaseAddress, length: 3000, bytesEach: 30, every: TimeSpan.FromMilliseconds(100));
        var answer = await upload.AnswerAsync();
        Assert.StartsWith("HTTP/1.1 408", answer);
        Assert.Contains("application/problem+json", answer);
        Assert.Contains("body-timeout", answer);
        Assert.True(upload.Sent < 3000, $"cut off before the whole form arrived: {upload.Sent} bytes");
    }

    [Fact]
    public async Task A_sign_in_form_larger_than_a_few_KiB_is_refused_with_413()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Sessions.SignInPath)
        {
            Content = new FormUrlEncodedContent([new("key", new string('a', 5000))]),
        };
        request.Headers.Add(Sessions.CsrfHeader, "1");
        await (await App.Client(null).SendAsync(request)).ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }
}

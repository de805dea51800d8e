using System.Net;
using OcopTrade.Functions.Access;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Hardening;

/// <summary>An anonymous body (the sign-in form) must be small and must arrive within the deadline.</summary>
public class AnonymousBodyTests : OwnAppTests
{
    protected override OcopApp Configure(OcopApp app) => app.Set("Ocop:Limits:AnonymousBodySeconds", "1");

    [Fact]
    public async Task A_sign_in_form_still_arriving_after_the_deadline_is_refused_with_408_and_not_acted_on()
    {
        // 300 bytes a second: ten seconds for the whole form, where the deadline allows one.
        await using var upload = await SlowUpload.StartAsync(
            App.BaseAddress, length: 3000, bytesEach: 30, every: TimeSpan.FromMilliseconds(100));
        var answer = await upload.AnswerAsync();
        // Refused for its pace, not read and acted on: the whole form does arrive in the end, because the Functions
        // host forwards it over HTTP/1.1, whose client sends a body before it reads an early answer
        // (dotnet/corefx#27341), so the worker's 408 reaches the sender when its body ends. Cutting such a sender
        // off is the front end's part; the worker's part is that it spent no admitted capacity on it.
        Assert.StartsWith("HTTP/1.1 408", answer);
        Assert.Contains("application/problem+json", answer);
        Assert.Contains("body-timeout", answer);
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

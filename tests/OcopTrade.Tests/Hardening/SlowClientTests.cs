using System.Net;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Hardening;

/// <summary>Slow anonymous uploads to the sign-in form (security issue #19, finding 4): they used to count as work
/// in flight while their bodies trickled in, so a few hundred of them made the app answer 503 to everybody.</summary>
public class SlowClientTests : OwnAppTests
{
    private const int Uploads = 8;

    protected override OcopApp Configure(OcopApp app) => app
        .Set("Ocop:Load:MaxConcurrentRequests", "4")
        .Set("Ocop:Limits:AnonymousBodySeconds", "60")
        .Set("Ocop:Limits:MinBodyBytesPerSecond", "0"); // only the deadline, which this test outlasts, cuts them off

    [Fact]
    public async Task Twice_the_capacity_in_slow_anonymous_sign_ins_leaves_an_authenticated_call_answered()
    {
        var uploads = new List<SlowUpload>();
        try
        {
            for (var i = 0; i < Uploads; i++)
                uploads.Add(await SlowUpload.StartAsync(
                    App.BaseAddress, length: 4000, bytesEach: 1, every: TimeSpan.FromMilliseconds(100)));
            await Eventually.HoldsAsync(() => Task.FromResult(uploads.Count(u => u.Sent > 6 || u.Answered)),
                n => n == Uploads, because: "every upload under way (or already answered)");

            var admin = App.Client();
            await Eventually.StaysAsync(async () => (await admin.GetAsync("/api/producers")).StatusCode,
                status => status == HttpStatusCode.OK, TimeSpan.FromSeconds(2), "an authenticated call is served");
            Assert.All(uploads, upload => Assert.False(upload.Answered, "a slow upload is held, neither answered nor cut"));
        }
        finally
        {
            foreach (var upload in uploads) await upload.DisposeAsync();
        }
    }
}

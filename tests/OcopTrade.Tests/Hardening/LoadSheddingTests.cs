using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Hardening;

/// <summary>Past its in-flight limit the app answers 503 with Retry-After at once (what the load script sees above
/// the knee), keeps answering health probes, and serves normally again as soon as load falls. Anonymous callers
/// have only a share of the capacity (here one place of two), so they cannot take it from callers with a
/// key.</summary>
public class LoadSheddingTests : OwnAppTests
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _held;

    /// <summary>Requests to /test/hold stay in flight until released: two of them fill the app's capacity.</summary>
    private sealed class HoldFilter(LoadSheddingTests test) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use(async (HttpContext context, Func<Task> following) =>
            {
                if (context.Request.Path != "/test/hold") { await following(); return; }
                Interlocked.Increment(ref test._held);
                await test._release.Task;
                context.Response.StatusCode = 204;
            });
        };
    }

    protected override OcopApp Configure(OcopApp app) => app
        .Set("Ocop:Load:MaxConcurrentRequests", "2")
        .WithServices(s => s.AddSingleton<IStartupFilter>(new HoldFilter(this)));

    [Fact]
    public async Task Beyond_capacity_requests_get_503_with_retry_after_and_health_still_answers()
    {
        var admin = App.Client();
        var held = new[] { admin.GetAsync("/test/hold"), admin.GetAsync("/test/hold") };
        await Eventually.HoldsAsync(() => Task.FromResult(Volatile.Read(ref _held)), n => n == 2, because: "two requests in flight");

        var shed = await admin.GetAsync("/api/producers");
        await shed.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(1), shed.Headers.RetryAfter?.Delta);
        await (await admin.GetAsync("/api/health")).ExpectAsync(HttpStatusCode.OK);

        _release.SetResult();
        foreach (var response in await Task.WhenAll(held)) Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await (await admin.GetAsync("/api/producers")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Anonymous_requests_beyond_their_share_get_503_while_a_caller_with_a_key_is_still_served()
    {
        var anonymous = App.Client(null);
        anonymous.Timeout = TimeSpan.FromSeconds(30); // an admitted second request would be held until released
        var held = anonymous.GetAsync("/test/hold");
        await Eventually.HoldsAsync(() => Task.FromResult(Volatile.Read(ref _held)), n => n == 1,
            because: "one anonymous request in flight");

        var shed = await anonymous.GetAsync("/test/hold");
        await shed.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(1), shed.Headers.RetryAfter?.Delta);
        await (await App.Client().GetAsync("/api/producers")).ExpectAsync(HttpStatusCode.OK);

        _release.SetResult();
        Assert.Equal(HttpStatusCode.NoContent, (await held).StatusCode);
    }
}

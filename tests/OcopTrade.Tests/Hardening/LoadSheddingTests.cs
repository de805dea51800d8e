using System.Net;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
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

    /// <summary>The app's table client with one step that holds every read of the id <see cref="HeldId"/> until
    /// released: a request for it stays in flight inside its function, as a slow storage call would keep it.
    /// </summary>
    private sealed class HoldReads(LoadSheddingTests test) : HttpPipelinePolicy
    {
        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (message.Request.Uri.ToString().Contains(HeldId))
            {
                Interlocked.Increment(ref test._held);
                await test._release.Task;
            }
            await ProcessNextAsync(message, pipeline);
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();
    }

    private const string HeldId = "heedheedheed"; // a well-formed id (Ids), so the read is made

    protected override OcopApp Configure(OcopApp app) => app
        .Set("Ocop:Load:MaxConcurrentRequests", "2")
        .WithServices(s => s.AddSingleton(_ =>
        {
            var options = new TableClientOptions();
            options.AddPolicy(new HoldReads(this), HttpPipelinePosition.PerCall);
            return new TableServiceClient(app.Storage.ConnectionString, options);
        }));

    [Fact]
    public async Task Beyond_capacity_requests_get_503_with_retry_after_and_health_still_answers()
    {
        var admin = App.Client();
        var held = new[] { admin.GetAsync($"/api/producers/{HeldId}"), admin.GetAsync($"/api/producers/{HeldId}") };
        await Eventually.HoldsAsync(() => Task.FromResult(Volatile.Read(ref _held)), n => n == 2, because: "two requests in flight");

        var shed = await admin.GetAsync("/api/producers");
        await shed.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(1), shed.Headers.RetryAfter?.Delta);
        await (await admin.GetAsync("/api/health")).ExpectAsync(HttpStatusCode.OK);

        _release.SetResult();
        foreach (var response in await Task.WhenAll(held)) Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await (await admin.GetAsync("/api/producers")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Anonymous_requests_beyond_their_share_get_503_while_a_caller_with_a_key_is_still_served()
    {
        var anonymous = App.Client(null);
        anonymous.Timeout = TimeSpan.FromSeconds(30); // an admitted second request would be held until released
        var held = anonymous.GetAsync($"/p/held-{HeldId}");
        await Eventually.HoldsAsync(() => Task.FromResult(Volatile.Read(ref _held)), n => n == 1,
            because: "one anonymous request in flight");

        var shed = await anonymous.GetAsync($"/p/held-{HeldId}");
        await shed.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(1), shed.Headers.RetryAfter?.Delta);
        await (await App.Client().GetAsync("/api/producers")).ExpectAsync(HttpStatusCode.OK);

        _release.SetResult();
        Assert.Equal(HttpStatusCode.NotFound, (await held).StatusCode);
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using OcopTrade.Functions.Syndication;
using OcopTrade.Tests.Support;
using static OcopTrade.Tests.Syndication.SyndicationFixture;

namespace OcopTrade.Tests.Syndication;

/// <summary>The app's queue client with one extra step that, as each syndication job is about to be sent, reads the
/// channel's record from storage: a job may run the instant it is sent, and it decides from the record.</summary>
public sealed partial class JobOrderFixture : SyndicationFixture
{
    public ConcurrentQueue<(string Action, string? IntentWhenSent)> Sent { get; } = new();

    protected override void Configure(OcopApp app) => app.WithServices(services => services.AddSingleton(sp =>
    {
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        options.AddPolicy(new RecordAtSend(() => sp.GetRequiredService<SyndicationStore>(), Sent), HttpPipelinePosition.PerCall);
        return new QueueServiceClient(Storage.ConnectionString, options);
    }));

    private sealed partial class RecordAtSend(Func<SyndicationStore> store, ConcurrentQueue<(string, string?)> sent) : BeforeSending
    {
        protected override bool Watches(HttpMessage message) =>
            message.Request.Method == RequestMethod.Post && message.Request.Uri.Path.Contains("/syndication-voso/");

        protected override async Task OnSendingAsync(HttpMessage message, string body)
        {
            var job = JsonNode.Parse(Convert.FromBase64String(MessageText().Match(body).Groups[1].Value))!;
            var record = await store().FindAsync(job["productId"]!.GetValue<string>(), "voso", message.CancellationToken);
            sent.Enqueue((job["action"]!.GetValue<string>(), record?.Record.Intent.ToString()));
        }

        [GeneratedRegex("<MessageText>([^<]*)</MessageText>")]
        private static partial Regex MessageText();
    }
}

[Collection("Marketplace simulator")]
public class JobOrderTests(JobOrderFixture fixture) : IClassFixture<JobOrderFixture>
{
    /// <summary>Listing again on a marketplace the producer left: had the job been sent before the record said
    /// "publish", a job run at once would read "delist", find nothing to take down and finish, and the product would
    /// stay off the marketplace until the sweep, a quarter of an hour later.</summary>
    [Fact]
    public async Task Every_job_is_sent_after_its_record_says_what_it_is_for_so_listing_again_after_a_delisting_works()
    {
        var (producer, _, productId) = await fixture.PublishedProductAsync();
        await SyndicateAsync(producer, productId, "voso");
        await UntilAsync(producer, productId, "live", "voso");
        await (await producer.DeleteAsync($"/api/products/{productId}/syndications/voso")).ExpectAsync(HttpStatusCode.Accepted);
        await UntilAsync(producer, productId, "delisted", "voso");

        fixture.Sent.Clear();
        var accepted = await SyndicateAsync(producer, productId, "voso");
        Assert.Equal("queued", State(accepted, "voso"));
        Assert.Equal([("publish", "Publish")], fixture.Sent);
        await UntilAsync(producer, productId, "live", "voso");
        var sku = "OCOP-" + productId.ToUpperInvariant();
        Assert.True((await fixture.Simulator.ListingsAsync("voso")).Single(l => l!["sku"]!.GetValue<string>() == sku)!["active"]!.GetValue<bool>());

        // And the other way: a delisting's job finds "delist" already written.
        fixture.Sent.Clear();
        await (await producer.DeleteAsync($"/api/products/{productId}/syndications/voso")).ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal([("delist", "Delist")], fixture.Sent);
        await UntilAsync(producer, productId, "delisted", "voso");
    }
}

using Azure;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Syndication;

/// <summary>The one way a request puts a product on channels, whether a producer pressed it for one product or a bulk
/// action asked it for many: pressing again for the same product version queues nothing new.</summary>
public static class ListingRequests
{
    /// <summary>Queues a publish job per channel unless that channel already holds, or is on its way to, this
    /// version (each channel's own: its category and price are part of it). Answers every channel record of the product as it now stands, and the channels queued.</summary>
    public static async Task<(IReadOnlyList<SyndicationRecord> Records, IReadOnlyList<string> Queued)> QueueAsync(
        Product product, IReadOnlyList<Channel> channels, Func<Channel, string> versionOn,
        IReadOnlyList<(SyndicationRecord Record, ETag ETag)> existing, SyndicationStore store, SyndicationQueues queues,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var all = new System.Collections.Concurrent.ConcurrentDictionary<string, SyndicationRecord>(
            existing.ToDictionary(r => r.Record.Channel, r => r.Record));
        var etags = existing.ToDictionary(r => r.Record.Channel, r => r.ETag);
        var queued = new System.Collections.Concurrent.ConcurrentBag<string>();
        // Channels are independent (own queue, own row): queue them side by side.
        await Task.WhenAll(channels.Select(async channel =>
        {
            (SyndicationRecord Record, ETag ETag)? known =
                all.TryGetValue(channel.Name, out var record) ? (record, etags[channel.Name]) : null;
            var version = versionOn(channel);
            var queue = false;
            // The record first, then the message: the job decides from the record (a re-listing after a delisting
            // would otherwise find "delist" and finish), and it may run the moment the message is sent. A crash
            // between the two leaves a record saying "queued" with no job, which the sweep queues again.
            var written = await store.UpdateAsync(product.Id, channel.Name, r =>
            {
                queue = !(r is { Intent: JobAction.Publish } && r.Version == version
                    && r.State is not (SyndicationState.NeedsAttention or SyndicationState.Delisted));
                // This version is already queued, on its way or settled: pressing again changes nothing.
                return queue ? Queued(r, product, channel, version, clock.GetUtcNow()) : null;
            }, cancellationToken, known);
            if (written is { Record: var shown }) all[channel.Name] = shown;
            if (!queue) return;
            await queues.SendAsync(
                new SyndicationJob(product.Id, channel.Name, JobAction.Publish, version, JobOrigin.Producer),
                cancellationToken);
            queued.Add(channel.Name);
        }));
        return ([.. all.Values.OrderBy(r => r.Channel, StringComparer.Ordinal)],
            [.. queued.Order(StringComparer.Ordinal)]);
    }

    private static SyndicationRecord Queued(
        SyndicationRecord? record, Product product, Channel channel, string version, DateTimeOffset now) =>
        (record ?? ListingJobs.New(product, channel, now))
            .Moving(SyndicationState.Queued, $"Đã xếp hàng chờ đăng lên {channel.DisplayName}.", now) with
        {
            Intent = JobAction.Publish,
            Version = version,
            Reasons = [],
            Attempt = 0,
            NextAttemptAt = null,
        };
}

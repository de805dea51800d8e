using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Microsoft.Azure.Functions.Worker;
using OcopTrade.Functions.Observability;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Syndication;

/// <summary>"The admin changed this group's category on this channel": one page of the channel's live listings per
/// message, the next page queued with its continuation token.</summary>
public sealed record CategoryChange(string Channel, ProductGroup Group, string? ContinuationToken = null);

/// <summary>After an admin edits a category mapping, the live listings of that group on that channel are re-synced
/// through the ordinary coalesced re-sync of each product (<see cref="ResyncOnProductChange"/>), a bounded page per
/// message rather than inline in the admin's request. A listing whose producer overrode the category keeps its
/// version, so its re-sync sends nothing.</summary>
public sealed class CategoryChangeResync(
    SyndicationStore store, ProductStore products, ResyncOnProductChange resync, QueueServiceClient queues)
{
    public const string Queue = "syndication-category-changes";
    public const int PageSize = 100;

    public Task QueueAsync(Channel channel, ProductGroup group, CancellationToken cancellationToken) =>
        SendAsync(new CategoryChange(channel.Name, group), cancellationToken);

    [Function("ResyncCategoryListings")]
    public async Task<JobResult> Run([QueueTrigger(Queue)] CategoryChange change, CancellationToken cancellationToken)
    {
        if (Channels.Find(change.Channel) is null)
            return JobResult.Done(null, $"{change.Channel}: no such channel; nothing to re-sync.");
        var (productIds, next) = await store.LiveOnAsync(change.Channel, change.ContinuationToken, PageSize,
            cancellationToken);
        var matched = 0;
        await Parallel.ForEachAsync(productIds, new ParallelOptions
        {
            MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken,
        }, async (productId, ct) =>
        {
            if (await products.FindAsync(productId, ct) is not { Product.Fields.Group: var group } || group != change.Group)
                return;
            await resync.ChangedAsync(productId, ct);
            Interlocked.Increment(ref matched);
        });
        if (next is not null) await SendAsync(change with { ContinuationToken = next }, cancellationToken);
        return JobResult.Done(new JsonObject { ["resynced"] = matched, ["more"] = next is not null },
            $"{change.Channel}/{change.Group}: {matched} of {productIds.Count} live listings re-synced.");
    }

    private Task SendAsync(CategoryChange change, CancellationToken cancellationToken) =>
        queues.GetQueueClient(Queue).SendMessageAsync(JobMessages.Wrap(change), cancellationToken);
}

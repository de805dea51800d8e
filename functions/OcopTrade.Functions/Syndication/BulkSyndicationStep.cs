using Microsoft.Extensions.Options;
using OcopTrade.Functions.Images;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Syndication;

/// <summary>A bulk action on one product, exactly as its producer pressing the button would do it: the readiness
/// check first (a channel the product is not ready for is skipped, with the checklist's unmet requirements), then
/// the single request's own queuing, which leaves alone a channel already holding this version.</summary>
public sealed class BulkSyndicationStep(
    SyndicationStore store, ImageStore images, SyndicationQueues queues, IOptions<SyndicationOptions> options,
    ListingTermsSource termsSource, TimeProvider clock, ILogger<BulkSyndicationStep> logger)
{
    public async Task<ProductOutcome> RunAsync(
        BulkSyndicationRecord bulk, Product product, CancellationToken cancellationToken)
    {
        try { return await ListAsync(bulk, product, cancellationToken); }
        catch (Exception e) when (e is not OperationCanceledException && !StorageFailure.IsUnavailable(e))
        {
            // One product's trouble does not stop the others; storage being down fails the page, which is retried.
            logger.LogError(e, "Bulk syndication {Bulk} could not handle product {Product}", bulk.Id, product.Id);
            return ProductOutcome.Failure;
        }
    }

    private async Task<ProductOutcome> ListAsync(
        BulkSyndicationRecord bulk, Product product, CancellationToken cancellationToken)
    {
        var listed = store.ListAsync(product.Id, cancellationToken);
        var photos = images.ListAsync(product.Id, cancellationToken);
        var effective = termsSource.ForAsync(product, cancellationToken);
        await Task.WhenAll(listed, photos, effective);
        var channels = Targets(bulk, await listed);
        if (channels.Count == 0) return ProductOutcome.Nothing;
        var (shown, terms) = (await photos, await effective);
        var readiness = SyndicationReadiness.Of(
            product, channels, shown, CertificateValidity.TodayInVietnam(clock), options.Value, terms);
        var skipped = readiness.Where(r => !r.Ready)
            .Select(r => new BulkSkip(product.Id, product.Fields.Name ?? product.Id, r.Channel, [.. r.Unmet]))
            .ToList();
        var ready = channels.Where(c => readiness.Any(r => r.Channel == c.Name && r.Ready)).ToList();
        if (ready.Count == 0) return new ProductOutcome(0, 0, skipped);
        var (_, queued) = await ListingRequests.QueueAsync(product, ready,
            channel => ListingMapper.Version(product, shown, terms[channel.Name]), await listed, store, queues, clock,
            cancellationToken);
        return new ProductOutcome(queued.Count, ready.Count - queued.Count, skipped);
    }

    /// <summary>Sending aims at the one channel named; a retry at each listing (of the channel named, if any) that
    /// a person must look at: one the producer wants up, not a delisting, which waits for its producer.</summary>
    private static List<Channel> Targets(
        BulkSyndicationRecord bulk, IReadOnlyList<(SyndicationRecord Record, Azure.ETag ETag)> listed) =>
        bulk.Action == BulkAction.SendReady
            ? [Channels.Find(bulk.Channel)!]
            : [.. listed.Select(l => l.Record)
                .Where(r => r is { State: SyndicationState.NeedsAttention, Intent: JobAction.Publish })
                .Where(r => bulk.Channel is null || r.Channel == bulk.Channel)
                .Select(r => Channels.Find(r.Channel)).OfType<Channel>()];
}

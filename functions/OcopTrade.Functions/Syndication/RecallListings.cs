using OcopTrade.Functions.Images;
using OcopTrade.Functions.Products;
using OcopTrade.Functions.Traceability;

namespace OcopTrade.Functions.Syndication;

/// <summary>Follows a lot's hold, recall or lift on the marketplaces through the ordinary listing jobs: when no lot
/// of the product is left to sell, every listing still meant to be up gets a job, which finds the product withdrawn
/// (<see cref="LotAvailability"/>) and takes it down; when a lift makes it sellable again, the re-sync brings the
/// listings the lifecycle took down back up. The producer's intent is never changed.</summary>
public sealed class RecallListings(
    SyndicationStore store, SyndicationQueues queues, ProductStore products, ImageStore images,
    ListingTermsSource terms, ResyncOnProductChange resync, LotAvailability availability, TimeProvider clock)
{
    public async Task FollowAsync(string productId, CancellationToken ct)
    {
        if (!await availability.WithdrawnAsync(productId, CertificateValidity.TodayInVietnam(clock), ct))
        {
            await resync.ChangedAsync(productId, ct);
            return;
        }
        if (await CurrentListing.ReadAsync(products, images, terms, productId, ct) is not { Versions: var versions })
            return;
        foreach (var (record, _) in await store.ListAsync(productId, ct))
            if (record.Intent == JobAction.Publish && record.State != SyndicationState.Delisted
                && versions.TryGetValue(record.Channel, out var version))
                await queues.SendAsync(
                    new SyndicationJob(productId, record.Channel, JobAction.Publish, version, JobOrigin.Lifecycle), ct);
    }
}

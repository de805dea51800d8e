using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using OcopTrade.Functions.Images;
using OcopTrade.Functions.Observability;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Syndication;

/// <summary>One queue function per marketplace, so a slow or throttling marketplace holds up only its own queue.
/// </summary>
public sealed class MarketplaceFunctions(ListingJobs jobs, IServiceProvider services)
{
    [Function(nameof(SyndicateVoso))]
    public Task<JobResult> SyndicateVoso(
        [QueueTrigger(Channels.VosoQueue)] SyndicationJob job, FunctionContext context) =>
        jobs.RunAsync(Channels.Voso, services.GetRequiredService<VosoConnector>(), job, context.DequeueCount(),
            context.CancellationToken);

    [Function(nameof(SyndicatePostmart))]
    public Task<JobResult> SyndicatePostmart(
        [QueueTrigger(Channels.PostmartQueue)] SyndicationJob job, FunctionContext context) =>
        jobs.RunAsync(Channels.Postmart, services.GetRequiredService<PostmartConnector>(), job, context.DequeueCount(),
            context.CancellationToken);

    [Function(nameof(SyndicateShopee))]
    public Task<JobResult> SyndicateShopee(
        [QueueTrigger(Channels.ShopeeQueue)] SyndicationJob job, FunctionContext context) =>
        jobs.RunAsync(Channels.Shopee, services.GetRequiredService<ShopeeConnector>(), job, context.DequeueCount(),
            context.CancellationToken);
}

/// <summary>Queues jobs for one channel: used by the endpoints, the re-sync and the sweep alike.</summary>
public sealed class SyndicationQueues(QueueServiceClient queues, IOptions<SyndicationOptions> options)
{
    public Task SendAsync(SyndicationJob job, CancellationToken cancellationToken) =>
        queues.GetQueueClient(Channels.Find(job.Channel)!.Queue).SendMessageAsync(JobMessages.Wrap(job), cancellationToken);

    public Task SendResyncAsync(string productId, CancellationToken cancellationToken) =>
        queues.GetQueueClient(Channels.ResyncQueue).SendMessageAsync(
            JobMessages.Wrap(new ResyncRequest(productId)), options.Value.CoalesceWindow, cancellationToken: cancellationToken);
}

/// <summary>Hooked into every product write and every photo change: the first change in a while queues one re-sync,
/// delayed by the coalescing window; further edits meanwhile only touch the marker. A product with no listings costs
/// one query.</summary>
public sealed class ResyncOnProductChange(
    SyndicationStore store, SyndicationQueues queues, IOptions<SyndicationOptions> options, TimeProvider clock,
    ILogger<ResyncOnProductChange> logger) : IProductChanges, IPhotoChanges
{
    public Task ChangedAsync(Product product, CancellationToken cancellationToken) => ChangedAsync(product.Id, cancellationToken);

    public async Task ChangedAsync(string productId, CancellationToken cancellationToken)
    {
        try
        {
            var records = await store.ListAsync(productId, cancellationToken);
            if (!records.Any(r => r.Record.Intent == JobAction.Publish)) return;
            if (await store.MarkChangedAsync(productId, clock.GetUtcNow(), options.Value.CoalesceWindow * 10, cancellationToken))
                await queues.SendResyncAsync(productId, cancellationToken);
        }
        catch (Exception e) when (StorageFailure.IsUnavailable(e) || e is Azure.RequestFailedException)
        {
            // The product (or photo) write stands; the sweep finds listings out of step and re-syncs them.
            logger.LogWarning(e, "Could not queue the re-sync of {Product}; the syndication sweep will catch up", productId);
        }
    }
}

/// <summary>Runs once the coalescing window after a product's first change: one job per listed channel at the
/// product's current version. A change that arrived while it ran leaves the marker changed, so it queues itself again.</summary>
public sealed class ResyncProduct(
    SyndicationStore store, ProductStore products, ImageStore images, ListingTermsSource terms, SyndicationQueues queues)
{
    [Function("ResyncListings")]
    public async Task<JobResult> Run(
        [QueueTrigger(Channels.ResyncQueue)] ResyncRequest request, CancellationToken cancellationToken)
    {
        if (await store.ChangeMarkerAsync(request.ProductId, cancellationToken) is not { } marker)
            return JobResult.Done(null, $"{request.ProductId}: already re-synced.");
        var queued = 0;
        if (await CurrentListing.ReadAsync(products, images, terms, request.ProductId, cancellationToken) is
            { Versions: var versions })
        {
            foreach (var (record, _) in await store.ListAsync(request.ProductId, cancellationToken))
            {
                if (!versions.TryGetValue(record.Channel, out var version)) continue;
                // A listing the lifecycle took down (intent still "publish") comes back when the product is listable again.
                if (record.Intent != JobAction.Publish) continue;
                if (record.State == SyndicationState.Live && record.SyncedVersion == version) continue;
                await queues.SendAsync(new SyndicationJob(record.ProductId, record.Channel, JobAction.Publish, version, JobOrigin.Resync), cancellationToken);
                queued++;
            }
        }
        if (!await store.TryClearChangeMarkerAsync(request.ProductId, marker, cancellationToken))
            await queues.SendResyncAsync(request.ProductId, cancellationToken);
        return JobResult.Done(new JsonObject { ["queued"] = queued }, $"{request.ProductId}: {queued} channel jobs queued.");
    }
}

/// <summary>The safety net behind the events: every 10 minutes, listings whose product is no longer listable are
/// taken down, live listings behind their product are re-synced, and jobs stuck without a message (a crash between
/// two writes) are queued again.</summary>
public sealed class SyndicationSweep(
    SyndicationStore store, ProductStore products, ImageStore images, SyndicationQueues queues, IOptions<SyndicationOptions> options,
    Traceability.LotAvailability lots, ListingTermsSource terms, TimeProvider clock)
{
    [Function(nameof(SyndicationSweep))]
    public async Task<JobResult> Run(
        [TimerTrigger(SyndicationOptions.SweepSchedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = CertificateValidity.TodayInVietnam(clock);
        var queued = 0;
        // A product listed on several marketplaces has a record per channel: its product and photos are read once.
        var current = new Dictionary<string, (Product Product, IReadOnlyDictionary<string, string> Versions)?>(
            StringComparer.Ordinal);
        await foreach (var record in store.ActiveAsync(cancellationToken))
        {
            if (!current.TryGetValue(record.ProductId, out var read))
                current[record.ProductId] = read =
                    await CurrentListing.ReadAsync(products, images, terms, record.ProductId, cancellationToken);
            if (read is not { } found || !found.Versions.TryGetValue(record.Channel, out var version)) continue;
            var product = found.Product;
            var quiet = now - record.UpdatedAt > options.Value.StuckAfter;
            var withdrawn = record.State == SyndicationState.Live && ListingJobs.Listable(product, today)
                && await lots.WithdrawnAsync(product.Id, today, cancellationToken);
            var due = record switch
            {
                { State: SyndicationState.Live } when !ListingJobs.Listable(product, today) || withdrawn => true,
                { State: SyndicationState.Live } when record.SyncedVersion != version && now - product.UpdatedAt > options.Value.CoalesceWindow * 10 => true,
                { State: SyndicationState.Queued or SyndicationState.Publishing or SyndicationState.Retrying } when quiet => true,
                // A delisting that already failed into needsAttention waits for a person, not for the next sweep.
                { Intent: JobAction.Delist, State: not SyndicationState.NeedsAttention } when quiet => true,
                _ => false,
            };
            if (!due) continue;
            await queues.SendAsync(new SyndicationJob(record.ProductId, record.Channel, record.Intent, version, JobOrigin.Lifecycle), cancellationToken);
            queued++;
        }
        return JobResult.Done(new JsonObject { ["queued"] = queued }, $"Sweep queued {queued} syndication jobs.");
    }
}

/// <summary>A product as it stands and the listing version it makes on each channel with its photos and that
/// channel's terms; null when the product is gone. The re-sync and the sweep compare listings against it.</summary>
internal static class CurrentListing
{
    public static async Task<(Product Product, IReadOnlyDictionary<string, string> Versions)?> ReadAsync(
        ProductStore products, ImageStore images, ListingTermsSource terms, string productId,
        CancellationToken cancellationToken)
    {
        var product = products.FindAsync(productId, cancellationToken);
        var photos = images.ListAsync(productId, cancellationToken);
        await Task.WhenAll(product, photos);
        if (await product is not { } found) return null;
        var effective = await terms.ForAsync(found.Product, cancellationToken);
        var shown = await photos;
        return (found.Product, effective.ToDictionary(t => t.Key,
            t => ListingMapper.Version(found.Product, shown, t.Value), StringComparer.Ordinal));
    }
}

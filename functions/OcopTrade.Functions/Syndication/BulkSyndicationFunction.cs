using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Microsoft.Azure.Functions.Worker;
using OcopTrade.Functions.Observability;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Syndication;

/// <summary>Runs a bulk action one page of products per message, so memory stays bounded by the page however many
/// products a province has. Each page is counted into the action's progress under its ETag before the next page's
/// message is sent: a page delivered twice is processed once, and were it processed twice, the queuing it repeats
/// finds every channel already holding this version and queues nothing.</summary>
public sealed class BulkSyndicationFunction(
    BulkSyndicationStore bulks, BulkSyndicationProducts products, BulkSyndicationStep step, QueueServiceClient queues,
    IConfiguration configuration, TimeProvider clock)
{
    public const string Queue = "syndication-bulk";

    /// <summary>Products per page (<c>Syndication:BulkPageSize</c>): a page is one message's work.</summary>
    public const int DefaultPageSize = 50;

    /// <summary>Products of a page handled side by side: each waits mostly on storage.</summary>
    private const int ProductsInParallel = 8;

    public static Task SendAsync(
        QueueServiceClient queues, BulkSyndicationPage page, CancellationToken cancellationToken) =>
        queues.GetQueueClient(Queue).SendJobAsync(page, cancellationToken);

    [Function("ProcessBulkSyndication")]
    public async Task<JobResult> Run(
        [QueueTrigger(Queue)] BulkSyndicationPage message, CancellationToken cancellationToken)
    {
        if (await bulks.FindAsync(message.BulkId, cancellationToken) is not { } found)
            return JobResult.Done(null, $"{message.BulkId}: no such bulk action.");
        var (bulk, etag) = found;
        switch (bulk.Turn(message.Page))
        {
            case PageTurn.SendNext:
                await SendAsync(queues, new BulkSyndicationPage(bulk.Id, bulk.Page), cancellationToken);
                return JobResult.Done(null, $"{bulk.Id}: page {message.Page} was counted already; its next page sent.");
            case PageTurn.Finished or PageTurn.Stale:
                return JobResult.Done(null, $"{bulk.Id}: page {message.Page} was counted already.");
        }
        if (message.Page == 0)
            bulk = bulk with { State = BulkState.Running, Total = await products.CountAsync(bulk, cancellationToken) };
        var page = await products.PageAsync(bulk, PageSize, cancellationToken);
        var outcomes = await RunPageAsync(bulk, page.Items, cancellationToken);
        var next = bulk.Counting(outcomes, page.ContinuationToken, clock.GetUtcNow());
        if (!await bulks.TryCheckpointAsync(next, etag, cancellationToken))
            return JobResult.Done(null, $"{bulk.Id}: another delivery counted page {message.Page} first.");
        if (next.State != BulkState.Done)
            await SendAsync(queues, new BulkSyndicationPage(next.Id, next.Page), cancellationToken);
        return JobResult.Done(
            new JsonObject { ["processed"] = next.Processed, ["queued"] = next.Queued, ["skipped"] = next.Skipped },
            $"{bulk.Id}: page {message.Page}, {outcomes.Count} products, {next.Queued} jobs queued so far.");
    }

    private int PageSize =>
        Math.Clamp(configuration.GetValue("Syndication:BulkPageSize", DefaultPageSize), 1, QueryRules.MaxPageSize);

    private async Task<IReadOnlyList<ProductOutcome>> RunPageAsync(
        BulkSyndicationRecord bulk, IReadOnlyList<Product> page, CancellationToken cancellationToken)
    {
        var outcomes = new ProductOutcome[page.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, page.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ProductsInParallel, CancellationToken = cancellationToken },
            async (i, ct) => outcomes[i] = await step.RunAsync(bulk, page[i], ct));
        return outcomes;
    }
}

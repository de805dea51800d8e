using System.Text.Json.Nodes;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Syndication;

namespace OcopTrade.Functions.MarketplaceOrders;

/// <summary>One timer per marketplace (<c>%OrderPullSchedule%</c>) pulls the orders of every producer selling there.
/// A producer whose pull fails (the marketplace down, throttling) keeps its checkpoint and is pulled again next time;
/// the others go on. It is also what recovers a Shopee push that never arrived.</summary>
public sealed class OrderPullFunctions(
    OrderIngestion ingestion, OrderStore orders, SyndicationStore listings, IServiceProvider services,
    ILogger<OrderPullFunctions> logger)
{
    public const string Schedule = "0 */5 * * * *";

    [Function(nameof(PullVosoOrders))]
    public Task<JobResult> PullVosoOrders([TimerTrigger("%OrderPullSchedule%")] TimerInfo timer,
        CancellationToken cancellationToken) =>
        PullAsync(services.GetRequiredService<VosoConnector>(), cancellationToken);

    [Function(nameof(PullPostmartOrders))]
    public Task<JobResult> PullPostmartOrders([TimerTrigger("%OrderPullSchedule%")] TimerInfo timer,
        CancellationToken cancellationToken) =>
        PullAsync(services.GetRequiredService<PostmartConnector>(), cancellationToken);

    [Function(nameof(PullShopeeOrders))]
    public Task<JobResult> PullShopeeOrders([TimerTrigger("%OrderPullSchedule%")] TimerInfo timer,
        CancellationToken cancellationToken) =>
        PullAsync(services.GetRequiredService<ShopeeConnector>(), cancellationToken);

    /// <summary>Producers pulled side by side, a few at a time: one producer's pull mostly waits on the marketplace
    /// and on storage, and a province has hundreds.</summary>
    private const int ProducersAtOnce = 4;

    private async Task<JobResult> PullAsync(IOrderSource source, CancellationToken cancellationToken)
    {
        int read = 0, failed = 0;
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = ProducersAtOnce, CancellationToken = cancellationToken,
        };
        var producersTask = listings.ProducersOnAsync(source.Channel, cancellationToken);
        var checkpointsTask = orders.CheckpointsAsync(source.Channel, cancellationToken);
        await Task.WhenAll(producersTask, checkpointsTask);
        var checkpoints = await checkpointsTask;
        await Parallel.ForEachAsync(await producersTask, parallel,
            async (producerId, _) =>
            {
                try
                {
                    Interlocked.Add(ref read, await ingestion.PullAsync(source, producerId,
                        checkpoints.GetValueOrDefault(producerId), cancellationToken));
                }
                catch (Exception e)
                    when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failed);
                    logger.LogWarning(e,
                        "{Channel} orders of producer {Producer} not pulled; the next pull resumes from its checkpoint",
                        source.Channel, producerId);
                }
            });
        return JobResult.Done(new JsonObject { ["orders"] = read, ["failedProducers"] = failed },
            $"{source.Channel}: {read} changed orders read, {failed} producers to retry.");
    }
}

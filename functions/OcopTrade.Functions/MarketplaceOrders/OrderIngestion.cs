using System.Collections.Concurrent;
using OcopTrade.Functions.Producers;
using OcopTrade.Functions.Products;
using OcopTrade.Functions.Revenue;
using OcopTrade.Functions.Syndication;

namespace OcopTrade.Functions.MarketplaceOrders;

/// <summary>Brings one producer's orders on one marketplace in: every order changed since the checkpoint; each
/// completed line recorded as revenue, each cancellation or return after completion as its correction, each line of
/// a SKU we never listed for this producer logged for the admin. The checkpoint moves only after every order read
/// was recorded, so a marketplace that fails mid-pull is read again from where the last pull ended; what was already
/// recorded then replays (entry ids are marketplace, order and line).</summary>
public sealed class OrderIngestion(
    OrderStore orders, RevenueStore revenue, ProductStore products, ProducerStore producers, SyndicationStore listings,
    MarketplaceCredentials credentials, ProductStock stock, TimeProvider clock, ILogger<OrderIngestion> logger)
{
    /// <summary>How far back a producer's first pull looks.</summary>
    public static readonly TimeSpan FirstLookBack = TimeSpan.FromDays(30);
    private const int PullParallelism = 8;

    public async Task<int> PullAsync(IOrderSource source, string producerId, CancellationToken cancellationToken)
    {
        if (credentials.For(source.Channel, producerId) is not { } credential) return 0;
        var since = await orders.CheckpointAsync(source.Channel, producerId, cancellationToken)
            ?? clock.GetUtcNow() - FirstLookBack;
        var changed = await source.ChangedSinceAsync(credential, since, cancellationToken);
        // Orders are independent (their own entries, their own row): a few at a time; a pull's SKUs are looked up once.
        var skus = new ConcurrentDictionary<string, Task<string?>>(StringComparer.Ordinal);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = PullParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(changed, parallel, async (order, token) => await RecordAsync(producerId, order, token, skus));
        // The last change read is read again next time (sources are inclusive): nothing that shares its moment is lost.
        if (changed.Count > 0)
            await orders.MoveCheckpointAsync(source.Channel, producerId, changed.Max(o => o.UpdatedAt), cancellationToken);
        return changed.Count;
    }

    /// <summary>One order, from a pull or a push: idempotent, so a replay or a repeat records nothing twice.</summary>
    public async Task RecordAsync(
        string producerId, MarketplaceOrder reported, CancellationToken cancellationToken,
        ConcurrentDictionary<string, Task<string?>>? skus = null)
    {
        var earlier = await orders.FindAsync(producerId, reported.Channel, reported.OrderId, cancellationToken);
        var order = reported.Remembering(earlier);
        var province = (await producers.FindAsync(producerId, cancellationToken))?.Province;
        foreach (var line in order.Lines)
        {
            var listed = skus is null
                ? ListedProductAsync(producerId, order.Channel, line.Sku, cancellationToken)
                : skus.GetOrAdd(line.Sku, sku => ListedProductAsync(producerId, order.Channel, sku, cancellationToken));
            if (province is null || await listed is not { } productId)
            {
                await LogUnmatchedAsync(producerId, order, line, cancellationToken);
                continue;
            }
            await MoveStockAsync(producerId, productId, earlier, order, line, cancellationToken);
            if (order.CompletedAt is null) continue;
            await RecordEntryAsync(OrderRevenue.Sale(order, line, producerId, productId), province, order,
                cancellationToken);
            if (order.Undone)
                await RecordEntryAsync(OrderRevenue.Correction(order, line, producerId, productId), province, order,
                    cancellationToken);
        }
        await orders.SaveAsync(producerId, order, cancellationToken);
    }

    /// <summary>An order's units leave the stock when it is first seen (placed or later, not cancelled) and come back
    /// when an order counted that way is cancelled; returned goods are not put back on sale. Units the stock did not
    /// hold are an oversell, shown to the producer and its department.</summary>
    private async Task MoveStockAsync(
        string producerId, string productId, MarketplaceOrder? earlier, MarketplaceOrder order, OrderLine line,
        CancellationToken cancellationToken)
    {
        var counted = earlier is not null && earlier.Status != OrderStatus.Cancelled;
        if (!counted && order.Status != OrderStatus.Cancelled)
        {
            var oversold = await stock.LowerAsync(productId, line.Quantity, cancellationToken);
            if (oversold == 0) return;
            logger.LogWarning("{Channel} order {Order} oversold {Units} units of {Product}", order.Channel,
                order.OrderId, oversold, productId);
            await orders.LogOversellAsync(new Oversell(producerId, productId, order.Channel, order.OrderId, line.LineId,
                oversold,
                clock.GetUtcNow()), cancellationToken);
        }
        else if (counted && order.Status == OrderStatus.Cancelled)
            await stock.RaiseAsync(productId, line.Quantity, cancellationToken);
    }

    /// <summary>The product behind the SKU, if it is this producer's and we put it on this marketplace.</summary>
    private async Task<string?> ListedProductAsync(string producerId, string channel, string sku,
        CancellationToken cancellationToken)
    {
        if (OrderRevenue.ProductIdOf(sku) is not { } productId) return null;
        if (await products.FindAsync(productId, cancellationToken) is not { } found
            || found.Product.ProducerId != producerId) return null;
        return await listings.FindAsync(productId, channel, cancellationToken) is null ? null : productId;
    }

    private async Task LogUnmatchedAsync(string producerId, MarketplaceOrder order, OrderLine line,
        CancellationToken cancellationToken)
    {
        logger.LogWarning("{Channel} order {Order} line {Line}: SKU {Sku} was never listed for producer {Producer}; not recorded",
            order.Channel, order.OrderId, line.LineId, line.Sku, producerId);
        await orders.LogUnmatchedAsync(new UnmatchedLine(order.Channel, producerId, order.OrderId, line.LineId,
            line.Sku,
            line.Quantity, line.AmountVnd, clock.GetUtcNow()), cancellationToken);
    }

    private async Task RecordEntryAsync(RevenueFields entry, string province, MarketplaceOrder order,
        CancellationToken cancellationToken)
    {
        var (outcome, _) = await revenue.RecordAsync(entry, province, "marketplace:" + order.Channel,
            cancellationToken);
        if (outcome is not (RecordOutcome.Created or RecordOutcome.Replayed))
            logger.LogWarning("{Channel} order {Order}: revenue entry {Entry} not recorded ({Outcome})",
                order.Channel, order.OrderId, entry.Id, outcome);
    }
}

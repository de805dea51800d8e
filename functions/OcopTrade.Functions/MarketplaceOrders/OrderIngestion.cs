using Azure.Data.Tables;
using OcopTrade.Functions.Producers;
using OcopTrade.Functions.Products;
using OcopTrade.Functions.Revenue;
using OcopTrade.Functions.Syndication;

namespace OcopTrade.Functions.MarketplaceOrders;

/// <summary>Brings one producer's orders on one marketplace in: every order changed since the checkpoint; each
/// completed line recorded as revenue, each cancellation or return after completion as its correction, each line of
/// a SKU we never listed for this producer logged for the admin. The orders read are decided together
/// (<see cref="OrderBatch"/>) and written in bulk: each line's stock moved exactly once, a product at a time; revenue
/// entries recorded in table transactions, each order carried by its latest entry; the other orders saved as rows.
/// The checkpoint moves only after every order read was recorded, so a marketplace or a store that fails mid-pull is
/// read again from where the last pull ended; what was already recorded then replays (entry ids are marketplace,
/// order and line).</summary>
public sealed class OrderIngestion(
    OrderStore orders, RevenueStore revenue, ProductStore products, ProducerStore producers, SyndicationStore listings,
    MarketplaceCredentials credentials, ProductStock stock, TimeProvider clock, ILogger<OrderIngestion> logger)
{
    /// <summary>How far back a producer's first pull looks.</summary>
    public static readonly TimeSpan FirstLookBack = TimeSpan.FromDays(30);
    private const int LookupParallelism = 8;

    /// <param name="checkpoint">Where the producer's last pull of this marketplace stopped, read with every
    /// producer's (<see cref="OrderStore.CheckpointsAsync"/>); null before its first.</param>
    public async Task<int> PullAsync(IOrderSource source, string producerId, OrderCheckpoint? checkpoint,
        CancellationToken cancellationToken)
    {
        if (await credentials.ForAsync(source.Channel, producerId, cancellationToken) is not { } credential) return 0;
        checkpoint ??= OrderCheckpoint.From(clock.GetUtcNow() - FirstLookBack);
        var changed = await source.ChangedSinceAsync(credential, checkpoint.Since, cancellationToken);
        var unrecorded = checkpoint.Unrecorded(changed);
        if (unrecorded.Count == 0) return 0;
        await RecordAsync(producerId, source.Channel, unrecorded, cancellationToken);
        // The last change read is read again next time (sources are inclusive): nothing that shares its moment is lost.
        await orders.MoveCheckpointAsync(source.Channel, producerId, checkpoint.After(changed), cancellationToken);
        return unrecorded.Count;
    }

    /// <summary>Orders of one marketplace, from a pull or a push: idempotent, so a replay or a repeat records nothing
    /// twice. The revenue writer is begun beside the lookups: its lease and the year rows are read meanwhile.</summary>
    public async Task RecordAsync(
        string producerId, string channel, IReadOnlyList<MarketplaceOrder> reported,
        CancellationToken cancellationToken)
    {
        if (reported.Count == 0) return;
        var earlierTask = orders.FindWithEntriesAsync(producerId, channel, reported.Select(o => o.OrderId),
            cancellationToken);
        var listedTask = ListedProductsAsync(producerId, channel, reported, cancellationToken);
        OrderBatch batch;
        IReadOnlyDictionary<string, MarketplaceOrder> earlier;
        HashSet<string> carried;
        await using (var writer = revenue.BeginOrderLines(producerId, cancellationToken))
        {
            var province = (await producers.FindAsync(producerId, cancellationToken))?.Province;
            var listed = await listedTask;
            (earlier, var stored) = await earlierTask;
            // A producer we do not know has no products listed: every line is logged for the admin.
            batch = OrderBatch.Plan(producerId, reported, earlier,
                sku => province is null ? null : listed.GetValueOrDefault(sku));
            await LogUnmatchedAsync(producerId, batch, cancellationToken);
            carried = await RecordAsStockMovesAsync(producerId, channel, batch,
                province is null ? null : new(writer, province, stored), cancellationToken);
        }
        await orders.SaveManyAsync(producerId, batch.Orders.Where(o => !carried.Contains(o.OrderId)
            && !OrderBatch.Unchanged(earlier.GetValueOrDefault(o.OrderId), o)), cancellationToken);
        await SettleStockAsync(batch, cancellationToken);
    }

    /// <summary>Where a batch's revenue goes: the producer's writer, its province, and its stored entries among the
    /// batch's.</summary>
    private sealed record RevenueTarget(RevenueStore.OrderLinesWriter Writer, string Province,
        List<TableEntity> Stored);

    /// <summary>The batch's revenue, its entries written once the stock moved: the products' stock ledgers say which
    /// lines moved them until the orders recorded here do, so a crash before these writes moves nothing twice. An order
    /// its new entry carries needs no row; the others are saved once the revenue is recorded (both idempotent, by entry
    /// and order id). No revenue for a producer we do not know (<paramref name="target"/> null).</summary>
    private async Task<HashSet<string>> RecordAsStockMovesAsync(string producerId, string channel,
        OrderBatch batch, RevenueTarget? target, CancellationToken cancellationToken)
    {
        var stockMoved = MoveStockAsync(producerId, channel, batch, cancellationToken);
        try
        {
            return target is null ? []
                : await RecordRevenueAsync(producerId, channel, batch, target, stockMoved, cancellationToken);
        }
        finally { await stockMoved; }
    }

    /// <summary>Each product's stock moves once for the batch's lines (250 to a transaction), each line exactly once
    /// (<see cref="ProductStock.MoveForLinesAsync"/>): units back first, then units sold; units the stock did not
    /// hold are an oversell, shown to the producer and its department.</summary>
    private async Task MoveStockAsync(string producerId, string channel, OrderBatch batch,
        CancellationToken cancellationToken)
    {
        foreach (var (productId, lines) in batch.StockByProduct())
        {
            var byKey = lines.DistinctBy(l => l.Claim.Key).ToDictionary(l => l.Claim.Key, StringComparer.Ordinal);
            var orderIds = lines.Select(l => l.Order.OrderId).Distinct(StringComparer.Ordinal).ToList();
            foreach (var (moved, oversold) in await stock.MoveForLinesAsync(productId,
                [.. byKey.Values.Select(l => l.Claim)], async token => OrderBatch.Counted(
                    await orders.FindManyAsync(producerId, channel, orderIds, token), lines), cancellationToken))
                foreach (var (claim, units) in moved.Oversold(oversold))
                    await LogOversellAsync(producerId, byKey[claim.Key], units, cancellationToken);
        }
    }

    /// <summary>The orders saved say now which lines moved the stock: each product's ledger forgets them.</summary>
    private async Task SettleStockAsync(OrderBatch batch, CancellationToken cancellationToken)
    {
        foreach (var (productId, lines) in batch.StockByProduct())
            await stock.SettleAsync(productId, lines.Select(l => l.Claim.Key), cancellationToken);
    }

    private async Task LogOversellAsync(string producerId, StockLine line, int units,
        CancellationToken cancellationToken)
    {
        logger.LogWarning("{Channel} order {Order} oversold {Units} units of {Product}", line.Order.Channel,
            line.Order.OrderId, units, line.ProductId);
        await orders.LogOversellAsync(new Oversell(producerId, line.ProductId, line.Order.Channel,
            line.Order.OrderId, line.Line.LineId, units, clock.GetUtcNow()), cancellationToken);
    }

    /// <summary>The product behind each SKU of the batch, looked up once per SKU.</summary>
    private async Task<Dictionary<string, string?>> ListedProductsAsync(
        string producerId, string channel, IEnumerable<MarketplaceOrder> reported, CancellationToken cancellationToken)
    {
        var skus = reported.SelectMany(o => o.Lines).Select(l => l.Sku).Distinct(StringComparer.Ordinal).ToList();
        var found = new System.Collections.Concurrent.ConcurrentDictionary<string, string?>(StringComparer.Ordinal);
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = LookupParallelism, CancellationToken = cancellationToken,
        };
        await Parallel.ForEachAsync(skus, parallel, async (sku, token) =>
            found[sku] = await ListedProductAsync(producerId, channel, sku, token));
        return new Dictionary<string, string?>(found, StringComparer.Ordinal);
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

    private async Task LogUnmatchedAsync(string producerId, OrderBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Unmatched.Count == 0) return;
        foreach (var (order, line) in batch.Unmatched)
            logger.LogWarning(
                "{Channel} order {Order} line {Line}: SKU {Sku} was never listed for producer {Producer}; not recorded",
                order.Channel, order.OrderId, line.LineId, line.Sku, producerId);
        var seenAt = clock.GetUtcNow();
        await orders.LogUnmatchedAsync(batch.Unmatched.Select(u => new UnmatchedLine(u.Order.Channel, producerId,
            u.Order.OrderId, u.Line.LineId, u.Line.Sku, u.Line.Quantity, u.Line.AmountVnd, seenAt)), cancellationToken);
    }

    /// <summary>Records the batch's entries, each order carried by one of them; returns the orders whose carrying
    /// entry was created.</summary>
    private async Task<HashSet<string>> RecordRevenueAsync(string producerId, string channel, OrderBatch batch,
        RevenueTarget target, Task stockMoved, CancellationToken cancellationToken)
    {
        var carriers = batch.Carriers();
        var recorded = await target.Writer.RecordAsync((target.Province, "marketplace:" + channel), batch.Entries,
            id => carriers.TryGetValue(id, out var order) ? OrderStore.Carried(order) : null, target.Stored,
            stockMoved, cancellationToken);
        var carried = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (entry, outcome) in recorded)
            if (outcome is RecordOutcome.Created && carriers.TryGetValue(entry.Id!, out var order))
                carried.Add(order.OrderId);
            else if (outcome is not (RecordOutcome.Created or RecordOutcome.Replayed))
                logger.LogWarning("{Channel}: revenue entry {Entry} of producer {Producer} not recorded ({Outcome})",
                    channel, entry.Id, producerId, outcome);
        return carried;
    }
}

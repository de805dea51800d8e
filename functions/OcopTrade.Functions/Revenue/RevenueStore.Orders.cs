using Azure;
using Azure.Data.Tables;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Revenue;

public sealed partial class RevenueStore
{
    private const int OrderTransactionActions = 100;
    /// <summary>Order-line transactions a pull writes side by side: on Azurite's one thread this hides the client's
    /// half of each; on Table storage a partition takes thousands of entities a second. (The orders benchmark's anchor
    /// sends as many.)</summary>
    public const int OrderTransactionsInFlight = 4;
    /// <summary>Import ids of order-line transactions start so: they never meet a file import's. Their producer cells
    /// are moved after them, under a marker (<see cref="OrderLinesCellsMarker"/>).</summary>
    public const string OrderLinesPrefix = "lines.";
    /// <summary>Order-line transactions written before 2026-11-30 moved the producer's year rows themselves: a replay
    /// of them owes only their province cells.</summary>
    private const string EarlierOrderLinesPrefix = "orders.";
    /// <summary>The property of an order entry that carries its order as the marketplace last reported it (JSON), so
    /// the order needs no row of its own (see <c>OrderStore</c>).</summary>
    public const string CarriedOrderProperty = "MarketplaceOrder";

    /// <summary>One order-lines transaction of entries: its import id, and the province and roll-up movement of each
    /// of its entries.</summary>
    private sealed record OrderLinesTransaction(string ImportId, List<(string Province, RollupDelta Delta)> Moves);

    /// <summary>An order entry to write: its fields, fingerprint and the one roll-up movement it makes.</summary>
    private sealed record OrderLineWrite(RevenueFields Fields, string Fingerprint, RollupDelta Delta);

    private sealed record OrderLineDecisions(
        List<(RevenueFields Entry, RecordOutcome Outcome)> Outcomes, List<OrderLineWrite> Written,
        List<TableEntity> Replayed);

    /// <summary>Each entry against what is stored and what came earlier in the batch, in the batch's order (a sale
    /// before the correction that adjusts it), as <see cref="RecordHeldAsync"/> decides one.</summary>
    private static OrderLineDecisions DecideOrderLines(
        string producerId, IReadOnlyList<RevenueFields> entries, Dictionary<string, TableEntity> stored,
        IReadOnlyDictionary<string, TableEntity> years)
    {
        var decisions = new OrderLineDecisions([], [], []);
        var batch = new Dictionary<string, string>(StringComparer.Ordinal);
        var months = new MonthTotals(producerId, years);
        foreach (var f in entries)
        {
            var fingerprint = Ids.Fingerprint(f);
            var outcome = Decide(f, fingerprint, stored, batch, decisions.Replayed);
            if (outcome == RecordOutcome.Created && !months.TryAdd(f.Month!, f.AmountVnd!.Value))
                outcome = RecordOutcome.OverMonthCap;
            if (outcome == RecordOutcome.Created)
            {
                var delta = new RollupDelta(f.Channel!.Value, f.Month!, f.AmountVnd!.Value, f.Quantity!.Value);
                decisions.Written.Add(new(f, fingerprint, delta));
                batch[f.Id!] = fingerprint;
            }
            decisions.Outcomes.Add((f, outcome));
        }
        return decisions;
    }

    /// <summary>One entry's fate before the month cap: a replay (its stored entity kept, to apply its province cells
    /// if a cut-short batch did not), an id reused, a correction without its sale, or new.</summary>
    private static RecordOutcome Decide(
        RevenueFields f, string fingerprint, Dictionary<string, TableEntity> stored, Dictionary<string, string> batch,
        List<TableEntity> replayed)
    {
        if (f.Replaces is not null)
            throw new ArgumentException("Order lines adjust a sale; they never replace one.", nameof(f));
        if (batch.TryGetValue(f.Id!, out var earlier))
            return earlier == fingerprint ? RecordOutcome.Replayed : RecordOutcome.IdReused;
        if (stored.TryGetValue(f.Id!, out var entity))
        {
            if (entity.GetString("RequestFingerprint") != fingerprint) return RecordOutcome.IdReused;
            batch[f.Id!] = fingerprint;
            replayed.Add(entity);
            return RecordOutcome.Replayed;
        }
        if (f.Adjusts is not { } target || batch.ContainsKey(target)) return RecordOutcome.Created;
        if (!stored.TryGetValue(target, out var sale)) return RecordOutcome.TargetMissing;
        return sale.GetString("ReplacedBy") is null ? RecordOutcome.Created : RecordOutcome.TargetAlreadyReplaced;
    }

    /// <summary>The stored entries among a batch's ids and targets (one query over the key range they span: an order's
    /// lines and corrections sort together) and the producer's year rows (another), read side by side.</summary>
    private async Task<(Dictionary<string, TableEntity> Entries, Dictionary<string, TableEntity> Years)>
        StoredOrderEntriesAsync(string producerId, IReadOnlyList<RevenueFields> entries,
            CancellationToken cancellationToken)
    {
        var keys = entries.SelectMany(f => new[] { f.Id!, f.Adjusts }).OfType<string>().Select(EntryKey).ToList();
        var (first, last) = (keys.Min(StringComparer.Ordinal), keys.Max(StringComparer.Ordinal));
        var span = TableClient.CreateQueryFilter(
            $"PartitionKey eq {producerId} and RowKey ge {first} and RowKey le {last}");
        var stored = RowsByKeyAsync(span, key => key[2..], cancellationToken);
        var years = RowsByKeyAsync(YearRows(producerId), key => key, cancellationToken);
        return (await stored, await years);
    }

    private static string YearRows(string producerId) => TableClient.CreateQueryFilter(
        $"PartitionKey eq {producerId} and RowKey ge {ProducerCells.Prefix} and RowKey lt {"r}"}");

    private async Task<Dictionary<string, TableEntity>> RowsByKeyAsync(
        string filter, Func<string, string> keyOf, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            rows[keyOf(e.RowKey)] = e;
        return rows;
    }

    /// <summary>The new entries, 100 to a transaction, a few transactions side by side; nothing else is written in
    /// them, so none waits for another's answer. After a failure no further transaction starts, but those already
    /// sent finish: each then either went in or did not, and the next pull knows which.</summary>
    private async Task<List<OrderLinesTransaction>> WriteOrderLinesAsync(
        (string Province, string RecordedBy) by, List<OrderLineWrite> written, Func<string, string?> carriedBy,
        CancellationToken cancellationToken)
    {
        var transactions = written.Chunk(OrderTransactionActions)
            .Select(chunk => (Id: OrderLinesImportId(chunk.Select(w => w.Fields.Id!)), Chunk: chunk)).ToList();
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var slots = new SemaphoreSlim(OrderTransactionsInFlight);
        await Task.WhenAll(transactions.Select(async t =>
        {
            await slots.WaitAsync(failed.Token);
            try
            {
                await _table.SubmitTransactionAsync(t.Chunk.Select(w => new TableTransactionAction(
                    TableTransactionActionType.Add, OrderLineEntity(w, by.Province, by.RecordedBy, t.Id,
                        t.Chunk.Length, carriedBy(w.Fields.Id!)))), cancellationToken);
            }
            catch
            {
                await failed.CancelAsync();
                throw;
            }
            finally { slots.Release(); }
        }));
        return [.. transactions.Select(t => new OrderLinesTransaction(t.Id,
            [.. t.Chunk.Select(w => (by.Province, w.Delta))]))];
    }

    /// <summary>An order entry, marked with its transaction's import id and size: a later batch that finds the
    /// whole transaction replayed can apply its province cells again (a no-op, by the marker, when they
    /// were). It may carry its order.</summary>
    private TableEntity OrderLineEntity(OrderLineWrite w, string province, string recordedBy, string importId,
        int size, string? order)
    {
        var entity = ToEntity(w.Fields, province, recordedBy, w.Fingerprint, [w.Delta], importId);
        entity["ImportSize"] = size;
        if (order is not null) entity[CarriedOrderProperty] = order;
        return entity;
    }

    /// <summary>The order-lines transactions among replayed entries, whose cells a crash may have cut off from them
    /// (moved again by <see cref="MoveOrderLinesCellsAsync"/>, unless their markers say they were): each read whole,
    /// from the entries at hand when all replayed (a pull re-reads everything after its checkpoint), else read back
    /// unless its markers say every cell moved (<see cref="CellsMovedAsync"/>).
    /// A replayed entry of no transaction (recorded alone) has its province cells made sure of here.</summary>
    private async Task<List<OrderLinesTransaction>> ReplayedTransactionsAsync(string producerId,
        List<TableEntity> replayed, CancellationToken cancellationToken)
    {
        foreach (var entity in replayed.Where(e => e.GetString("ImportId") is null))
            await provinceRollups.ApplyAsync(entity, cancellationToken);
        var transactions = new List<OrderLinesTransaction>();
        foreach (var chunk in replayed.Where(e => e.GetString("ImportId") is { } id
            && (id.StartsWith(OrderLinesPrefix, StringComparison.Ordinal)
                || id.StartsWith(EarlierOrderLinesPrefix, StringComparison.Ordinal)))
            .GroupBy(e => e.GetString("ImportId")!))
        {
            var whole = chunk.Count() == chunk.First().GetInt32("ImportSize");
            if (!whole && await CellsMovedAsync(producerId, chunk.Key, cancellationToken)) continue;
            var entities = whole ? chunk.ToList() : await ImportEntriesAsync(producerId, chunk.Key, cancellationToken);
            transactions.Add(new(chunk.Key, [.. entities.Select(e => (e.GetString("Province"), Deltas(e).Single()))]));
        }
        return transactions;
    }

    private async Task<List<TableEntity>> ImportEntriesAsync(string producerId, string importId,
        CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {producerId} and ImportId eq {importId}");
        var entities = new List<TableEntity>();
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            entities.Add(e);
        return entities;
    }

    /// <summary>A transaction's import id: its entries' ids, hashed, so the same entries always make the same
    /// id.</summary>
    private static string OrderLinesImportId(IEnumerable<string> ids) =>
        OrderLinesPrefix + Ids.Fingerprint(ids.Order(StringComparer.Ordinal).ToList());
}

using Azure;
using Azure.Data.Tables;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Revenue;

public sealed partial class RevenueStore
{
    private const int OrderTransactionActions = 100;
    /// <summary>Import ids of order-line transactions start so: they never meet a file import's.</summary>
    public const string OrderLinesPrefix = "orders.";
    /// <summary>The property of an order entry that carries its order as the marketplace last reported it (JSON), so
    /// the order needs no row of its own (see <c>OrderStore</c>).</summary>
    public const string CarriedOrderProperty = "MarketplaceOrder";

    /// <summary>
    /// Marketplace order lines of one producer, recorded in bulk. The entries (sales, and corrections that adjust
    /// them) go with the producer's year rows they move in entity-group transactions of up to 100 actions, each year
    /// row written once per transaction rather than once per line. Each transaction is an import of its own (its id is
    /// a hash of its entry ids, carried by its entries) whose province cells are applied summed, under one marker
    /// (<see cref="ProvinceRollups.ApplyImportAsync"/>), while the next transaction is written. Every transaction is
    /// all-or-nothing and entry ids are deterministic, so a batch cut short (a crash, a lost race) is completed by the
    /// next one: what was written replays, its province cells are applied if they were not, nothing counts twice.
    /// Same outcomes as <see cref="RecordAsync"/> entry by entry. <paramref name="carried"/> names, by entry id, the
    /// order an entry carries when it is created (<see cref="CarriedOrderProperty"/>).
    /// </summary>
    public async Task<List<(RevenueFields Entry, RecordOutcome Outcome)>> RecordOrderLinesAsync(
        string producerId, string province, string recordedBy, IReadOnlyList<RevenueFields> entries,
        IReadOnlyDictionary<string, string> carried, CancellationToken cancellationToken)
    {
        if (entries.Count == 0) return [];
        await using (await lease.EnterWriterAsync(cancellationToken))
            for (var attempt = 0; ; attempt++)
            {
                var (stored, years) = await StoredOrderEntriesAsync(producerId, entries, cancellationToken);
                var decided = DecideOrderLines(producerId, entries, stored, years);
                try
                {
                    await Task.WhenAll(ApplyReplayedAsync(producerId, decided.Replayed, cancellationToken),
                        WriteOrderLinesAsync(producerId, (province, recordedBy), decided.Written, years, carried,
                            cancellationToken));
                    return decided.Outcomes;
                }
                catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < 50)
                {
                    // A concurrent writer moved a year row or wrote one of these ids: read again, go on from there.
                    await Task.Delay(Random.Shared.Next(5, 20 + attempt * 10), cancellationToken);
                }
            }
    }

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
        var yearRows = TableClient.CreateQueryFilter(
            $"PartitionKey eq {producerId} and RowKey ge {ProducerCells.Prefix} and RowKey lt {"r}"}");
        var stored = RowsByKeyAsync(span, key => key[2..], cancellationToken);
        var years = RowsByKeyAsync(yearRows, key => key, cancellationToken);
        return (await stored, await years);
    }

    private async Task<Dictionary<string, TableEntity>> RowsByKeyAsync(
        string filter, Func<string, string> keyOf, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            rows[keyOf(e.RowKey)] = e;
        return rows;
    }

    /// <summary>The new entries, a transaction at a time: entries plus the distinct year rows they move, each year row
    /// once, under the ETag last read or written (<paramref name="years"/> follows the writes). Each transaction's
    /// province cells are applied while the next is written, one transaction's after another's.</summary>
    private async Task WriteOrderLinesAsync(string producerId, (string Province, string RecordedBy) by,
        List<OrderLineWrite> written, Dictionary<string, TableEntity> years,
        IReadOnlyDictionary<string, string> carried, CancellationToken cancellationToken)
    {
        var (province, recordedBy) = by;
        var applied = Task.CompletedTask;
        try
        {
            foreach (var chunk in OrderLineChunks(producerId, written))
            {
                var importId = OrderLinesImportId(chunk.Select(w => w.Fields.Id!));
                var entities = chunk.Select(w => OrderLineEntity(w, province, recordedBy, importId, chunk.Count,
                    carried.GetValueOrDefault(w.Fields.Id!)));
                await SubmitOrderLinesAsync(producerId, [.. entities], chunk.Select(w => w.Delta), years,
                    cancellationToken);
                applied = ApplyAfterAsync(applied, importId,
                    chunk.Select(w => (producerId, province, w.Delta)).ToList(), cancellationToken);
            }
        }
        finally { await applied; }
    }

    private async Task ApplyAfterAsync(Task previous, string importId,
        List<(string ProducerId, string Province, RollupDelta Delta)> contributions,
        CancellationToken cancellationToken)
    {
        await previous;
        await provinceRollups.ApplyImportAsync(importId, contributions, cancellationToken);
    }

    private async Task SubmitOrderLinesAsync(string producerId, List<TableEntity> entities,
        IEnumerable<RollupDelta> deltas, Dictionary<string, TableEntity> years, CancellationToken cancellationToken)
    {
        var rows = deltas.GroupBy(d => ProducerCells.RowKey(producerId, d.Month)).Select(year =>
        {
            var row = years.TryGetValue(year.Key, out var current)
                ? ProducerCells.Copy(current)
                : ProducerCells.NewRow(producerId, year.Key);
            ProducerCells.Add(row, year);
            return (Row: row, IsNew: current is null);
        }).ToList();
        var actions = entities.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e))
            .Concat(rows.Select(r => r.IsNew
                ? new TableTransactionAction(TableTransactionActionType.Add, r.Row)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, r.Row, r.Row.ETag)))
            .ToList();
        var response = await _table.SubmitTransactionAsync(actions, cancellationToken);
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i].Row.ETag = response.Value[entities.Count + i].Headers.ETag ?? ETag.All;
            years[rows[i].Row.RowKey] = rows[i].Row;
        }
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

    /// <summary>Province cells of replayed entries: a transaction a crash cut off from its province write is applied
    /// now (from its entries, all replayed since a pull re-reads everything after its checkpoint, else read back);
    /// one that was applied is skipped by its marker.</summary>
    private async Task ApplyReplayedAsync(string producerId, List<TableEntity> replayed,
        CancellationToken cancellationToken)
    {
        foreach (var entity in replayed.Where(e => e.GetString("ImportId") is null))
            await provinceRollups.ApplyAsync(entity, cancellationToken);
        foreach (var chunk in replayed.Where(e => e.GetString("ImportId")?.StartsWith(OrderLinesPrefix,
            StringComparison.Ordinal) == true).GroupBy(e => e.GetString("ImportId")))
        {
            var entities = chunk.Count() == chunk.First().GetInt32("ImportSize")
                ? chunk.ToList()
                : await ImportEntriesAsync(producerId, chunk.Key, cancellationToken);
            await provinceRollups.ApplyImportAsync(chunk.Key, entities.Select(e =>
                (producerId, e.GetString("Province"), Deltas(e).Single())), cancellationToken);
        }
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

    /// <summary>Consecutive runs of entries that fit one transaction with the year rows they move.</summary>
    private static IEnumerable<List<OrderLineWrite>> OrderLineChunks(string producerId, List<OrderLineWrite> written)
    {
        var chunk = new List<OrderLineWrite>();
        var rows = new HashSet<string>(StringComparer.Ordinal);
        foreach (var w in written)
        {
            var row = ProducerCells.RowKey(producerId, w.Delta.Month);
            if (chunk.Count + 1 + rows.Count + (rows.Contains(row) ? 0 : 1) > OrderTransactionActions)
            {
                yield return chunk;
                (chunk, rows) = ([], new HashSet<string>(StringComparer.Ordinal));
            }
            chunk.Add(w);
            rows.Add(row);
        }
        if (chunk.Count > 0) yield return chunk;
    }
}

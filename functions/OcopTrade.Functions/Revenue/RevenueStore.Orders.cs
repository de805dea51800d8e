using Azure;
using Azure.Data.Tables;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Revenue;

public sealed partial class RevenueStore
{
    private const int OrderTransactionActions = 100;

    /// <summary>
    /// Marketplace order lines of one producer, recorded in bulk: the entries (sales, and corrections that adjust them)
    /// go with the producer's year rows they move in entity-group transactions of up to 100 actions, each year row
    /// written once per transaction rather than once per line; the province cells follow, many entries at a time
    /// (<see cref="ProvinceRollups.ApplyEntriesAsync"/>). Each transaction is all-or-nothing and entry ids are
    /// deterministic, so a batch cut short (a crash, a lost race) is completed by the next one: what was written
    /// replays, its province cells are applied if they were not, nothing counts twice. Same outcomes as
    /// <see cref="RecordAsync"/> entry by entry.
    /// </summary>
    public async Task<List<(RevenueFields Entry, RecordOutcome Outcome)>> RecordOrderLinesAsync(
        string producerId, string province, string recordedBy, IReadOnlyList<RevenueFields> entries,
        CancellationToken cancellationToken)
    {
        if (entries.Count == 0) return [];
        await using (await lease.EnterWriterAsync(cancellationToken))
            for (var attempt = 0; ; attempt++)
            {
                var (stored, years) = await StoredOrderEntriesAsync(producerId, entries, cancellationToken);
                var decided = DecideOrderLines(producerId, province, recordedBy, entries, stored, years);
                try
                {
                    await WriteOrderLinesAsync(producerId, decided.Written, years, cancellationToken);
                }
                catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < 50)
                {
                    // A concurrent writer moved a year row or wrote one of these ids: read again, go on from there.
                    await Task.Delay(Random.Shared.Next(5, 20 + attempt * 10), cancellationToken);
                    continue;
                }
                await provinceRollups.ApplyEntriesAsync([.. decided.Replayed, .. decided.Written.Select(w => w.Entity)],
                    cancellationToken);
                return decided.Outcomes;
            }
    }

    /// <summary>An order entry to write and the one roll-up movement it makes.</summary>
    private sealed record OrderLineWrite(TableEntity Entity, RollupDelta Delta);

    private sealed record OrderLineDecisions(
        List<(RevenueFields Entry, RecordOutcome Outcome)> Outcomes, List<OrderLineWrite> Written,
        List<TableEntity> Replayed);

    /// <summary>Each entry against what is stored and what came earlier in the batch, in the batch's order (a sale
    /// before the correction that adjusts it), as <see cref="RecordHeldAsync"/> decides one.</summary>
    private OrderLineDecisions DecideOrderLines(
        string producerId, string province, string recordedBy, IReadOnlyList<RevenueFields> entries,
        Dictionary<string, TableEntity> stored, IReadOnlyDictionary<string, TableEntity> years)
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
                decisions.Written.Add(new(ToEntity(f, province, recordedBy, fingerprint, [delta]), delta));
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
            if (entity.GetString("ImportId") is null) replayed.Add(entity);
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
        var span = TableClient.CreateQueryFilter($"PartitionKey eq {producerId} and RowKey ge {first} and RowKey le {last}");
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

    /// <summary>The new entries in transactions of at most 100 actions: entries plus the distinct year rows they
    /// move, each year row once, under the ETag last read or written (<paramref name="years"/> follows the
    /// writes).</summary>
    private async Task WriteOrderLinesAsync(string producerId, List<OrderLineWrite> written,
        Dictionary<string, TableEntity> years, CancellationToken cancellationToken)
    {
        foreach (var chunk in OrderLineChunks(producerId, written))
        {
            var rows = chunk.GroupBy(w => ProducerCells.RowKey(producerId, w.Delta.Month)).Select(year =>
            {
                var row = years.TryGetValue(year.Key, out var current)
                    ? ProducerCells.Copy(current)
                    : ProducerCells.NewRow(producerId, year.Key);
                ProducerCells.Add(row, year.Select(w => w.Delta));
                return (Row: row, IsNew: current is null);
            }).ToList();
            var actions = chunk.Select(w => new TableTransactionAction(TableTransactionActionType.Add, w.Entity))
                .Concat(rows.Select(r => r.IsNew
                    ? new TableTransactionAction(TableTransactionActionType.Add, r.Row)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, r.Row, r.Row.ETag)))
                .ToList();
            var response = await _table.SubmitTransactionAsync(actions, cancellationToken);
            for (var i = 0; i < rows.Count; i++)
            {
                rows[i].Row.ETag = response.Value[chunk.Count + i].Headers.ETag ?? ETag.All;
                years[rows[i].Row.RowKey] = rows[i].Row;
            }
        }
    }

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

using Azure;
using Azure.Data.Tables;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Revenue;

/// <summary>One plain row of an import (no correction) and what became of it. <c>Counts</c>: this import owns the
/// entry, so its province cells are this import's to apply.</summary>
public sealed record ImportedRow(int Row, RevenueFields Fields, RecordOutcome Outcome = RecordOutcome.Created, bool Counts = false);

public sealed partial class RevenueStore
{
    private const int MaxActions = 100;

    /// <summary>
    /// The batched path of an import, for one producer: entries and the producer's year rows they move go together in
    /// entity-group transactions of up to 100 actions, so each transaction is still all-or-nothing and a retried
    /// import (or a transaction lost to a concurrent writer) finds its entries by id and adds nothing twice.
    /// Entries are marked with the import's id; <see cref="ProvinceRollups.ApplyImportAsync"/> applies their province cells.
    /// </summary>
    public Task<List<ImportedRow>> RecordImportAsync(
        string producerId, string province, IReadOnlyList<ImportedRow> rows, string recordedBy, string importId,
        Action<int>? written, CancellationToken cancellationToken, bool assumeNew = false) =>
        RecordImportAsync(new ImportLedger(producerId, province), rows, recordedBy, importId, written,
            cancellationToken, assumeNew);

    /// <summary>
    /// <see cref="RecordImportAsync(string, string, IReadOnlyList{ImportedRow}, string, string, Action{int}?, CancellationToken, bool)"/>
    /// for one chunk of a file written a chunk at a time: the <paramref name="ledger"/> carries what the producer's
    /// earlier chunks met (ids of the file, year rows as written) to the next, so a row repeated chunks apart still
    /// counts once and the producer's partition is read once, not once a chunk.
    /// </summary>
    public async Task<List<ImportedRow>> RecordImportAsync(
        ImportLedger ledger, IReadOnlyList<ImportedRow> rows, string recordedBy, string importId,
        Action<int>? written, CancellationToken cancellationToken, bool assumeNew = false)
    {
        var producerId = ledger.ProducerId;
        for (var attempt = 0; ; attempt++)
        {
            // The first attempt for a producer new to revenue skips the read: it adds everything, and if anything exists
            // already the transaction fails with 409 and the next attempt reads.
            if (attempt > 0 || (!assumeNew && !ledger.Read)) ledger.Load(await PartitionAsync(producerId, cancellationToken));
            var (results, pending, seen) = Decide(ledger, rows, recordedBy, importId);
            try
            {
                foreach (var (at, count) in Transactions(pending, p => ProducerCells.RowKey(producerId, p.Delta.Month)))
                {
                    var batch = pending.Skip(at).Take(count).ToList();
                    await SubmitAsync(producerId, batch.Select(p => new TableTransactionAction(TableTransactionActionType.Add, p.Entity)).ToList(),
                        batch.Select(p => p.Delta), ledger.Years, cancellationToken);
                    written?.Invoke(count);
                }
                ledger.Remember(seen);
                return results;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < 50)
            {
                if (attempt == 0 && assumeNew) continue; // it was not new after all: read, then go on
                // A concurrent writer moved a year row (or wrote one of these ids): read the partition again and go on
                // from what is stored; entries already written are found by id and marked as ours.
                await Task.Delay(Random.Shared.Next(5, 20 + attempt * 10), cancellationToken);
            }
        }
    }

    /// <summary>Decides each row against what is stored, what earlier chunks of the file held and what came earlier
    /// in this one; the entries to add, with the year-row delta each moves.</summary>
    private (List<ImportedRow> Results, List<(ImportedRow Row, TableEntity Entity, RollupDelta Delta)> Pending,
        Dictionary<string, string> Seen) Decide(
        ImportLedger ledger, IReadOnlyList<ImportedRow> rows, string recordedBy, string importId)
    {
        var results = new List<ImportedRow>(rows.Count);
        var pending = new List<(ImportedRow Row, TableEntity Entity, RollupDelta Delta)>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var months = new MonthTotals(ledger.ProducerId, ledger.Years);
        foreach (var row in rows)
        {
            var f = row.Fields;
            var fingerprint = Ids.Fingerprint(f);
            // A repeated row of the same file never counts again, on the first run or a retry alike.
            if (seen.TryGetValue(f.Id!, out var earlier) || ledger.Seen.TryGetValue(f.Id!, out earlier))
                results.Add(row with { Outcome = earlier == fingerprint ? RecordOutcome.Replayed : RecordOutcome.IdReused });
            else if (ledger.Existing.TryGetValue(f.Id!, out var stored))
            {
                seen[f.Id!] = stored.Fingerprint ?? "";
                results.Add(stored.Fingerprint == fingerprint
                    ? row with { Outcome = RecordOutcome.Replayed, Counts = stored.ImportId == importId }
                    : row with { Outcome = RecordOutcome.IdReused });
            }
            else if (!months.TryAdd(f.Month!, f.AmountVnd!.Value))
                results.Add(row with { Outcome = RecordOutcome.OverMonthCap });
            else
            {
                seen[f.Id!] = fingerprint;
                var delta = new RollupDelta(f.Channel!.Value, f.Month!, f.AmountVnd!.Value, f.Quantity!.Value);
                var entity = ToEntity(f, ledger.Province, recordedBy, fingerprint, [delta], importId);
                pending.Add((row with { Outcome = RecordOutcome.Created, Counts = true }, entity, delta));
                results.Add(pending[^1].Row);
            }
        }
        return (results, pending, seen);
    }

    /// <summary>
    /// Takes back what an all-or-nothing import wrote for one producer, when a writer took one of the file's ids after
    /// the import's check (<see cref="ConflictsAsync"/>): the import's own entries go, and the producer's year rows lose
    /// what they added, in transactions like the ones that wrote them. The import never applied their province cells.
    /// An entry someone already corrected in those seconds stays, as a correction must keep its target.
    /// </summary>
    public async Task WithdrawImportAsync(string producerId, string importId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (entries, years) = await PartitionAsync(producerId, cancellationToken);
            // An import's entry holds one delta (one row of the file): one year row each, as when it was written.
            var withdrawn = entries.Where(e => e.GetString("ImportId") == importId && e.GetString("ReplacedBy") is null).Select(e =>
            {
                var d = Deltas(e).Single();
                return (Entry: e, Delta: d with { AmountVnd = -d.AmountVnd, Quantity = -d.Quantity });
            }).ToList();
            try
            {
                foreach (var (at, count) in Transactions(withdrawn, w => ProducerCells.RowKey(producerId, w.Delta.Month)))
                {
                    var batch = withdrawn.Skip(at).Take(count).ToList();
                    await SubmitAsync(producerId, batch.Select(w => new TableTransactionAction(TableTransactionActionType.Delete, w.Entry, w.Entry.ETag)).ToList(),
                        batch.Select(w => w.Delta), years, cancellationToken);
                }
                return;
            }
            catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412 && attempt < 50)
            {
                await Task.Delay(Random.Shared.Next(5, 20 + attempt * 10), cancellationToken);
            }
        }
    }

    /// <summary>A producer's entries (<c>e|…</c>) and year rows (<c>r|…</c>, by row key) in one query: they sort next to each other.</summary>
    private async Task<(List<TableEntity> Entries, Dictionary<string, TableEntity> Years)> PartitionAsync(string producerId, CancellationToken cancellationToken)
    {
        var entries = new List<TableEntity>();
        var years = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {producerId} and RowKey ge {"e|"} and RowKey lt {"r}"}");
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (e.RowKey.StartsWith("e|", StringComparison.Ordinal)) entries.Add(e);
            else if (e.RowKey.StartsWith(ProducerCells.Prefix, StringComparison.Ordinal)) years[e.RowKey] = e;
        }
        return (entries, years);
    }

    /// <summary>Runs of entries that fit one entity-group transaction together with the distinct year rows they move.</summary>
    private static IEnumerable<(int At, int Count)> Transactions<T>(IReadOnlyList<T> items, Func<T, string> yearRow)
    {
        var at = 0;
        while (at < items.Count)
        {
            var touched = new HashSet<string>(StringComparer.Ordinal);
            var end = at;
            while (end < items.Count)
            {
                var key = yearRow(items[end]);
                if ((end - at) + 1 + touched.Count + (touched.Contains(key) ? 0 : 1) > MaxActions) break;
                touched.Add(key);
                end++;
            }
            yield return (at, end - at);
            at = end;
        }
    }

    /// <summary>Submits entry actions with the year rows their deltas move, under the ETags held in <paramref name="years"/>,
    /// which then hold the rows as written (a failed transaction leaves them as they were: the rows changed are copies).</summary>
    private async Task SubmitAsync(string producerId, List<TableTransactionAction> entries, IEnumerable<RollupDelta> deltas,
        Dictionary<string, TableEntity> years, CancellationToken cancellationToken)
    {
        var changed = new List<(string Key, TableEntity Row, bool IsNew)>();
        foreach (var year in deltas.GroupBy(d => ProducerCells.RowKey(producerId, d.Month)))
        {
            var isNew = !years.TryGetValue(year.Key, out var current);
            var row = isNew ? ProducerCells.NewRow(producerId, year.Key) : ProducerCells.Copy(current!);
            ProducerCells.Add(row, year);
            changed.Add((year.Key, row, isNew));
        }
        var actions = entries.Concat(changed.Select(c => c.IsNew
            ? new TableTransactionAction(TableTransactionActionType.Add, c.Row)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, c.Row, c.Row.ETag))).ToList();
        var response = await _table.SubmitTransactionAsync(actions, cancellationToken);
        for (var i = 0; i < changed.Count; i++)
        {
            changed[i].Row.ETag = response.Value[entries.Count + i].Headers.ETag ?? ETag.All;
            years[changed[i].Key] = changed[i].Row;
        }
    }

    /// <summary>
    /// What writing these rows would refuse, found before anything is written, so an all-or-nothing import rejects
    /// without having recorded a part: an id stored (or earlier in the file) with other content, a correction whose
    /// target is neither stored nor a plain row of the file, or is already replaced, a row that would take the
    /// producer's month past <see cref="Money.ProducerMonthCapVnd"/>. One query per producer.
    /// Corrections are decided in file order after the plain rows, as <c>ProcessRevenueImport</c> writes them.
    /// </summary>
    public async Task<List<ImportProblem>> ConflictsAsync(
        IReadOnlyList<(int Row, RevenueFields Fields)> rows, CancellationToken cancellationToken)
    {
        var check = await ConflictCheckAsync(rows.Select(r => r.Fields.ProducerId!), cancellationToken);
        var ordered = rows.OrderBy(r => r.Fields.Replaces is not null || r.Fields.Adjusts is not null).ThenBy(r => r.Row);
        return [.. ordered.Select(r => check.Check(r.Row, r.Fields)).OfType<ImportProblem>().OrderBy(p => p.Row)];
    }

    /// <summary>The check of <see cref="ConflictsAsync"/> for a file read row by row: what is stored for each of
    /// these producers, read once (one query each, a few at a time); the rows are then given to
    /// <see cref="ImportConflicts.Check"/> plain rows first, then corrections, each in file order.</summary>
    public async Task<ImportConflicts> ConflictCheckAsync(IEnumerable<string> producerIds, CancellationToken cancellationToken)
    {
        var producers = new System.Collections.Concurrent.ConcurrentDictionary<string, ProducerConflicts>(StringComparer.Ordinal);
        var options = new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(producerIds.Distinct(StringComparer.Ordinal), options, async (producerId, ct) =>
        {
            var (stored, amounts, years) = await EntrySummariesAsync(producerId, ct);
            producers[producerId] = new ProducerConflicts(stored, amounts, new MonthTotals(producerId, years));
        });
        return new ImportConflicts(producers);
    }

    /// <summary>A producer's stored entries by id (fingerprint, whether replaced, month and amount) and its year rows'
    /// amounts by row key, in one query: they sort next to each other, and only the columns needed come back.</summary>
    private async Task<(Dictionary<string, (string? Fingerprint, bool Replaced)> Stored,
        Dictionary<string, (string Month, long Amount)> Amounts, Dictionary<string, TableEntity> Years)> EntrySummariesAsync(
        string producerId, CancellationToken cancellationToken)
    {
        var stored = new Dictionary<string, (string? Fingerprint, bool Replaced)>(StringComparer.Ordinal);
        var amounts = new Dictionary<string, (string Month, long Amount)>(StringComparer.Ordinal);
        var years = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {producerId} and RowKey ge {"e|"} and RowKey lt {"r}"}");
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, select: SummaryColumns, cancellationToken: cancellationToken))
        {
            if (e.RowKey.StartsWith(ProducerCells.Prefix, StringComparison.Ordinal)) { years[e.RowKey] = e; continue; }
            if (!e.RowKey.StartsWith("e|", StringComparison.Ordinal)) continue;
            stored[e.RowKey[2..]] = (e.GetString("RequestFingerprint"), e.GetString("ReplacedBy") is not null);
            amounts[e.RowKey[2..]] = (e.GetString("Month"), e.GetInt64("AmountVnd") ?? 0);
        }
        return (stored, amounts, years);
    }

    /// <summary>What <see cref="EntrySummariesAsync"/> reads: an entry's few columns and a year row's amount cells.</summary>
    private static readonly string[] SummaryColumns =
    [
        "RowKey", "RequestFingerprint", "ReplacedBy", "Month", "AmountVnd",
        .. Enum.GetValues<SalesChannel>().SelectMany(c => Enumerable.Range(1, 12).Select(m => ProducerCells.AmountProperty(c, $"2000-{m:D2}"))),
    ];

    /// <summary>Why a row was not recorded, as an import's report says it.</summary>
    public static string Reason(RecordOutcome outcome) => outcome switch
    {
        RecordOutcome.IdReused => "This id was already used for a different entry.",
        RecordOutcome.TargetMissing => "No entry with that id for this producer.",
        RecordOutcome.TargetAlreadyReplaced => "That entry was already replaced; correct the entry that replaced it.",
        RecordOutcome.OverMonthCap => "This would take the producer's revenue for the month past 10,000,000,000,000 VND.",
        _ => outcome.ToString(),
    };
}

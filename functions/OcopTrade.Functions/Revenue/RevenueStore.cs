using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Revenue;

public enum RecordOutcome { Created, Replayed, IdReused, TargetMissing, TargetAlreadyReplaced, OverMonthCap }

/// <summary>
/// Revenue entries and the producer × channel × month roll-up share one partition per producer, so an entry, the
/// entry it replaces and the roll-up cells it moves are written in ONE entity-group transaction: concurrent writers
/// conflict on the roll-up ETag and retry, and a retried request finds its entry and adds nothing twice.
/// Row keys: <c>e|{id}</c> entries, <c>r|{yyyy}</c> the year's roll-up cells (<see cref="ProducerCells"/>).
/// </summary>
public sealed partial class RevenueStore(TableServiceClient service, ProvinceRollups provinceRollups, RollupLease lease, TimeProvider clock)
{
    private readonly TableClient _table = service.GetTableClient(StorageNames.RevenueEntriesTable);

    public static string EntryKey(string id) => "e|" + id;

    /// <summary>Records one entry (and moves its roll-ups), waiting while a roll-up rebuild runs.</summary>
    /// <param name="eventId">The trade-promotion event a sale was made at (an event stall's sales).</param>
    public async Task<(RecordOutcome Outcome, RevenueEntry? Entry)> RecordAsync(
        RevenueFields f, string province, string recordedBy, CancellationToken cancellationToken, string? eventId = null)
    {
        await using (await lease.EnterWriterAsync(cancellationToken))
            return await RecordHeldAsync(f, province, recordedBy, cancellationToken, eventId);
    }

    /// <summary><see cref="RecordAsync"/> for a caller already holding a writer's <see cref="RollupLease"/> (an import).</summary>
    public async Task<(RecordOutcome Outcome, RevenueEntry? Entry)> RecordHeldAsync(
        RevenueFields f, string province, string recordedBy, CancellationToken cancellationToken, string? eventId = null)
    {
        var fingerprint = Ids.Fingerprint(f);
        for (var attempt = 0; ; attempt++)
        {
            var existing = await _table.GetEntityIfExistsAsync<TableEntity>(f.ProducerId!, EntryKey(f.Id!), cancellationToken: cancellationToken);
            if (existing.HasValue)
            {
                if (existing.Value!.GetString("RequestFingerprint") != fingerprint) return (RecordOutcome.IdReused, null);
                // A retry: the producer's cells are already right (same transaction); make sure the province's are too.
                await provinceRollups.ApplyAsync(existing.Value, cancellationToken);
                return (RecordOutcome.Replayed, ToEntry(existing.Value));
            }

            var deltas = new List<RollupDelta> { new(f.Channel!.Value, f.Month!, f.AmountVnd!.Value, f.Quantity!.Value) };
            var actions = new List<TableTransactionAction>();
            var targetId = f.Replaces ?? f.Adjusts;
            if (targetId is not null)
            {
                var target = await _table.GetEntityIfExistsAsync<TableEntity>(f.ProducerId!, EntryKey(targetId), cancellationToken: cancellationToken);
                if (!target.HasValue) return (RecordOutcome.TargetMissing, null);
                if (target.Value!.GetString("ReplacedBy") is not null) return (RecordOutcome.TargetAlreadyReplaced, null);
                if (f.Replaces is not null)
                {
                    var old = ToEntry(target.Value);
                    deltas.Add(new RollupDelta(old.Channel, old.Month, -old.AmountVnd, -old.Quantity));
                    target.Value["ReplacedBy"] = f.Id;
                    actions.Add(new(TableTransactionActionType.UpdateMerge, target.Value, target.Value.ETag));
                }
            }

            var entity = ToEntity(f, province, recordedBy, fingerprint, deltas);
            entity["EventId"] = eventId;
            WithoutNulls(entity);
            actions.Add(new(TableTransactionActionType.Add, entity));
            foreach (var year in deltas.GroupBy(d => ProducerCells.RowKey(f.ProducerId!, d.Month)))
            {
                var current = await _table.GetEntityIfExistsAsync<TableEntity>(f.ProducerId!, year.Key, cancellationToken: cancellationToken);
                var row = current.HasValue ? current.Value! : ProducerCells.NewRow(f.ProducerId!, year.Key);
                if (!ProducerCells.TryAdd(row, [.. year])) return (RecordOutcome.OverMonthCap, null);
                actions.Add(current.HasValue
                    ? new(TableTransactionActionType.UpdateReplace, row, current.Value!.ETag)
                    : new(TableTransactionActionType.Add, row));
            }

            try
            {
                await _table.SubmitTransactionAsync(actions, cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < 50)
            {
                // Someone else moved a cell or wrote this id meanwhile: read again and redo.
                await Task.Delay(Random.Shared.Next(5, 20 + attempt * 10), cancellationToken);
                continue;
            }
            await provinceRollups.ApplyAsync(entity, cancellationToken);
            return (RecordOutcome.Created, ToEntry(entity));
        }
    }

    /// <summary>Whether adding an amount to a producer's month keeps it within the cap: a check ahead of a write that
    /// must not wait for <see cref="RecordAsync"/>'s answer to refuse, such as a sales point's sale.</summary>
    public async Task<bool> MonthHasRoomAsync(string producerId, string month, long amount, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(
            producerId, ProducerCells.RowKey(producerId, month), cancellationToken: cancellationToken);
        var years = row.HasValue ? new Dictionary<string, TableEntity> { [row.Value!.RowKey] = row.Value } : [];
        return new MonthTotals(producerId, years).TryAdd(month, amount);
    }

    /// <summary>A producer's entries made at one event (its stall's sales), every one as recorded.</summary>
    public async Task<IReadOnlyList<RevenueEntry>> AtEventAsync(
        string producerId, string eventId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {producerId} and RowKey ge {"e|"} and RowKey lt {"e}"} and EventId eq {eventId}");
        var entries = new List<RevenueEntry>();
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            entries.Add(ToEntry(e));
        return entries;
    }

    public async Task<RevenueEntry?> FindAsync(string producerId, string id, CancellationToken cancellationToken)
    {
        if (!RevenueRules.IsKey(id)) return null;
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(producerId, EntryKey(id), cancellationToken: cancellationToken);
        return found.HasValue ? ToEntry(found.Value!) : null;
    }

    /// <summary>Entries of one producer (one partition), newest month first is not promised: key order.</summary>
    public async Task<ItemPage<RevenueEntry>> ListAsync(string producerId, SalesChannel? channel, string? from, string? to,
        string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {producerId} and RowKey ge {"e|"} and RowKey lt {"e}"}");
        if (channel is not null) filter += " and " + TableClient.CreateQueryFilter($"Channel eq {Channels.Name(channel.Value)}");
        if (from is not null) filter += " and " + TableClient.CreateQueryFilter($"Month ge {from}");
        if (to is not null) filter += " and " + TableClient.CreateQueryFilter($"Month le {to}");
        await foreach (var page in _table.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: cancellationToken).AsPages(continuation, pageSize))
            return new ItemPage<RevenueEntry>(page.Values.Select(ToEntry).ToList(), page.ContinuationToken);
        return new ItemPage<RevenueEntry>([], null);
    }

    /// <summary>Producer roll-up cells in a month range (inclusive).</summary>
    public async Task<List<(SalesChannel Channel, string Month, long Amount)>> CellsAsync(
        string producerId, string from, string to, CancellationToken cancellationToken)
    {
        var cells = new List<(SalesChannel, string, long)>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {producerId} and RowKey ge {ProducerCells.RowKey(producerId, from)} and RowKey le {ProducerCells.RowKey(producerId, to)}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            foreach (var c in ProducerCells.Expand(row))
                if (string.CompareOrdinal(c.Month, from) >= 0 && string.CompareOrdinal(c.Month, to) <= 0) cells.Add((c.Channel, c.Month, c.Amount));
        return cells;
    }

    /// <summary>Recomputes every producer roll-up from the raw entries (the entries are the truth; cells are a cache).</summary>
    public async Task<List<TableEntity>> RebuildAsync(CancellationToken cancellationToken)
    {
        var entries = new List<TableEntity>();
        var cells = new Dictionary<(string Producer, string Key), TableEntity>();
        await foreach (var e in _table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            if (e.RowKey.StartsWith("e|", StringComparison.Ordinal)) entries.Add(e);
            else if (e.RowKey.StartsWith("r|", StringComparison.Ordinal)) cells[(e.PartitionKey, e.RowKey)] = e;
        }
        var computed = new Dictionary<(string Producer, string Key), TableEntity>();
        foreach (var entry in entries)
            foreach (var year in Deltas(entry).GroupBy(d => ProducerCells.RowKey(entry.PartitionKey, d.Month)))
            {
                if (!computed.TryGetValue((entry.PartitionKey, year.Key), out var row))
                    computed[(entry.PartitionKey, year.Key)] = row = ProducerCells.NewRow(entry.PartitionKey, year.Key);
                ProducerCells.Add(row, year);
            }
        await TableBatches.UpsertAsync(_table, computed.Values.Concat(OrderLinesMarkers(entries)), cancellationToken);
        await TableBatches.DeleteAsync(_table, cells.Keys.Where(k => !computed.ContainsKey(k)), cancellationToken);
        return entries;
    }

    public static IReadOnlyList<RollupDelta> Deltas(TableEntity entry) =>
        JsonSerializer.Deserialize<List<RollupDelta>>(entry.GetString("Deltas"), Json.Options)!;

    private TableEntity ToEntity(RevenueFields f, string province, string recordedBy, string fingerprint, List<RollupDelta> deltas, string? importId = null) =>
        WithoutNulls(new(f.ProducerId!, EntryKey(f.Id!))
        {
            // Entries written by an import's batched path: that import applies their province cells (ProvinceRollups).
            ["ImportId"] = importId,
            ["Id"] = f.Id,
            ["ProductId"] = f.ProductId,
            ["Channel"] = Channels.Name(f.Channel!.Value),
            ["Marketplace"] = f.Marketplace is { } m ? JsonNamingPolicy.CamelCase.ConvertName(m.ToString()) : null,
            ["Month"] = f.Month,
            ["AmountVnd"] = f.AmountVnd,
            ["Quantity"] = f.Quantity,
            ["Replaces"] = f.Replaces,
            ["Adjusts"] = f.Adjusts,
            ["Note"] = f.Note,
            ["Province"] = province,
            ["ProvinceKey"] = Provinces.Key(province),
            ["RecordedBy"] = recordedBy,
            ["RecordedAt"] = clock.GetUtcNow(),
            ["RequestFingerprint"] = fingerprint,
            // The exact roll-up movements this entry made, so anyone re-applying them (province cells, a rebuild)
            // does the same arithmetic without re-deriving it from entries that have changed since.
            ["Deltas"] = JsonSerializer.Serialize(deltas, Json.Options),
        });

    /// <summary>Absent rather than null: an import writes hundreds of thousands of entries, each property costs.</summary>
    private static TableEntity WithoutNulls(TableEntity entity)
    {
        foreach (var key in entity.Where(p => p.Value is null).Select(p => p.Key).ToList()) entity.Remove(key);
        return entity;
    }

    private static SalesChannel ParseChannel(string name) => Enum.Parse<SalesChannel>(name, ignoreCase: true);

    private static RevenueEntry ToEntry(TableEntity e) => new(
        e.GetString("Id"), e.PartitionKey, e.GetString("ProductId"), ParseChannel(e.GetString("Channel")),
        e.GetString("Marketplace") is { } m ? Enum.Parse<Marketplace>(m, ignoreCase: true) : null,
        e.GetString("Month"), e.GetInt64("AmountVnd") ?? 0, e.GetInt64("Quantity") ?? 0, e.GetString("Replaces"),
        e.GetString("Adjusts"), e.GetString("Note"), e.GetString("Province"), e.GetString("RecordedBy"),
        e.GetDateTimeOffset("RecordedAt") ?? default, e.GetString("ReplacedBy"), e.GetString("EventId"));
}

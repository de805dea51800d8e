using Azure;
using Azure.Data.Tables;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Revenue;

/// <summary>
/// Province roll-ups, one partition per province and year (<c>{provinceKey}|{yyyy}</c>) so writes spread over
/// provinces and years instead of one hot national partition. Rows: <c>m|{channel}|{month}</c> province × channel
/// × month cells; <c>p|{producerId}</c> one row per producer and year with <c>A_{MM}</c> its revenue in all channels
/// (growth per producer) and <c>M_{MM}</c> in modern channels (participation) for each month — a row per producer-year
/// rather than per month keeps both the import's writes and the reports' reads twelve times smaller;
/// <c>a|{producerId}|{entryId}</c> a marker written in the same transaction as the cells it moved, so re-applying
/// an entry (a retried request or message) changes nothing; <c>b|{importId}|{n}</c> the same for one transaction of an
/// import's summed cells. The province × year total is the sum of its partition.
/// </summary>
public sealed class ProvinceRollups(TableServiceClient service)
{
    private readonly TableClient _table = service.GetTableClient(StorageNames.RevenueRollupsTable);

    public static string Partition(string provinceKey, int year) => $"{provinceKey}|{year}";

    public async Task ApplyAsync(TableEntity entry, CancellationToken cancellationToken)
    {
        // An import's batched entries are applied by that import, many at a time (ApplyImportAsync), under its own markers.
        if (entry.GetString("ImportId") is not null) return;
        var producerId = entry.PartitionKey;
        var provinceKey = entry.GetString("ProvinceKey");
        await RegisterAsync(entry.GetString("Province"), cancellationToken);
        var marker = $"a|{producerId}|{entry.GetString("Id")}";
        foreach (var year in RevenueStore.Deltas(entry).GroupBy(d => d.Month[..4]))
        {
            var partition = Partition(provinceKey, int.Parse(year.Key));
            for (var attempt = 0; ; attempt++)
            {
                if ((await _table.GetEntityIfExistsAsync<TableEntity>(partition, marker, ["PartitionKey"], cancellationToken)).HasValue) break;
                var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, new TableEntity(partition, marker)) };
                foreach (var cell in year.SelectMany(d => CellKeys(producerId, d).Select(key => (Key: key, Delta: d))).GroupBy(c => c.Key))
                {
                    var current = await _table.GetEntityIfExistsAsync<TableEntity>(partition, cell.Key, cancellationToken: cancellationToken);
                    var row = current.HasValue ? current.Value! : NewCell(partition, cell.Key, cell.First().Delta, producerId);
                    foreach (var (_, d) in cell) Add(row, d);
                    actions.Add(current.HasValue ? new(TableTransactionActionType.UpdateReplace, row, current.Value!.ETag) : new(TableTransactionActionType.Add, row));
                }
                try { await _table.SubmitTransactionAsync(actions, cancellationToken); break; }
                catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < 30)
                {
                    await Task.Delay(Random.Shared.Next(5, 20 + attempt * 10), cancellationToken);
                }
            }
        }
    }

    /// <summary>The province rows one delta moves: its channel's month cell and the producer's year row.</summary>
    private static string[] CellKeys(string producerId, RollupDelta d) => [$"m|{Channels.Name(d.Channel)}|{d.Month}", "p|" + producerId];

    private static void Add(TableEntity row, RollupDelta d)
    {
        if (row.RowKey.StartsWith("m|", StringComparison.Ordinal))
        {
            row["AmountVnd"] = Money.Add(row.GetInt64("AmountVnd") ?? 0, d.AmountVnd);
            row["Quantity"] = Money.Add(row.GetInt64("Quantity") ?? 0, d.Quantity);
            return;
        }
        var all = "A_" + d.Month[5..7];
        row[all] = Money.Add(row.GetInt64(all) ?? 0, d.AmountVnd);
        if (!Channels.IsModern(d.Channel)) return;
        var modern = "M_" + d.Month[5..7];
        row[modern] = Money.Add(row.GetInt64(modern) ?? 0, d.AmountVnd);
    }

    /// <summary>Adds a summed row's figures (every whole-number property) into the stored row.</summary>
    private static void AddInto(TableEntity stored, TableEntity sum)
    {
        foreach (var (key, value) in sum)
            if (value is long amount) stored[key] = Money.Add(stored.GetInt64(key) ?? 0, amount);
    }

    /// <summary>Each producer's revenue in one province-year between two months (YYYY-MM, inclusive), all channels or
    /// modern only: their <c>p|</c> rows, reading only the month columns asked for (a year row holds 24), so storage
    /// sends and the app parses a fraction of each row. Producers with a row but nothing in the range count 0.</summary>
    public async Task<List<(string ProducerId, long AmountVnd)>> ProducerTotalsAsync(
        string province, int year, string from, string to, bool modernOnly, CancellationToken cancellationToken)
    {
        var columns = Enumerable.Range(1, 12).Select(m => (Month: $"{year:D4}-{m:D2}", Column: (modernOnly ? "M_" : "A_") + $"{m:D2}"))
            .Where(c => string.CompareOrdinal(c.Month, from) >= 0 && string.CompareOrdinal(c.Month, to) <= 0)
            .Select(c => c.Column).ToList();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(Provinces.Key(province), year)} and RowKey ge {"p|"} and RowKey lt {"p}"}");
        var totals = new List<(string, long)>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["ProducerId", .. columns], cancellationToken: cancellationToken))
            totals.Add((row.GetString("ProducerId"), Money.Sum(columns, c => row.GetInt64(c) ?? 0)));
        return totals;
    }

    /// <summary>Provinces with revenue, so a national growth report knows which partitions to read without a scan.
    /// Written once per province and process (an upsert of the same row is harmless).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _registered = new(StringComparer.Ordinal);
    public const string ProvincesPartition = "provinces";

    private async Task RegisterAsync(string province, CancellationToken cancellationToken)
    {
        var key = Provinces.Key(province);
        if (_registered.ContainsKey(key)) return;
        await _table.UpsertEntityAsync(new TableEntity(ProvincesPartition, key) { ["Name"] = province }, TableUpdateMode.Replace, cancellationToken);
        _registered[key] = true;
    }

    /// <summary>Every province with revenue: (key, name as first written).</summary>
    public async Task<List<(string Key, string Name)>> ProvincesAsync(CancellationToken cancellationToken)
    {
        var list = new List<(string, string)>();
        await foreach (var e in _table.QueryAsync<TableEntity>(x => x.PartitionKey == ProvincesPartition, cancellationToken: cancellationToken))
            list.Add((e.RowKey, e.GetString("Name") ?? e.RowKey));
        return list;
    }

    private static TableEntity NewCell(string partition, string key, RollupDelta d, string producerId) =>
        key.StartsWith("p|", StringComparison.Ordinal)
            ? new(partition, key) { ["ProducerId"] = producerId }
            : new(partition, key) { ["Channel"] = Channels.Name(d.Channel), ["Month"] = d.Month, ["AmountVnd"] = 0L, ["Quantity"] = 0L };

    /// <summary>
    /// Applies the province cells of an import's entries (those it wrote, <see cref="ImportedRow.Counts"/>) summed
    /// first, so 100 000 rows move a few thousand cells rather than 100 000. Each transaction carries a marker
    /// <c>b|{importId}|{n}</c>; the chunks are a pure function of the import's rows (cells sorted by key), so a
    /// retried message skips the transactions that already happened and redoes exactly the others.
    /// </summary>
    public async Task ApplyImportAsync(string importId, IEnumerable<(string ProducerId, string Province, RollupDelta Delta)> contributions, CancellationToken cancellationToken)
    {
        var (partitions, provinces) = Summed(contributions);
        foreach (var province in provinces) await RegisterAsync(province, cancellationToken);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(partitions, parallel, async (p, ct) =>
        {
            var chunks = p.Value.Values.Chunk(CellsPerTransaction).ToList();
            for (var n = 0; n < chunks.Count; n++)
                await ApplyChunkAsync(p.Key, ImportMarker(importId, n), chunks[n], ct);
        });
    }

    private static string ImportMarker(string importId, int n) => $"b|{importId}|{n}";

    /// <summary>The markers an import's cells go in under, as partition and row key: one per partition and
    /// transaction of its summed cells, whether it is applied alone or together with others.</summary>
    public static List<(string Partition, string RowKey)> MarkersOf(string importId,
        IEnumerable<(string ProducerId, string Province, RollupDelta Delta)> contributions) =>
        [.. Summed(contributions).Partitions.SelectMany(p => Enumerable
            .Range(0, (p.Value.Count + CellsPerTransaction - 1) / CellsPerTransaction)
            .Select(n => (p.Key, ImportMarker(importId, n))))];

    /// <summary>Whether every one of these markers is there, so the cells under them were applied.</summary>
    public async Task<bool> MarkedAsync(IEnumerable<(string Partition, string RowKey)> markers,
        CancellationToken cancellationToken)
    {
        var found = await Task.WhenAll(markers.Select(m => _table.GetEntityIfExistsAsync<TableEntity>(
            m.Partition, m.RowKey, ["PartitionKey"], cancellationToken)));
        return found.All(f => f.HasValue);
    }

    /// <summary>
    /// Several small imports at once (the transactions of one producer's order lines), each of whose cells fit one
    /// transaction per partition, so <see cref="ApplyImportAsync"/> would mark each with <c>b|{importId}|0</c>: here
    /// every partition gets one transaction with all their markers and their cells summed, instead of three storage
    /// calls per import. A marker already there (a replay applied one of them meanwhile) fails the transaction as a
    /// whole; then each import is applied on its own, and the one applied is skipped by its marker.
    /// </summary>
    public async Task ApplyImportsAsync(
        IReadOnlyList<(string ImportId, List<(string ProducerId, string Province, RollupDelta Delta)> Contributions)>
            imports, CancellationToken cancellationToken)
    {
        var partitions = Summed(imports.SelectMany(i => i.Contributions)).Partitions;
        // In one partition, each import's cells are among the sum's: each fits a transaction on its own too.
        if (partitions.Count == 1 && partitions.Single().Value.Count < CellsPerTransaction)
            foreach (var group in imports.Chunk(CellsPerTransaction + 1 - partitions.Single().Value.Count))
                await ApplyTogetherAsync(group, cancellationToken);
        else
            foreach (var (importId, contributions) in imports)
                await ApplyImportAsync(importId, contributions, cancellationToken);
    }

    private async Task ApplyTogetherAsync(
        (string ImportId, List<(string ProducerId, string Province, RollupDelta Delta)> Contributions)[] imports,
        CancellationToken cancellationToken)
    {
        var (partitions, provinces) = Summed(imports.SelectMany(i => i.Contributions));
        foreach (var province in provinces) await RegisterAsync(province, cancellationToken);
        var (partition, summed) = partitions.Single();
        if (await ApplyUnderMarkersAsync(partition, [.. imports.Select(i => ImportMarker(i.ImportId, 0))],
            [.. summed.Values], cancellationToken)) return;
        foreach (var (importId, contributions) in imports)
            await ApplyImportAsync(importId, contributions, cancellationToken);
    }

    private const int CellsPerTransaction = 99;

    /// <summary>Contributions summed per partition (province and year) and cell, cells in key order.</summary>
    private static (Dictionary<string, SortedDictionary<string, TableEntity>> Partitions, HashSet<string> Provinces)
        Summed(IEnumerable<(string ProducerId, string Province, RollupDelta Delta)> contributions)
    {
        var partitions = new Dictionary<string, SortedDictionary<string, TableEntity>>(StringComparer.Ordinal);
        var provinces = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (producerId, province, d) in contributions)
        {
            var partition = Partition(Provinces.Key(province), int.Parse(d.Month[..4]));
            if (!partitions.TryGetValue(partition, out var cells)) partitions[partition] = cells = new(StringComparer.Ordinal);
            provinces.Add(province);
            foreach (var key in CellKeys(producerId, d))
            {
                if (!cells.TryGetValue(key, out var sum)) cells[key] = sum = NewCell(partition, key, d, producerId);
                Add(sum, d);
            }
        }
        return (partitions, provinces);
    }

    private async Task ApplyChunkAsync(string partition, string marker, TableEntity[] sums, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            if ((await _table.GetEntityIfExistsAsync<TableEntity>(partition, marker, ["PartitionKey"], cancellationToken)).HasValue) return;
            if (await TrySubmitAsync(partition, [marker], sums, cancellationToken) is null) return;
            if (attempt >= 50) throw new InvalidOperationException($"{partition}: too much contention on its cells.");
            await Task.Delay(Random.Shared.Next(5, 20 + attempt * 10), cancellationToken);
        }
    }

    /// <summary>Cells under several markers at once: true once written, again after a cell changed meanwhile; false
    /// when a marker (or a cell) was added meanwhile, so that whether an import was applied needs asking.</summary>
    private async Task<bool> ApplyUnderMarkersAsync(string partition, string[] markers, TableEntity[] sums,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var refused = await TrySubmitAsync(partition, markers, sums, cancellationToken);
            if (refused is null) return true;
            if (refused == 409) return false;
            await Task.Delay(Random.Shared.Next(5, 20 + attempt * 10), cancellationToken);
        }
        return false;
    }

    /// <summary>The markers added and the sums added into the stored cells, in one transaction; null once done, else
    /// the status of the conflict that refused it (409: a row added meanwhile, 412: a cell changed).</summary>
    private async Task<int?> TrySubmitAsync(string partition, string[] markers, TableEntity[] sums,
        CancellationToken cancellationToken)
    {
        var stored = await StoredCellsAsync(partition, sums, cancellationToken);
        var actions = markers.Select(m =>
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, m))).ToList();
        foreach (var sum in sums)
        {
            if (stored.TryGetValue(sum.RowKey, out var current))
            {
                AddInto(current, sum);
                actions.Add(new(TableTransactionActionType.UpdateMerge, current, current.ETag));
            }
            else actions.Add(new(TableTransactionActionType.Add, sum));
        }
        try
        {
            await _table.SubmitTransactionAsync(actions, cancellationToken);
            return null;
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412) { return e.Status; }
    }

    /// <summary>The stored cells among these sums: one query per kind of cell (<c>m|</c> channel-months, <c>p|</c>
    /// producers) over the keys the sums span within it, side by side. One range over both kinds would read, between
    /// a channel-month and a producer, every producer of the province whose id sorts before: each producer's pull
    /// read most of its province's rows.</summary>
    private async Task<Dictionary<string, TableEntity>> StoredCellsAsync(string partition, TableEntity[] sums,
        CancellationToken cancellationToken)
    {
        var kinds = await Task.WhenAll(sums.GroupBy(s => s.RowKey[..2], StringComparer.Ordinal).Select(async kind =>
        {
            var keys = kind.Select(s => s.RowKey).ToList();
            var (first, last) = (keys.Min(StringComparer.Ordinal), keys.Max(StringComparer.Ordinal));
            var filter = TableClient.CreateQueryFilter(
                $"PartitionKey eq {partition} and RowKey ge {first} and RowKey le {last}");
            var cells = new List<TableEntity>();
            await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
                cells.Add(e);
            return cells;
        }));
        return kinds.SelectMany(cells => cells).ToDictionary(e => e.RowKey, StringComparer.Ordinal);
    }

    /// <summary>The province × channel × month cells of one province-year within a month range (YYYY-MM, inclusive):
    /// a key-range query over the <c>m|</c> rows, so producers' rows and the markers are never read.</summary>
    public async Task<List<(SalesChannel Channel, string Month, long AmountVnd)>> ChannelMonthsAsync(
        string province, int year, string from, string to, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {Partition(Provinces.Key(province), year)} and RowKey ge {"m|"} and RowKey lt {"m}"} and Month ge {from} and Month le {to}");
        var cells = new List<(SalesChannel, string, long)>();
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, select: ["Channel", "Month", "AmountVnd"], cancellationToken: cancellationToken))
            cells.Add((Enum.Parse<SalesChannel>(e.GetString("Channel"), true), e.GetString("Month"), e.GetInt64("AmountVnd") ?? 0));
        return cells;
    }

    /// <summary>Rewrites every province cell from the raw entries, and the markers with them.</summary>
    public async Task RebuildAsync(IEnumerable<TableEntity> entries, CancellationToken cancellationToken)
    {
        var computed = new Dictionary<(string, string), TableEntity>();
        var markers = new List<TableEntity>();
        foreach (var province in entries.Select(e => e.GetString("Province")).Distinct()) await RegisterAsync(province, cancellationToken);
        foreach (var entry in entries)
            foreach (var d in RevenueStore.Deltas(entry))
            {
                var partition = Partition(entry.GetString("ProvinceKey"), int.Parse(d.Month[..4]));
                markers.Add(new TableEntity(partition, $"a|{entry.PartitionKey}|{entry.GetString("Id")}"));
                foreach (var key in CellKeys(entry.PartitionKey, d))
                {
                    if (!computed.TryGetValue((partition, key), out var row))
                        computed[(partition, key)] = row = NewCell(partition, key, d, entry.PartitionKey);
                    Add(row, d);
                }
            }
        // Order-line transactions a crash cut off from their cells are counted now: their markers say so to a replay.
        foreach (var (importId, contributions) in RevenueStore.OrderLinesImports(entries))
            markers.AddRange(MarkersOf(importId, contributions).Select(m => new TableEntity(m.Partition, m.RowKey)));
        var stale = new List<(string, string)>();
        await foreach (var e in _table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            if (e.PartitionKey is not (ProvincesPartition or RollupLease.Partition) && !e.RowKey.StartsWith("a|", StringComparison.Ordinal) && !e.RowKey.StartsWith("b|", StringComparison.Ordinal) && !computed.ContainsKey((e.PartitionKey, e.RowKey)))
                stale.Add((e.PartitionKey, e.RowKey));
        await TableBatches.UpsertAsync(_table, computed.Values.Concat(markers), cancellationToken);
        await TableBatches.DeleteAsync(_table, stale, cancellationToken);
    }
}

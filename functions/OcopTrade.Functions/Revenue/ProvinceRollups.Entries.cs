using Azure;
using Azure.Data.Tables;

namespace OcopTrade.Functions.Revenue;

public sealed partial class ProvinceRollups
{
    /// <summary>One entry's movements in one province-year partition, under the marker that says they were
    /// applied.</summary>
    private sealed record EntryCells(string Marker, string ProducerId, IReadOnlyList<RollupDelta> Deltas);

    /// <summary>
    /// <see cref="ApplyAsync"/> for many entries at once (a pull's order lines): per province-year partition, the
    /// entries' <c>a|</c> markers and the cells they move go in transactions of up to 100 actions, each cell written
    /// once per transaction. Entries whose marker is already there are skipped, so entries of a batch cut short, or
    /// applied meanwhile one by one, count once; a concurrent writer's cell change fails the transaction, which is
    /// read again and redone.
    /// </summary>
    public async Task ApplyEntriesAsync(IReadOnlyCollection<TableEntity> entries, CancellationToken cancellationToken)
    {
        var own = entries.Where(e => e.GetString("ImportId") is null).ToList();
        foreach (var province in own.Select(e => e.GetString("Province")).Distinct(StringComparer.Ordinal))
            await RegisterAsync(province, cancellationToken);
        var partitions = own.SelectMany(e => RevenueStore.Deltas(e).GroupBy(d => d.Month[..4]).Select(year => (
            Partition: Partition(e.GetString("ProvinceKey"), int.Parse(year.Key)),
            Cells: new EntryCells($"a|{e.PartitionKey}|{e.GetString("Id")}", e.PartitionKey, [.. year]))))
            .GroupBy(p => p.Partition, p => p.Cells);
        await Parallel.ForEachAsync(partitions,
            new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (partition, ct) =>
            {
                // One partition's chunks share their cells: one after another, each under the ETags the last wrote.
                var cells = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
                foreach (var chunk in EntryChunks(partition.OrderBy(c => c.Marker, StringComparer.Ordinal)))
                    await ApplyEntryChunkAsync(partition.Key, chunk, cells, ct);
            });
    }

    /// <summary>Runs of entries whose markers and distinct cells fit one transaction.</summary>
    private static IEnumerable<List<EntryCells>> EntryChunks(IEnumerable<EntryCells> sorted)
    {
        var chunk = new List<EntryCells>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in sorted)
        {
            var added = entry.Deltas.SelectMany(d => CellKeys(entry.ProducerId, d)).Where(k => !keys.Contains(k))
                .Distinct().Count();
            if (chunk.Count > 0 && chunk.Count + 1 + keys.Count + added > 100)
            {
                yield return chunk;
                (chunk, keys) = ([], new HashSet<string>(StringComparer.Ordinal));
            }
            chunk.Add(entry);
            keys.UnionWith(entry.Deltas.SelectMany(d => CellKeys(entry.ProducerId, d)));
        }
        if (chunk.Count > 0) yield return chunk;
    }

    /// <summary>Applies the chunk's entries not yet marked. <paramref name="cells"/> holds the partition's cells as
    /// last read or written (with their ETags) and follows this write.</summary>
    private async Task ApplyEntryChunkAsync(string partition, List<EntryCells> chunk,
        Dictionary<string, TableEntity> cells, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var applied = await MarkersAsync(partition, chunk[0].Marker, chunk[^1].Marker, cancellationToken);
            var todo = chunk.Where(c => !applied.Contains(c.Marker)).ToList();
            if (todo.Count == 0) return;
            var moves = todo.SelectMany(c => c.Deltas.SelectMany(d => CellKeys(c.ProducerId, d)
                .Select(key => (Key: key, Delta: d, c.ProducerId)))).GroupBy(m => m.Key).ToList();
            await ReadMissingCellsAsync(partition, moves.Select(m => m.Key), cells, cancellationToken);
            var rows = moves.Select(m =>
            {
                var (delta, producerId) = (m.First().Delta, m.First().ProducerId);
                var row = cells.TryGetValue(m.Key, out var current) ? ProducerCells.Copy(current) : NewCell(partition, m.Key,
                    delta, producerId);
                foreach (var move in m) Add(row, move.Delta);
                return (Row: row, IsNew: current is null);
            }).ToList();
            var actions = todo.Select(c => new TableTransactionAction(TableTransactionActionType.Add,
                    new TableEntity(partition, c.Marker)))
                .Concat(rows.Select(r => r.IsNew
                    ? new TableTransactionAction(TableTransactionActionType.Add, r.Row)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, r.Row, r.Row.ETag)))
                .ToList();
            try
            {
                var response = await _table.SubmitTransactionAsync(actions, cancellationToken);
                for (var i = 0; i < rows.Count; i++)
                {
                    rows[i].Row.ETag = response.Value[todo.Count + i].Headers.ETag ?? ETag.All;
                    cells[rows[i].Row.RowKey] = rows[i].Row;
                }
                return;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < 50)
            {
                cells.Clear(); // another writer moved a cell or marked an entry: read both again
                await Task.Delay(Random.Shared.Next(5, 20 + attempt * 10), cancellationToken);
            }
        }
    }

    private async Task<HashSet<string>> MarkersAsync(string partition, string first, string last,
        CancellationToken cancellationToken)
    {
        var markers = new HashSet<string>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and RowKey ge {first} and RowKey le {last}");
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, select: ["RowKey"],
            cancellationToken: cancellationToken)) markers.Add(e.RowKey);
        return markers;
    }

    private async Task ReadMissingCellsAsync(string partition, IEnumerable<string> keys,
        Dictionary<string, TableEntity> cells, CancellationToken cancellationToken)
    {
        var reads = keys.Where(k => !cells.ContainsKey(k)).Select(async key =>
            await _table.GetEntityIfExistsAsync<TableEntity>(partition, key, cancellationToken: cancellationToken));
        foreach (var found in await Task.WhenAll(reads))
            if (found.HasValue) cells[found.Value!.RowKey] = found.Value;
    }
}

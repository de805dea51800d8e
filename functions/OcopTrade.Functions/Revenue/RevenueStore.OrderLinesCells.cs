using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace OcopTrade.Functions.Revenue;

public sealed partial class RevenueStore
{
    /// <summary>The row, in the producer's partition, that says an order-lines transaction's producer cells were
    /// moved: written in the same transaction as the year rows it moved.</summary>
    public static string OrderLinesCellsMarker(string importId) => "c|" + importId;

    /// <summary>The cells of order-lines transactions: those just written, and those replayed whose cells a crash cut
    /// off. The producer's and the province's are moved side by side, each once by its markers.</summary>
    private async Task MoveOrderLinesCellsAsync(string producerId, List<OrderLinesTransaction> written,
        List<OrderLinesTransaction> replayed, Dictionary<string, TableEntity> years,
        CancellationToken cancellationToken)
    {
        var unmarked = await UnmarkedAsync(producerId,
            replayed.Where(t => t.ImportId.StartsWith(OrderLinesPrefix, StringComparison.Ordinal)), cancellationToken);
        await Task.WhenAll(
            MoveProducerCellsAsync(producerId, [.. written, .. unmarked], years, cancellationToken),
            provinceRollups.ApplyImportsAsync([.. written.Select(t => Contributions(producerId, t))],
                cancellationToken),
            ApplyReplayedProvinceCellsAsync(producerId, replayed, cancellationToken));
    }

    private static (string ImportId, List<(string ProducerId, string Province, RollupDelta Delta)>) Contributions(
        string producerId, OrderLinesTransaction transaction) =>
        (transaction.ImportId, [.. transaction.Moves.Select(m => (producerId, m.Province, m.Delta))]);

    /// <summary>A replayed transaction's province cells, applied unless its marker says they were.</summary>
    private async Task ApplyReplayedProvinceCellsAsync(string producerId, List<OrderLinesTransaction> replayed,
        CancellationToken cancellationToken)
    {
        foreach (var (importId, contributions) in replayed.Select(t => Contributions(producerId, t)))
            await provinceRollups.ApplyImportAsync(importId, contributions, cancellationToken);
    }

    /// <summary>The producer's year rows moved by the transactions' entries, summed, each row once under the ETag
    /// last read, with the transactions' markers, as many transactions at a time as 100 actions hold. A year row
    /// changed meanwhile is read again; a marker found there (a racing replay moved that transaction) drops it.
    /// <paramref name="years"/> follows the writes.</summary>
    private async Task MoveProducerCellsAsync(string producerId, List<OrderLinesTransaction> transactions,
        Dictionary<string, TableEntity> years, CancellationToken cancellationToken)
    {
        var pending = transactions;
        for (var attempt = 0; pending.Count > 0;)
        {
            var group = Fitting(producerId, pending);
            var refused = await TryMoveProducerCellsAsync(producerId, group, years, cancellationToken);
            if (refused is null)
            {
                pending = pending[group.Count..];
                continue;
            }
            if (++attempt > 50) throw new InvalidOperationException($"{producerId}: too much contention on its cells.");
            await Task.Delay(Random.Shared.Next(5, 20 + attempt * 10), cancellationToken);
            foreach (var (key, row) in await RowsByKeyAsync(YearRows(producerId), key => key, cancellationToken))
                years[key] = row;
            if (refused == 409) pending = await UnmarkedAsync(producerId, pending, cancellationToken);
        }
    }

    /// <summary>The first transactions whose markers and year rows fit one transaction.</summary>
    private static List<OrderLinesTransaction> Fitting(string producerId, List<OrderLinesTransaction> pending)
    {
        var rows = new HashSet<string>(StringComparer.Ordinal);
        var group = new List<OrderLinesTransaction>();
        foreach (var t in pending)
        {
            var more = t.Moves.Select(m => ProducerCells.RowKey(producerId, m.Delta.Month)).Where(r => !rows.Contains(r))
                .ToHashSet(StringComparer.Ordinal);
            if (group.Count > 0 && group.Count + 1 + rows.Count + more.Count > OrderTransactionActions) break;
            group.Add(t);
            rows.UnionWith(more);
        }
        return group;
    }

    /// <summary>One transaction of markers and year rows; null once done, else the status of the conflict that
    /// refused it (409: a marker or a new year row there already, 412: a year row changed).</summary>
    private async Task<int?> TryMoveProducerCellsAsync(string producerId, List<OrderLinesTransaction> group,
        Dictionary<string, TableEntity> years, CancellationToken cancellationToken)
    {
        var rows = group.SelectMany(t => t.Moves).GroupBy(m => ProducerCells.RowKey(producerId, m.Delta.Month))
            .Select(year =>
            {
                var row = years.TryGetValue(year.Key, out var current)
                    ? ProducerCells.Copy(current)
                    : ProducerCells.NewRow(producerId, year.Key);
                ProducerCells.Add(row, year.Select(m => m.Delta));
                return (Row: row, IsNew: current is null);
            }).ToList();
        var actions = group.Select(t => new TableTransactionAction(TableTransactionActionType.Add,
                OrderLinesMarker(producerId, t.ImportId, Contributions(producerId, t).Item2)))
            .Concat(rows.Select(r => r.IsNew
                ? new TableTransactionAction(TableTransactionActionType.Add, r.Row)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, r.Row, r.Row.ETag)))
            .ToList();
        Response<IReadOnlyList<Response>> response;
        try { response = await _table.SubmitTransactionAsync(actions, cancellationToken); }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412) { return e.Status; }
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i].Row.ETag = response.Value[group.Count + i].Headers.ETag ?? ETag.All;
            years[rows[i].Row.RowKey] = rows[i].Row;
        }
        return null;
    }

    /// <summary>The transactions whose producer cells no marker says were moved.</summary>
    private async Task<List<OrderLinesTransaction>> UnmarkedAsync(string producerId,
        IEnumerable<OrderLinesTransaction> transactions, CancellationToken cancellationToken)
    {
        var list = transactions.ToList();
        var marked = await Task.WhenAll(list.Select(t => _table.GetEntityIfExistsAsync<TableEntity>(producerId,
            OrderLinesCellsMarker(t.ImportId), ["PartitionKey"], cancellationToken)));
        return [.. list.Where((_, i) => !marked[i].HasValue)];
    }

    /// <summary>After a rebuild the cells count every entry: the marker of every order-lines transaction, so a
    /// replay of one a crash had cut off from its cells moves nothing twice.</summary>
    private static IEnumerable<TableEntity> OrderLinesMarkers(IEnumerable<TableEntity> entries) =>
        OrderLinesImports(entries).Select(t => OrderLinesMarker(t.Contributions[0].ProducerId, t.ImportId,
            t.Contributions));

    /// <summary>The order-lines transactions among stored entries, each with the roll-up contributions of its
    /// entries.</summary>
    internal static IEnumerable<(string ImportId, List<(string ProducerId, string Province, RollupDelta Delta)>
        Contributions)> OrderLinesImports(IEnumerable<TableEntity> entries) =>
        entries.Where(e => e.GetString("ImportId")?.StartsWith(OrderLinesPrefix, StringComparison.Ordinal) == true)
            .GroupBy(e => (e.PartitionKey, ImportId: e.GetString("ImportId")))
            .Select(t => (t.Key.ImportId, t.SelectMany(e => Deltas(e).Select(d => (e.PartitionKey,
                e.GetString("Province"), d))).ToList()));

    /// <summary>The property of an order-lines marker that names its transaction's province markers: a pull that
    /// replays part of the transaction (it re-reads the order at its checkpoint) learns from them that every cell
    /// moved, instead of reading the transaction back out of the producer's partition.</summary>
    private const string ProvinceMarkersProperty = "ProvinceMarkers";

    private static TableEntity OrderLinesMarker(string producerId, string importId,
        IEnumerable<(string ProducerId, string Province, RollupDelta Delta)> contributions) =>
        new(producerId, OrderLinesCellsMarker(importId))
        {
            [ProvinceMarkersProperty] = JsonSerializer.Serialize(ProvinceRollups.MarkersOf(importId, contributions)
                .Select(m => new[] { m.Partition, m.RowKey })),
        };

    /// <summary>Whether a transaction's cells all moved, as its markers say: the producer's, and the province's it
    /// names (markers written before they were named say nothing).</summary>
    private async Task<bool> CellsMovedAsync(string producerId, string importId, CancellationToken cancellationToken)
    {
        var marker = await _table.GetEntityIfExistsAsync<TableEntity>(producerId, OrderLinesCellsMarker(importId),
            [ProvinceMarkersProperty], cancellationToken);
        if (!marker.HasValue || marker.Value!.GetString(ProvinceMarkersProperty) is not { } names) return false;
        return await provinceRollups.MarkedAsync(
            JsonSerializer.Deserialize<string[][]>(names)!.Select(m => (m[0], m[1])), cancellationToken);
    }
}

using Azure.Data.Tables;

namespace OcopTrade.Functions.Revenue;

/// <summary>Bulk writes for rebuilds: entity-group transactions of up to 100 per partition, a few partitions at a time,
/// instead of one request per entity (a rebuild of a province's years of imports rewrites hundreds of thousands of rows).</summary>
public static class TableBatches
{
    public static Task UpsertAsync(TableClient table, IEnumerable<TableEntity> entities, CancellationToken cancellationToken) =>
        SubmitAsync(table, entities.Select(e => (e.PartitionKey, e.RowKey, new TableTransactionAction(TableTransactionActionType.UpsertReplace, e))), cancellationToken);

    public static Task DeleteAsync(TableClient table, IEnumerable<(string PartitionKey, string RowKey)> keys, CancellationToken cancellationToken) =>
        SubmitAsync(table, keys.Select(k => (k.PartitionKey, k.RowKey, new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(k.PartitionKey, k.RowKey)))), cancellationToken);

    private static Task SubmitAsync(TableClient table, IEnumerable<(string PartitionKey, string RowKey, TableTransactionAction Action)> actions, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(
            actions.DistinctBy(a => (a.PartitionKey, a.RowKey)).GroupBy(a => a.PartitionKey).SelectMany(g => g.Chunk(100)),
            new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (chunk, ct) => await table.SubmitTransactionAsync(chunk.Select(a => a.Action), ct));
}

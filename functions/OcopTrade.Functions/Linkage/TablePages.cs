using Azure.Data.Tables;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Linkage;

/// <summary>One page of a filtered table query, with the continuation token storage handed out.</summary>
public static class TablePages
{
    public static async Task<ItemPage<T>> ReadAsync<T>(
        TableClient table, IEnumerable<string> clauses, string? continuation, int pageSize, Func<TableEntity, T> map,
        CancellationToken cancellationToken)
    {
        var filter = string.Join(" and ", clauses);
        var query = table.QueryAsync<TableEntity>(filter.Length == 0 ? null : filter, pageSize,
            cancellationToken: cancellationToken);
        await foreach (var page in query.AsPages(continuation, pageSize))
            return new ItemPage<T>(page.Values.Select(map).ToList(), page.ContinuationToken);
        return new ItemPage<T>([], null);
    }

    /// <summary>Every row that matches, for reports over a province (hundreds of rows, not millions).</summary>
    public static async Task<List<T>> AllAsync<T>(
        TableClient table, string filter, Func<TableEntity, T> map, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            rows.Add(map(e));
        return rows;
    }
}

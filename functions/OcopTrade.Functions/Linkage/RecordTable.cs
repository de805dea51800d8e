using Azure;
using Azure.Data.Tables;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Linkage;

/// <summary>A record that says who may see it (buyers, enquiries, deals): an id it names for anyone else is not
/// found, so ids cannot be probed.</summary>
public interface IScopedRecord
{
    string Id { get; }

    bool VisibleTo(Caller caller);
}

/// <summary>One entity per record, partitioned by its id: created once (a retried create finds it), changed only
/// under the ETag it was read at, never deleted.</summary>
public abstract class RecordTable<T>(TableServiceClient service, string tableName) where T : class, IScopedRecord
{
    protected TableClient Table { get; } = service.GetTableClient(tableName);

    protected abstract TableEntity ToEntity(T record);

    protected abstract T FromEntity(TableEntity entity);

    public async Task<(T Record, ETag ETag)?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (!Ids.LooksValid(id)) return null;
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(id, "", cancellationToken: cancellationToken);
        return response.HasValue ? (FromEntity(response.Value!), response.Value!.ETag) : null;
    }

    /// <summary>The record found if <paramref name="caller"/> may see it, else null (answered as 404).</summary>
    public async Task<(T Record, ETag ETag)?> FindVisibleAsync(string id, Caller caller,
        CancellationToken cancellationToken) =>
        await FindAsync(id, cancellationToken) is { } found && found.Record.VisibleTo(caller) ? found : null;

    /// <summary>Adds the record; a retried create (same id) answers the stored one and whether it is the same request.
    /// </summary>
    public async Task<(T Record, ETag ETag, bool Created, bool SameRequest)> AddAsync(
        T record, string fingerprint, CancellationToken cancellationToken)
    {
        var (stored, etag, created, same) =
            await IdempotentInsert.AddAsync(Table, ToEntity(record), fingerprint, cancellationToken);
        return (FromEntity(stored), etag, created, same);
    }

    /// <summary>Writes the changed record only if nobody changed it since <paramref name="ifMatch"/>; null when stale.
    /// </summary>
    public async Task<ETag?> ReplaceAsync(T record, ETag ifMatch, CancellationToken cancellationToken)
    {
        try
        {
            return (await Table.UpdateEntityAsync(ToEntity(record), ifMatch, TableUpdateMode.Merge, cancellationToken))
                .Headers.ETag;
        }
        catch (RequestFailedException e) when (e.Status == 412) { return null; }
    }

    protected async Task<ItemPage<(T Record, ETag ETag)>> PageAsync(
        IEnumerable<string> clauses, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        var filter = string.Join(" and ", clauses);
        var query = Table.QueryAsync<TableEntity>(filter.Length == 0 ? null : filter, pageSize,
            cancellationToken: cancellationToken);
        await foreach (var page in query.AsPages(continuation, pageSize))
            return new([.. page.Values.Select(e => (FromEntity(e), e.ETag))], page.ContinuationToken);
        return new([], null);
    }

    /// <summary>Every row that matches, for reports over a province (hundreds of rows, not millions).</summary>
    protected async Task<List<T>> AllAsync(string filter, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            rows.Add(FromEntity(e));
        return rows;
    }
}

/// <summary>Enquiries and deals: listed by the party asking (<see cref="PartyFilter"/>), optionally of one status,
/// and read whole per province for the linkage figures.</summary>
public abstract class PartyTable<T, TStatus>(TableServiceClient service, string tableName)
    : RecordTable<T>(service, tableName) where T : class, IScopedRecord where TStatus : struct, Enum
{
    public Task<ItemPage<(T Record, ETag ETag)>> ListAsync(
        Caller caller, TStatus? status, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        var clauses = PartyFilter.Of(caller);
        if (status is not null) clauses.Add(TableClient.CreateQueryFilter($"Status eq {status.ToString()}"));
        return PageAsync(clauses, continuation, pageSize, cancellationToken);
    }

    /// <summary>Every record with producers recorded in these provinces (a province and those merged into
    /// it).</summary>
    public Task<List<T>> InProvincesAsync(IEnumerable<string> provinceKeys, CancellationToken cancellationToken) =>
        AllAsync(PartyFilter.InProvinces(provinceKeys), cancellationToken);
}

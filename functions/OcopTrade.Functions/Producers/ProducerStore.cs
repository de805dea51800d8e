using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Caching.Memory;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Producers;

public sealed record ProducerFilter(string? Province, ProducerKind? Kind, string? Commune);

/// <summary>One entity per producer, partitioned by id so no partition runs hot as provinces join.</summary>
public sealed class ProducerStore(TableServiceClient service, IMemoryCache cache, TimeProvider clock)
{
    private readonly TableClient _table = service.GetTableClient(StorageNames.ProducersTable);

    /// <summary>Producers change rarely and every product write needs its producer: a short cache spares a read.
    /// Edits go through <see cref="FindWithETagAsync"/>, which always reads storage.</summary>
    public async Task<Producer?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue("producer:" + id, out Producer? hit)) return hit;
        var found = (await FindWithETagAsync(id, cancellationToken))?.Producer;
        if (found is not null) cache.Set("producer:" + id, found, TimeSpan.FromSeconds(30));
        return found;
    }

    public async Task<(Producer Producer, ETag ETag)?> FindWithETagAsync(string id, CancellationToken cancellationToken)
    {
        if (!Ids.LooksValid(id)) return null;
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(id, "", cancellationToken: cancellationToken);
        return response.HasValue ? (ToProducer(response.Value!), response.Value!.ETag) : null;
    }

    /// <summary>Adds the producer; if the id exists already (a retried create) returns the stored one and whether
    /// it was made from the same request.</summary>
    public async Task<(Producer Producer, ETag ETag, bool Created, bool SameRequest)> CreateAsync(
        string id, ProducerFields fields, string fingerprint, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (stored, etag, created, same) = await IdempotentInsert.AddAsync(_table, ToEntity(id, fields, now, now), fingerprint, cancellationToken);
        return (ToProducer(stored), etag, created, same);
    }

    /// <summary>Replaces the producer only if nobody changed it since <paramref name="ifMatch"/>; null when stale.</summary>
    public async Task<(Producer Producer, ETag ETag)?> ReplaceAsync(Producer current, ProducerFields fields, ETag ifMatch, CancellationToken cancellationToken)
    {
        var entity = ToEntity(current.Id, fields, current.CreatedAt, clock.GetUtcNow());
        try
        {
            var response = await _table.UpdateEntityAsync(entity, ifMatch, TableUpdateMode.Replace, cancellationToken);
            cache.Remove("producer:" + current.Id);
            cache.Remove(ProducerNames.Key(current.Id));
            return (ToProducer(entity), response.Headers.ETag ?? default);
        }
        catch (RequestFailedException e) when (e.Status == 412) { return null; }
    }

    public async Task<ItemPage<Producer>> ListAsync(Caller caller, ProducerFilter filter, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        var clauses = new List<string>();
        if (caller.Role == Role.Producer) clauses.Add(TableClient.CreateQueryFilter($"PartitionKey eq {caller.ProducerId}"));
        if (caller.Role == Role.Department) clauses.Add(TableClient.CreateQueryFilter($"ProvinceKey eq {Provinces.Key(caller.Province!)}"));
        if (filter.Province is not null) clauses.Add(TableClient.CreateQueryFilter($"ProvinceKey eq {Provinces.Key(filter.Province)}"));
        if (filter.Kind is not null) clauses.Add(TableClient.CreateQueryFilter($"Kind eq {filter.Kind.ToString()}"));
        if (filter.Commune is not null) clauses.Add(TableClient.CreateQueryFilter($"Commune eq {filter.Commune}"));
        var query = _table.QueryAsync<TableEntity>(clauses.Count == 0 ? null : string.Join(" and ", clauses), pageSize, cancellationToken: cancellationToken);
        await foreach (var page in query.AsPages(continuation, pageSize))
            return new ItemPage<Producer>(page.Values.Select(ToProducer).ToList(), page.ContinuationToken);
        return new ItemPage<Producer>([], null);
    }

    private static TableEntity ToEntity(string id, ProducerFields f, DateTimeOffset createdAt, DateTimeOffset updatedAt) => new(id, "")
    {
        ["LegalName"] = f.LegalName,
        ["Kind"] = f.Kind!.Value.ToString(),
        ["TaxCode"] = f.TaxCode,
        ["Province"] = f.Province,
        ["ProvinceKey"] = Provinces.Key(f.Province!),
        ["District"] = f.District,
        ["Commune"] = f.Commune,
        ["Address"] = f.Address,
        ["Phone"] = f.Phone,
        ["Email"] = f.Email,
        ["CreatedAt"] = createdAt,
        ["UpdatedAt"] = updatedAt,
    };

    private static Producer ToProducer(TableEntity e) => new(
        e.PartitionKey, e.GetString("LegalName"), Enum.Parse<ProducerKind>(e.GetString("Kind")), e.GetString("TaxCode"),
        e.GetString("Province"), e.GetString("District"), e.GetString("Commune"), e.GetString("Address"),
        e.GetString("Phone"), e.GetString("Email"), e.GetDateTimeOffset("CreatedAt")!.Value, e.GetDateTimeOffset("UpdatedAt")!.Value);
}

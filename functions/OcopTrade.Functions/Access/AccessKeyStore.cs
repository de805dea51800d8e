using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Caching.Memory;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Access;

public sealed record IssuedKey(
    string Id, Role Role, string? ProducerId, string? SalesPointId, string? Province, string? Label,
        DateTimeOffset CreatedAt,
    string? BuyerId = null);

/// <summary>Keys by hash. Lookups are cached for a minute because every API call needs one; a revoked key
/// therefore stops working within a minute on every instance (immediately on the one that revoked it).</summary>
public sealed class AccessKeyStore(TableServiceClient service, IMemoryCache cache, TimeProvider clock)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);
    private readonly TableClient _table = service.GetTableClient(StorageNames.AccessKeysTable);

    public Task<Caller?> FindAsync(string key, CancellationToken cancellationToken) => FindByHashAsync(AccessKey.Hash(key), cancellationToken);

    /// <summary>A portal session keeps only its key's hash, and asks here that the key still exists.</summary>
    public async Task<Caller?> FindByHashAsync(string hash, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(hash, out Caller? cached)) return cached;
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(hash, "", cancellationToken: cancellationToken);
        var caller = response.HasValue ? ToCaller(response.Value!) : null;
        cache.Set(hash, caller, caller is null ? TimeSpan.FromSeconds(5) : CacheFor);
        return caller;
    }

    public async Task<(string Key, IssuedKey Issued)> IssueAsync(Caller scope, string? label, CancellationToken cancellationToken)
    {
        var key = AccessKey.New();
        var hash = AccessKey.Hash(key);
        var issued = new IssuedKey(AccessKey.IdOf(hash), scope.Role, scope.ProducerId, scope.SalesPointId,
            scope.Province, label, clock.GetUtcNow(),
            scope.BuyerId);
        await _table.AddEntityAsync(new TableEntity(hash, "")
        {
            ["Id"] = issued.Id,
            ["Role"] = scope.Role.ToString(),
            ["ProducerId"] = scope.ProducerId,
            ["SalesPointId"] = scope.SalesPointId,
            ["Province"] = scope.Province,
            ["BuyerId"] = scope.BuyerId,
            ["Label"] = label,
            ["CreatedAt"] = issued.CreatedAt,
        }, cancellationToken);
        return (key, issued);
    }

    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        await foreach (var entity in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Id eq {id}"), cancellationToken: cancellationToken))
        {
            await _table.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, ETag.All, cancellationToken);
            cache.Remove(entity.PartitionKey);
            return true;
        }
        return false;
    }

    /// <summary>Keys issued before buyers existed have no BuyerId column and read as before.</summary>
    private static Caller ToCaller(TableEntity e) => new(
        Enum.Parse<Role>(e.GetString("Role")), e.GetString("ProducerId"), e.GetString("SalesPointId"),
            e.GetString("Province"),
        e.GetString("BuyerId"));
}

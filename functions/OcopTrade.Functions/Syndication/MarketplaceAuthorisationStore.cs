using Azure;
using Azure.Data.Tables;

namespace OcopTrade.Functions.Syndication;

/// <summary>The non-secret facts of each authorisation (expiry times, last refresh, lapse, the refresh lease), one
/// partition per producer, a row per marketplace, so the portal shows them and the refresh timer finds them. No
/// token is ever a column here.</summary>
public sealed class MarketplaceAuthorisationStore(TableServiceClient tables)
{
    public const string TableName = "MarketplaceAuthorisations";
    private readonly TableClient _table = tables.GetTableClient(TableName);

    public async Task<(MarketplaceAuthorisation Authorisation, ETag ETag)?> FindAsync(
        string producerId, string channel, CancellationToken cancellationToken)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(producerId, channel,
            cancellationToken: cancellationToken);
        return found.HasValue ? (From(found.Value!), found.Value!.ETag) : null;
    }

    public async Task<IReadOnlyList<MarketplaceAuthorisation>> ListAsync(string producerId,
        CancellationToken cancellationToken)
    {
        var all = new List<MarketplaceAuthorisation>();
        await foreach (var e in _table.QueryAsync<TableEntity>(e => e.PartitionKey == producerId,
            cancellationToken: cancellationToken))
            all.Add(From(e));
        return all;
    }

    /// <summary>Every authorisation on one marketplace, for the refresh timer (a producer is one row each).
    /// </summary>
    public async IAsyncEnumerable<MarketplaceAuthorisation> OnAsync(string channel,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in _table.QueryAsync<TableEntity>(e => e.RowKey == channel,
            cancellationToken: cancellationToken))
            yield return From(e);
    }

    /// <summary>A new authorisation replaces whatever the producer had on that marketplace.</summary>
    public async Task SaveAsync(MarketplaceAuthorisation authorisation, CancellationToken cancellationToken) =>
        await _table.UpsertEntityAsync(To(authorisation), TableUpdateMode.Replace, cancellationToken);

    /// <summary>Writes under the ETag read; null when someone else changed the record first.</summary>
    public async Task<ETag?> TryReplaceAsync(MarketplaceAuthorisation authorisation, ETag etag,
        CancellationToken cancellationToken)
    {
        try
        {
            var response = await _table.UpdateEntityAsync(To(authorisation), etag, TableUpdateMode.Replace,
                cancellationToken);
            return response.Headers.ETag;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404) { return null; }
    }

    private static TableEntity To(MarketplaceAuthorisation a) => new(a.ProducerId, a.Channel)
    {
        ["ShopId"] = a.ShopId,
        ["AccessExpiresAt"] = a.AccessExpiresAt,
        ["RefreshExpiresAt"] = a.RefreshExpiresAt,
        ["AuthorisationExpiresAt"] = a.AuthorisationExpiresAt,
        ["AuthorisedAt"] = a.AuthorisedAt,
        ["RefreshedAt"] = a.RefreshedAt,
        ["LapsedAt"] = a.LapsedAt,
        ["LeasedUntil"] = a.LeasedUntil,
    };

    private static MarketplaceAuthorisation From(TableEntity e) => new()
    {
        ProducerId = e.PartitionKey,
        Channel = e.RowKey,
        ShopId = e.GetString("ShopId"),
        AccessExpiresAt = e.GetDateTimeOffset("AccessExpiresAt")!.Value,
        RefreshExpiresAt = e.GetDateTimeOffset("RefreshExpiresAt")!.Value,
        AuthorisationExpiresAt = e.GetDateTimeOffset("AuthorisationExpiresAt"),
        AuthorisedAt = e.GetDateTimeOffset("AuthorisedAt")!.Value,
        RefreshedAt = e.GetDateTimeOffset("RefreshedAt"),
        LapsedAt = e.GetDateTimeOffset("LapsedAt"),
        LeasedUntil = e.GetDateTimeOffset("LeasedUntil"),
    };
}

using Azure;
using Azure.Data.Tables;

namespace OcopTrade.Functions.Platform;

/// <summary>Creates an entity once. A retried create (same id, derived from the Idempotency-Key) finds the stored
/// entity and tells whether it was made from the same request, so the caller can answer it or refuse a reused key.</summary>
public static class IdempotentInsert
{
    private const string FingerprintProperty = "RequestFingerprint";

    public static async Task<(TableEntity Stored, ETag ETag, bool Created, bool SameRequest)> AddAsync(
        TableClient table, TableEntity entity, string fingerprint, CancellationToken cancellationToken)
    {
        entity[FingerprintProperty] = fingerprint;
        try
        {
            var response = await table.AddEntityAsync(entity, cancellationToken);
            return (entity, response.Headers.ETag ?? default, true, true);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = (await table.GetEntityAsync<TableEntity>(entity.PartitionKey, entity.RowKey, cancellationToken: cancellationToken)).Value;
            return (existing, existing.ETag, false, existing.GetString(FingerprintProperty) == fingerprint);
        }
    }
}

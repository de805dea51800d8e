using Azure;
using Azure.Data.Tables;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Products;

public sealed record ProductFilter(
    string? Province, string? ProducerId, ProductGroup? Group, int? Stars, ProductStatus? Status, CertificateState? CertificateState);

/// <summary>One entity per product, partitioned by id (no hot partition). Listing filters run server-side on
/// indexed-by-value properties; validity is a date stored as yyyy-MM-dd so it compares as text.</summary>
public sealed class ProductStore(
    TableServiceClient service, TimeProvider clock, IEnumerable<IProductChanges> changes,
    CertificateHistoryStore history)
{
    private readonly TableClient _table = service.GetTableClient(StorageNames.ProductsTable);

    public async Task<(Product Product, ETag ETag)?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (!Ids.LooksValid(id)) return null;
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(id, "", cancellationToken: cancellationToken);
        return response.HasValue ? (ProductEntity.ToProduct(response.Value!), response.Value!.ETag) : null;
    }

    /// <summary>The product if this caller may change it (its producer, its province's department, admin); else null,
    /// which every endpoint answers as 404 so ids cannot be probed.</summary>
    public async Task<(Product Product, ETag ETag)?> FindManagedAsync(string id, Caller caller, CancellationToken cancellationToken) =>
        await FindAsync(id, cancellationToken) is { } f && caller.Manages(f.Product.ProducerId, f.Product.Province) ? f : null;

    public async Task<(Product Product, ETag ETag, bool Created, bool SameRequest)> CreateAsync(
        Product product, string fingerprint, CancellationToken cancellationToken)
    {
        var (stored, etag, created, same) = await IdempotentInsert.AddAsync(_table, ProductEntity.From(product), fingerprint, cancellationToken);
        return (ProductEntity.ToProduct(stored), etag, created, same);
    }

    /// <summary>Writes the product if it is still at <paramref name="ifMatch"/>; returns the new ETag, or null when stale.</summary>
    public async Task<ETag?> ReplaceAsync(Product product, ETag ifMatch, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _table.UpdateEntityAsync(ProductEntity.From(product), ifMatch, TableUpdateMode.Replace, cancellationToken);
            foreach (var listener in changes) await listener.ChangedAsync(product, cancellationToken);
            return response.Headers.ETag ?? default;
        }
        catch (RequestFailedException e) when (e.Status == 412) { return null; }
    }

    /// <summary>Writes a listing's change, recording a certificate change in its history first: a change the log cannot
    /// hold is not made. When the write then loses to a concurrent one (null), the entry is taken back.</summary>
    public async Task<ETag?> ReplaceAsync(
        ListingChange change, Caller caller, ETag ifMatch, CancellationToken cancellationToken)
    {
        if (change.Certificate is not { } c) return await ReplaceAsync(change.Product, ifMatch, cancellationToken);
        var entry = new CertificateHistoryEntry(
            change.Product.UpdatedAt, c.Action, CertificateActor.Of(caller), c.Before, c.After, c.Reason);
        var logged = await history.RecordAsync(change.Product.Id, entry, cancellationToken);
        var etag = await ReplaceAsync(change.Product, ifMatch, cancellationToken);
        if (etag is null) await history.WithdrawAsync(change.Product.Id, logged, cancellationToken);
        return etag;
    }

    public async Task<ItemPage<Product>> ListAsync(Caller caller, ProductFilter filter, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        // Products only: a product's partition also holds its stock markers (ProductStock.MarkerPrefix).
        var clauses = new List<string> { TableClient.CreateQueryFilter($"RowKey eq {""}") };
        switch (caller.Role)
        {
            case Role.Producer: clauses.Add(TableClient.CreateQueryFilter($"ProducerId eq {caller.ProducerId}")); break;
            case Role.Department: clauses.Add(TableClient.CreateQueryFilter($"ProvinceKey eq {Provinces.Key(caller.Province!)}")); break;
            case Role.SalesPoint: clauses.Add(TableClient.CreateQueryFilter($"Status eq {nameof(ProductStatus.Published)}")); break;
        }
        if (filter.Province is not null) clauses.Add(TableClient.CreateQueryFilter($"ProvinceKey eq {Provinces.Key(filter.Province)}"));
        if (filter.ProducerId is not null) clauses.Add(TableClient.CreateQueryFilter($"ProducerId eq {filter.ProducerId}"));
        if (filter.Group is not null) clauses.Add(TableClient.CreateQueryFilter($"Group eq {filter.Group.ToString()}"));
        if (filter.Stars is not null) clauses.Add(TableClient.CreateQueryFilter($"Stars eq {filter.Stars.Value}"));
        if (filter.Status is not null) clauses.Add(TableClient.CreateQueryFilter($"Status eq {filter.Status.ToString()}"));
        if (filter.CertificateState is { } state) clauses.Add(CertificateClause(state, CertificateValidity.TodayInVietnam(clock)));

        var query = _table.QueryAsync<TableEntity>(string.Join(" and ", clauses), pageSize,
            cancellationToken: cancellationToken);
        await foreach (var page in query.AsPages(continuation, pageSize))
            return new ItemPage<Product>(page.Values.Select(ProductEntity.ToProduct).ToList(), page.ContinuationToken);
        return new ItemPage<Product>([], null);
    }

    /// <summary>Published products whose certificate is no longer valid on <paramref name="today"/>.</summary>
    public async IAsyncEnumerable<Product> PublishedWithLapsedCertificateAsync(
        DateOnly today, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"Status eq {nameof(ProductStatus.Published)}") + " and (" +
            TableClient.CreateQueryFilter($"ValidUntil lt {Day(today)} or Revoked eq true") + ")";
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            yield return ProductEntity.ToProduct(entity);
    }

    private static string CertificateClause(CertificateState state, DateOnly today)
    {
        var soon = today.AddDays(CertificateValidity.ExpiringWithinDays);
        return state switch
        {
            CertificateState.Revoked => "Revoked eq true",
            CertificateState.Expired => TableClient.CreateQueryFilter($"Revoked eq false and ValidUntil lt {Day(today)}"),
            CertificateState.Expiring => TableClient.CreateQueryFilter($"Revoked eq false and ValidUntil ge {Day(today)} and ValidUntil le {Day(soon)}"),
            _ => TableClient.CreateQueryFilter($"Revoked eq false and ValidUntil gt {Day(soon)}"),
        };
    }

    internal static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

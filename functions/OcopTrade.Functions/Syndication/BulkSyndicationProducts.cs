using Azure.Data.Tables;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Syndication;

/// <summary>The products a bulk action goes through, a page at a time, filtered on the server: a producer's or a
/// province's; only published ones when sending (a draft is not a candidate for any marketplace).</summary>
public sealed class BulkSyndicationProducts(TableServiceClient tables)
{
    private readonly TableClient _table = tables.GetTableClient(StorageNames.ProductsTable);

    /// <summary>How many products the action will go through, reading only their keys.</summary>
    public async Task<int> CountAsync(BulkSyndicationRecord bulk, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var _ in _table.QueryAsync<TableEntity>(Filter(bulk), select: ["PartitionKey"],
            cancellationToken: cancellationToken))
            count++;
        return count;
    }

    public async Task<ItemPage<Product>> PageAsync(
        BulkSyndicationRecord bulk, int pageSize, CancellationToken cancellationToken)
    {
        var query = _table.QueryAsync<TableEntity>(Filter(bulk), pageSize, cancellationToken: cancellationToken);
        await foreach (var page in query.AsPages(bulk.ContinuationToken, pageSize))
            return new ItemPage<Product>([.. page.Values.Select(ProductEntity.ToProduct)], page.ContinuationToken);
        return new ItemPage<Product>([], null);
    }

    private static string Filter(BulkSyndicationRecord bulk)
    {
        var scope = bulk.Scope.ProducerId is { } producerId
            ? TableClient.CreateQueryFilter($"ProducerId eq {producerId}")
            : TableClient.CreateQueryFilter($"ProvinceKey eq {Provinces.Key(bulk.Scope.Province!)}");
        return bulk.Action == BulkAction.SendReady
            ? scope + " and " + TableClient.CreateQueryFilter($"Status eq {nameof(ProductStatus.Published)}")
            : scope;
    }
}

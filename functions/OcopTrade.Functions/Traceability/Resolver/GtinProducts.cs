using Azure.Data.Tables;
using Microsoft.Extensions.Caching.Memory;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Traceability.Resolver;

/// <summary>The published product a GTIN names. Producers type the GTIN in any of its lengths, so every form of the
/// GTIN-14 is looked for. A GTIN should name one product; if two published listings claim it, the one published last
/// answers. Kept 30 seconds per instance, like a trace code's lookup: a popular product is resolved many times a
/// minute, and a listing published or withdrawn shows within that time.</summary>
public sealed class GtinProducts(TableServiceClient service, IMemoryCache cache)
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromSeconds(30);
    private readonly TableClient _table = service.GetTableClient(StorageNames.ProductsTable);

    public async Task<Product?> FindPublishedAsync(string gtin14, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue("gtin:" + gtin14, out Product? hit)) return hit;
        var found = await LookUpAsync(gtin14, cancellationToken);
        cache.Set("gtin:" + gtin14, found, KeepFor);
        return found;
    }

    private async Task<Product?> LookUpAsync(string gtin14, CancellationToken cancellationToken)
    {
        var filter = $"({Filter(gtin14)}) and "
            + TableClient.CreateQueryFilter($"Status eq {nameof(ProductStatus.Published)}");
        Product? latest = null;
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var product = ProductEntity.ToProduct(entity);
            if (latest is null || product.PublishedAt > latest.PublishedAt) latest = product;
        }
        return latest;
    }

    /// <summary>The GTIN-14 and the shorter forms that pad to it (GTIN-13, -12, -8 when its leading digits are 0).
    /// </summary>
    private static IEnumerable<string> Forms(string gtin14) =>
        new[] { 14, 13, 12, 8 }.Where(n => gtin14[..(14 - n)].All(c => c == '0')).Select(n => gtin14[(14 - n)..]);

    /// <summary>A Products table filter for every form of <paramref name="gtin14"/>, since producers type any.</summary>
    public static string Filter(string gtin14) =>
        string.Join(" or ", Forms(gtin14).Select(f => TableClient.CreateQueryFilter($"Gtin eq {f}")));
}

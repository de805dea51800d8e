using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Catalogue;

/// <summary>The safety net behind <see cref="CatalogueMaintenance"/>: every night at 00:30 Vietnam time, after the
/// certificate sweep, each product's entry is compared with what it should be and rewritten or removed when it is
/// not (a write lost to a storage failure, two concurrent changes told out of order, a producer renamed).</summary>
public sealed class RepairCatalogue(ProductStore products, CatalogueStore catalogue, CatalogueMaintenance maintenance)
{
    public const string Schedule = "0 30 17 * * *";

    [Function(nameof(RepairCatalogue))]
    public async Task<JobResult> Run([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var stored = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var row in catalogue.AllAsync(cancellationToken)) stored[row.RowKey] = row;
        var repaired = 0;
        string? continuation = null;
        do
        {
            var page = await products.ListAsync(
                new Caller(Role.Admin), new ProductFilter(null, null, null, null, null, null), continuation, 1000,
                cancellationToken);
            foreach (var product in page.Items)
                if (await RepairAsync(product, stored.Remove(product.Id, out var row) ? row : null, cancellationToken))
                    repaired++;
            continuation = page.ContinuationToken;
        } while (continuation is not null);
        foreach (var orphan in stored.Keys) await catalogue.PutAsync(orphan, null, cancellationToken);
        repaired += stored.Count;
        return JobResult.Done(new JsonObject { ["repaired"] = repaired }, $"Repaired {repaired} catalogue entries.");
    }

    private async Task<bool> RepairAsync(Product product, TableEntity? stored, CancellationToken cancellationToken)
    {
        var expected = await maintenance.EntryOfAsync(product, cancellationToken);
        if (expected is null ? stored is null : stored is not null && Same(CatalogueRows.From(expected), stored))
            return false;
        await catalogue.PutAsync(product.Id, expected, cancellationToken);
        return true;
    }

    /// <summary>Same keys and the same values, ignoring what storage adds (timestamp, ETag) and nulls it omits.
    /// </summary>
    public static bool Same(TableEntity expected, TableEntity stored)
    {
        static IEnumerable<KeyValuePair<string, object>> Data(TableEntity e) =>
            e.Where(p => p.Value is not null && p.Key is not ("odata.etag" or "Timestamp"));
        var want = Data(expected).ToDictionary();
        var have = Data(stored).ToDictionary();
        return want.Count == have.Count && want.All(p => have.TryGetValue(p.Key, out var v) && Equals(p.Value, v));
    }
}

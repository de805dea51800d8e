using Azure;
using Azure.Data.Tables;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Catalogue;

/// <summary>The catalogue's rows (see <see cref="CatalogueRows"/>): written on every product change, read by
/// searches a page at a time.</summary>
public sealed class CatalogueStore(TableServiceClient service)
{
    public const string TableName = "CatalogueEntries";

    /// <summary>A text search is evaluated here, not in storage (Table storage has no "contains"), so a page scans
    /// at most this many rows and then answers what it found with a token to go on from there.</summary>
    public const int ScanLimit = 2000;

    private readonly TableClient _table = service.GetTableClient(TableName);

    /// <summary>Lists the product as <paramref name="entry"/>, or takes it out of the catalogue when null. Its row
    /// is also removed from every other group's partition: the listener is told the product's new state only, and
    /// an edit may have moved it to another group.</summary>
    public async Task PutAsync(string productId, CatalogueEntry? entry, CancellationToken ct)
    {
        var stale = Enum.GetValues<ProductGroup>().Where(g => entry is null || g != entry.Group);
        var removals = stale.Select(g => RemoveAsync(g, productId, ct)).ToList();
        if (entry is not null) await _table.UpsertEntityAsync(CatalogueRows.From(entry), TableUpdateMode.Replace, ct);
        await Task.WhenAll(removals);
    }

    public async Task<CatalogueEntry?> FindAsync(ProductGroup group, string productId, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(CatalogueRows.Partition(group), productId,
            cancellationToken: ct);
        return row.HasValue ? CatalogueRows.ToEntry(row.Value!) : null;
    }

    private async Task RemoveAsync(ProductGroup group, string productId, CancellationToken ct)
    {
        try { await _table.DeleteEntityAsync(CatalogueRows.Partition(group), productId, ETag.All, ct); }
        catch (RequestFailedException e) when (e.Status == 404) { }
    }

    /// <summary>One page of entries matching <paramref name="query"/>: up to <paramref name="pageSize"/>, and a
    /// token when more may follow. Storage filters all but the text; the text is matched on the rows it returns.
    /// </summary>
    public async Task<ItemPage<CatalogueEntry>> SearchAsync(
        CatalogueQuery query, int pageSize, DateOnly today, CancellationToken ct)
    {
        var found = new List<CatalogueEntry>(pageSize);
        var scanned = 0;
        CatalogueEntry? last = null;
        var perRequest = query.Words.Count == 0 ? pageSize + 1 : 1000;
        await foreach (var page in _table.QueryAsync<TableEntity>(query.StorageFilter(today), perRequest,
                           cancellationToken: ct).AsPages(pageSizeHint: perRequest))
        {
            foreach (var entry in page.Values.Select(CatalogueRows.ToEntry))
            {
                scanned++;
                if (!query.Matches(entry, today)) { last = entry; continue; }
                if (found.Count == pageSize) return Page(found, found[^1]);
                found.Add(entry);
                last = entry;
            }
            if (scanned >= ScanLimit && page.ContinuationToken is not null) return Page(found, last);
        }
        return Page(found, null);
    }

    private static ItemPage<CatalogueEntry> Page(List<CatalogueEntry> found, CatalogueEntry? resumeAfter) =>
        new(found, resumeAfter is null
            ? null : new CatalogueCursor(resumeAfter.Group, resumeAfter.ProductId).ToString());

    /// <summary>Every row, for the repair sweep.</summary>
    public IAsyncEnumerable<TableEntity> AllAsync(CancellationToken ct) => _table.QueryAsync<TableEntity>(
        cancellationToken: ct);
}

using OcopTrade.Functions.Access;
using OcopTrade.Functions.Products;
using OcopTrade.Functions.SalesPoints;

namespace OcopTrade.Functions.Traceability;

/// <summary>Reads a page of the scan or sale log as observed lots a caller may see: an administrator every province,
/// a department the lots of its province's producers. A page can hold fewer events than its size (rows of other
/// provinces are skipped); the next token carries on until the log ends.</summary>
public sealed class EpcisLog(ScanLog scans, SaleLedger sales, BatchStore batches, ProductStore products)
{
    public async Task<(IReadOnlyList<ObservedLot> Events, EpcisCursor? Next)> PageAsync(
        Caller caller, EpcisWindow window, EpcisCursor cursor, string baseUrl, CancellationToken ct)
    {
        var lots = new Dictionary<string, (Batch Batch, Product Product)?>(StringComparer.Ordinal);
        var events = new List<ObservedLot>();
        if (cursor.Phase == EpcisPhase.Scans)
        {
            var (rows, next) = await scans.PageAsync(window.From, window.To, cursor.Continuation, window.PageSize, ct);
            foreach (var scan in rows)
                if (await VisibleLotAsync(caller, scan.Code, lots, ct) is { } lot)
                    events.Add(new ObservedLot($"scan|{scan.Code}|{scan.RowKey}", scan.At,
                        TraceLink.For(baseUrl, lot.Product, lot.Batch), false, scan.SalesPointId));
            return (events, new EpcisCursor(next is null ? EpcisPhase.Sales : EpcisPhase.Scans, next));
        }
        var page = await sales.BetweenAsync(window.From, window.To, cursor.Continuation, window.PageSize, ct);
        foreach (var sale in page.Items.Where(s => s.Status != SaleStatus.Rejected))
            if (await VisibleLotAsync(caller, sale.TraceCode, lots, ct) is { } lot)
                events.Add(new ObservedLot($"sale|{sale.SalesPointId}|{sale.Id}", sale.At,
                    TraceLink.For(baseUrl, lot.Product, lot.Batch), true, sale.SalesPointId));
        return (events, page.ContinuationToken is { } token ? new EpcisCursor(EpcisPhase.Sales, token) : null);
    }

    /// <summary>The lot behind a code, read once per page, if the caller may see its producer's province.</summary>
    private async Task<(Batch Batch, Product Product)?> VisibleLotAsync(
        Caller caller, string code, Dictionary<string, (Batch Batch, Product Product)?> known, CancellationToken ct)
    {
        if (!known.TryGetValue(code, out var lot))
        {
            var batch = await batches.FindByCodeAsync(code, ct);
            var product = batch is null ? null : await products.FindAsync(batch.ProductId, ct);
            known[code] = lot = batch is not null && product is { } p ? (batch, p.Product) : null;
        }
        return lot is { } l && (caller.IsAdmin || Provinces.Same(caller.Province, l.Product.Province)) ? l : null;
    }
}

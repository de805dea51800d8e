using OcopTrade.Functions.Access;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Traceability;

/// <summary>A code that behaves like a copied label.</summary>
public sealed record CodeFlag(string TraceCode, string ProductId, string ProductName, string Province, long BatchQuantity, int Scans, IReadOnlyList<string> Reasons);

/// <summary>Signals that a label was copied: the same code scanned at sales points of more than one province on one
/// day (a jar does not travel that fast), or scanned far more often than its lot has units, counting what a copied
/// label causes: scans at sales points, and views spread over many clients (<see cref="Counted"/>).</summary>
public sealed class CounterfeitSignals(ScanLog scans, BatchStore batches, ProductStore products, TimeProvider clock)
{
    /// <summary>A lot is scanned by shoppers and shops alike; more than twice its size (and at least 20) is suspicious.</summary>
    public static bool TooMany(int scans, long quantity) => scans > Math.Max(20, 2 * quantity);

    /// <summary>Each sales-point scan counts; views of the page count once per client (address and device class) a day
    /// in Vietnam: one shopper refreshing the page twenty times is one look, not a copied label.</summary>
    public static int Counted(IEnumerable<ScanSeen> seen)
    {
        var list = seen.ToList();
        return list.Count(s => s.AtSalesPoint)
            + list.Where(s => !s.AtSalesPoint).Select(s => (Day: DayInVietnam(s.At), s.Client)).Distinct().Count();
    }

    private static DateOnly DayInVietnam(DateTimeOffset at) =>
        DateOnly.FromDateTime(at.ToOffset(TimeSpan.FromHours(7)).DateTime);

    public async Task<IReadOnlyList<CodeFlag>> FlagsAsync(Caller caller, int days, CancellationToken cancellationToken)
    {
        var byCode = new Dictionary<string, List<ScanSeen>>();
        await foreach (var scan in scans.SinceAsync(clock.GetUtcNow().AddDays(-days), cancellationToken))
        {
            if (!byCode.TryGetValue(scan.Code, out var list)) byCode[scan.Code] = list = [];
            list.Add(scan);
        }

        var flags = new List<CodeFlag>();
        foreach (var (code, seen) in byCode)
        {
            var reasons = seen.Where(s => s.AtSalesPoint && s.Province is not null)
                .GroupBy(s => DayInVietnam(s.At))
                .Select(day => (Day: day.Key, Provinces: day.Select(s => Provinces.Key(s.Province!)).Distinct().Count()))
                .Where(day => day.Provinces > 1)
                .Select(day => $"Quét ở {day.Provinces} tỉnh trong ngày {day.Day:dd/MM/yyyy}. Scanned in {day.Provinces} provinces on one day.")
                .ToList();
            var counted = Counted(seen);
            if (reasons.Count == 0 && counted <= 20) continue; // cheap exit before any lookup
            if (await batches.FindByCodeAsync(code, cancellationToken) is not { } batch) continue;
            if (TooMany(counted, batch.Quantity))
                reasons.Add($"Quét {counted} lần cho lô {batch.Quantity} sản phẩm. " +
                    $"Scanned {counted} times for a lot of {batch.Quantity}.");
            if (reasons.Count == 0) continue;
            if (await products.FindAsync(batch.ProductId, cancellationToken) is not { } found) continue;
            if (caller.Role == Role.Department && !Provinces.Same(caller.Province, found.Product.Province)) continue;
            flags.Add(new CodeFlag(TraceCode.Grouped(code), found.Product.Id, found.Product.Fields.Name!, found.Product.Province,
                batch.Quantity, counted, reasons));
        }
        return flags.OrderByDescending(f => f.Scans).ToList();
    }
}

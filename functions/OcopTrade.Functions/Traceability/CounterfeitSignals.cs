using OcopTrade.Functions.Access;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Traceability;

/// <summary>A code that behaves like a copied label.</summary>
public sealed record CodeFlag(string TraceCode, string ProductId, string ProductName, string Province, long BatchQuantity, int Scans, IReadOnlyList<string> Reasons);

/// <summary>Signals that a label was copied: the same code scanned at sales points of more than one province on one
/// day (a jar does not travel that fast), or scanned far more often than its lot has units.</summary>
public sealed class CounterfeitSignals(ScanLog scans, BatchStore batches, ProductStore products, TimeProvider clock)
{
    /// <summary>A lot is scanned by shoppers and shops alike; more than twice its size (and at least 20) is suspicious.</summary>
    public static bool TooMany(int scans, long quantity) => scans > Math.Max(20, 2 * quantity);

    public async Task<IReadOnlyList<CodeFlag>> FlagsAsync(Caller caller, int days, CancellationToken cancellationToken)
    {
        var byCode = new Dictionary<string, List<(DateTimeOffset At, string? Province)>>();
        await foreach (var (code, at, province) in scans.SinceAsync(clock.GetUtcNow().AddDays(-days), cancellationToken))
        {
            if (!byCode.TryGetValue(code, out var list)) byCode[code] = list = [];
            list.Add((at, province));
        }

        var flags = new List<CodeFlag>();
        foreach (var (code, seen) in byCode)
        {
            var reasons = seen.Where(s => s.Province is not null)
                .GroupBy(s => DateOnly.FromDateTime(s.At.ToOffset(TimeSpan.FromHours(7)).DateTime))
                .Select(day => (Day: day.Key, Provinces: day.Select(s => Provinces.Key(s.Province!)).Distinct().Count()))
                .Where(day => day.Provinces > 1)
                .Select(day => $"Quét ở {day.Provinces} tỉnh trong ngày {day.Day:dd/MM/yyyy}. Scanned in {day.Provinces} provinces on one day.")
                .ToList();
            if (reasons.Count == 0 && seen.Count <= 20) continue; // cheap exit before any lookup
            if (await batches.FindByCodeAsync(code, cancellationToken) is not { } batch) continue;
            if (TooMany(seen.Count, batch.Quantity))
                reasons.Add($"Quét {seen.Count} lần cho lô {batch.Quantity} sản phẩm. Scanned {seen.Count} times for a lot of {batch.Quantity}.");
            if (reasons.Count == 0) continue;
            if (await products.FindAsync(batch.ProductId, cancellationToken) is not { } found) continue;
            if (caller.Role == Role.Department && !Provinces.Same(caller.Province, found.Product.Province)) continue;
            flags.Add(new CodeFlag(TraceCode.Grouped(code), found.Product.Id, found.Product.Fields.Name!, found.Product.Province,
                batch.Quantity, seen.Count, reasons));
        }
        return flags.OrderByDescending(f => f.Scans).ToList();
    }
}

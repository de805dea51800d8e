using OcopTrade.Functions.Revenue;

namespace OcopTrade.Functions.Plans;

/// <summary>Producer × channel × month revenue cells, as <see cref="RevenueStore.CellsAsync"/> reads them.</summary>
public sealed class RevenueCells(Dictionary<string, List<(SalesChannel Channel, string Month, long Amount)>> cells)
{
    public static async Task<RevenueCells> ReadAsync(RevenueStore revenue, IEnumerable<string> producerIds, string from, string to, CancellationToken ct)
    {
        var cells = new Dictionary<string, List<(SalesChannel, string, long)>>(StringComparer.Ordinal);
        foreach (var id in producerIds) cells[id] = await revenue.CellsAsync(id, from, to, ct);
        return new RevenueCells(cells);
    }

    public long Sum(string producerId, ReportPeriod period, Func<SalesChannel, bool>? channel = null) => Money.Sum(
        cells.GetValueOrDefault(producerId)?
            .Where(c => (channel is null || channel(c.Channel)) && string.CompareOrdinal(c.Month, period.FromMonth) >= 0 && string.CompareOrdinal(c.Month, period.ToMonth) <= 0)
        ?? [], c => c.Amount);
}

/// <summary>The headline indicators, computed the same way for a plan's unit and for the dashboard.</summary>
public static class Indicators
{
    public sealed record Share(int Total, int Count, decimal? Percent);

    /// <summary>Modern-channel participation: of the subjects holding a valid certificate in the period (among
    /// <paramref name="subjects"/>), the share with revenue through a modern channel (<see cref="Channels.IsModern"/>).</summary>
    public static Share Participation(IEnumerable<CertifiedProduct> products, ISet<string> subjects, RevenueCells cells, ReportPeriod period)
    {
        var certified = products.Where(p => p.CertifiedDuring(period) && subjects.Contains(p.Product.ProducerId)).Select(p => p.Product.ProducerId).ToHashSet();
        var modern = certified.Count(s => cells.Sum(s, period, Channels.IsModern) > 0);
        return new Share(certified.Count, modern, certified.Count == 0 ? null : Math.Round(modern * 100m / certified.Count, 2, MidpointRounding.AwayFromZero));
    }

    /// <summary>Growth against the same months a year earlier; null when there was nothing to grow from.</summary>
    public static (long Now, long Before, decimal? Percent) Growth(IEnumerable<string> subjects, RevenueCells cells, ReportPeriod period)
    {
        var list = subjects.ToList();
        var now = Money.Sum(list, s => cells.Sum(s, period));
        var before = Money.Sum(list, s => cells.Sum(s, period.YearBefore));
        return (now, before, Money.GrowthPercent(now, before));
    }
}

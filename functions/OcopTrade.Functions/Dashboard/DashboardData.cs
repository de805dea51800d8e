using OcopTrade.Functions.AdministrativeUnits;
using OcopTrade.Functions.Plans;
using OcopTrade.Functions.Revenue;

namespace OcopTrade.Functions.Dashboard;

public sealed record ProducerGrowth(string Name, long RevenueVnd, decimal? GrowthPercent);

/// <summary>Everything the dashboard shows for a province and year, computed from the same live data and the same
/// indicator definitions as the reports.</summary>
public sealed record DashboardData(
    string Province, int Year, DateOnly Today, long RevenueVnd, long PreviousRevenueVnd, decimal? GrowthPercent,
    Indicators.Share Participation, IReadOnlyList<(string Period, decimal? Percent)> ParticipationOverTime,
    IReadOnlyList<int> Years, IReadOnlyList<(SalesChannel Channel, long[] Values)> RevenueByChannel,
    IReadOnlyList<ProducerGrowth> Growth, PlanProgressReport Progress, CertificatesReport Certificates,
    IReadOnlyList<OpenRecall> Recalls, Linkage.LinkageReport Linkage, IReadOnlyList<TradeEvents.EventResult> Events);

public sealed class DashboardSource(
    ProvinceRecords records, RevenueStore revenue, PlanProgress progress, ProductReports reports,
    AdministrativeUnitMap units, OpenRecalls recalls, Linkage.LinkageReports linkage, TradeEvents.EventStore events,
    TradeEvents.EventResults eventResults, TimeProvider clock)
{
    public const int YearsShown = 5;
    public const int ProducersShown = 15;

    public async Task<DashboardData> LoadAsync(string province, int year, CancellationToken ct)
    {
        var keys = units.RecordedKeys(province);
        var producers = await records.ProducersAsync(keys, ct);
        var products = await records.CertifiedAsync(keys, null, producers, ct);
        var firstYear = year - YearsShown + 1;
        // One read per producer covers every chart: five years shown plus the year before them for growth.
        var cells = await RevenueCells.ReadAsync(revenue, producers.Keys, $"{firstYear - 1}-01", $"{year}-12", ct);
        var all = producers.Keys.ToHashSet(StringComparer.Ordinal);
        var period = ReportPeriod.Year(year);

        var halves = new List<(string, decimal?)>();
        for (var y = year - 3; y <= year; y++)
            foreach (var h in new[] { 1, 2 })
            {
                var half = ReportPeriod.Half(y, h);
                halves.Add(($"{(h == 1 ? "6T đầu" : "6T cuối")}\n{y}", Indicators.Participation(products, all, cells, half).Percent));
            }

        var years = Enumerable.Range(firstYear, YearsShown).ToList();
        var byChannel = Enum.GetValues<SalesChannel>()
            .Select(ch => (ch, years.Select(y => Money.Sum(all, p => cells.Sum(p, ReportPeriod.Year(y), c => c == ch))).ToArray()))
            .Where(s => s.Item2.Any(v => v != 0)).ToList();

        var growth = producers.Values
            .Select(p => (p, g: Indicators.Growth([p.Id], cells, period)))
            .Where(x => x.g.Now > 0 || x.g.Before > 0)
            .OrderByDescending(x => x.g.Now).Take(ProducersShown)
            .Select(x => new ProducerGrowth(x.p.LegalName, x.g.Now, x.g.Percent)).ToList();
        var (now, before, percent) = Indicators.Growth(all, cells, period);

        return new DashboardData(province, year, Products.CertificateValidity.TodayInVietnam(clock), now, before, percent,
            Indicators.Participation(products, all, cells, period), halves, years, byChannel, growth,
            await progress.ComputeAsync(province, period, UnitView.Current, ct),
            await reports.CertificatesAsync(province, keys, null, null, ct), await recalls.LoadAsync(keys, ct),
            await linkage.ComputeAsync(new ReportScope(province, null, null, period), ct),
            await EventsOfAsync(province, period, ct));
    }

    /// <summary>The province's events whose days fall in the period, with their results.</summary>
    private async Task<List<TradeEvents.EventResult>> EventsOfAsync(string province, ReportPeriod period, CancellationToken ct)
    {
        var department = new Access.Caller(Access.Role.Department, Province: province);
        var held = (await events.ListAsync(department, ct)).Where(e => e.From <= period.LastDay && e.To >= period.From);
        return await eventResults.ForAllAsync(held, ct);
    }
}

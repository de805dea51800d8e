using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.AdministrativeUnits;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Revenue;
using OcopTrade.Functions.Traceability;

namespace OcopTrade.Functions.Plans;

/// <summary>A target against what live data shows. <c>actual</c> is computed, never typed in; <c>met</c> is null when
/// nothing can be said yet (no subjects, no revenue a year earlier).
/// <c>proxyActual</c>/<c>proxyBasis</c> are present on "subjects in linkage" only: the older revenue-channel proxy,
/// kept beside the count of confirmed deals so a report can be read against earlier ones.</summary>
public sealed record TargetProgress(
    PlanMetric Metric, UnitLevel Level, string Unit, string Label, decimal? Min, decimal? Max, string? Note,
    decimal? Actual, bool? Met, decimal? PercentOfTarget, string Basis, decimal? ProxyActual = null,
    string? ProxyBasis = null);

public sealed record PlanProgressView(string Id, string Number, string? Title, string Province, string CurrentProvince, int Year, IReadOnlyList<TargetProgress> Targets);

public sealed record PlanProgressReport(string Province, int Year, string From, string To, string AsOf, UnitView Units, IReadOnlyList<PlanProgressView> Plans);

/// <summary>Plan progress per unit, from certificates and stars (products), labelled batches (traceability) and revenue
/// roll-ups (participation, growth, linkage). Units are matched on the producer's record: a district target counts
/// producers recorded in that district, a commune target those in that commune.</summary>
public sealed class PlanProgress(
    PlanStore plans, ProvinceRecords records, RevenueStore revenue, BatchStore batches, Linkage.DealStore deals,
    AdministrativeUnitMap units, TimeProvider clock)
{
    /// <summary>Channels through which a subject sells under a link with a distributor or retailer (agents and
    /// distributors, supermarkets, convenience stores, OCOP points of sale, export): the revenue-channel proxy of
    /// "liên kết trong sản xuất và tiêu thụ" reported before deals were recorded, kept beside the count of
    /// confirmed deals and stated as a proxy in every answer.</summary>
    public static bool IsLinkage(SalesChannel channel) =>
        channel is SalesChannel.Agent or SalesChannel.Supermarket or SalesChannel.ConvenienceStore or SalesChannel.OcopPoint or SalesChannel.Export;

    private static readonly string[] LinkageChannels = [.. Enum.GetValues<SalesChannel>().Where(IsLinkage).Select(Channels.Name)];

    public static async Task<Results<Ok<PlanProgressReport>, ProblemHttpResult>> ReportAsync(
        HttpContext context, PlanProgress progress, string? province, int? year, int? half, string? units, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (year is null) errors.Add("year", "Say which plan year.");
        var period = year is null ? null : ReportPeriod.Read(year, half, null, null, errors);
        var view = QueryValues.Enum<UnitView>("units", units, errors) ?? UnitView.Current;
        if (QueryValues.Problem(errors) is { } invalid) return invalid;
        var (scope, problem) = ReportScope.ProvinceFor(Caller.From(context.User), province, progress.Units, allowProducer: false);
        if (problem is not null) return problem;
        return TypedResults.Ok(await progress.ComputeAsync(scope!, period!.Value, view, cancellationToken));
    }

    public async Task<PlanProgressReport> ComputeAsync(string province, ReportPeriod period, UnitView view, CancellationToken ct)
    {
        var today = Products.CertificateValidity.TodayInVietnam(clock);
        // Progress is "so far": a plan year still running is measured up to today.
        var asOf = period.LastDay < today ? period.LastDay : today;
        var found = await plans.ListAsync(units.RecordedKeys(province), period.From.Year, ct);
        var views = new List<PlanProgressView>();
        // Plans of one territory (a province's own and its cities') share one read of its records.
        var read = new Dictionary<string, Territory>(StringComparer.Ordinal);
        foreach (var plan in found)
        {
            var keys = units.RecordedKeys(plan.Province);
            var territory = string.Join('\n', keys);
            if (!read.TryGetValue(territory, out var live))
                read[territory] = live = await ReadTerritoryAsync(keys, period, asOf, ct);
            var (producers, products, cells, labelled, linked) = live;

            var targets = plan.Targets.Select(t =>
            {
                var inUnit = products.Where(p => p.In(t.Level, t.Unit)).ToList();
                var subjects = producers.Values.Where(p => t.Level switch
                {
                    UnitLevel.Province => true,
                    UnitLevel.District => p.District is { } d && AdministrativeUnitMap.UnitKey(d) == AdministrativeUnitMap.UnitKey(t.Unit),
                    _ => AdministrativeUnitMap.UnitKey(p.Commune) == AdministrativeUnitMap.UnitKey(t.Unit),
                }).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
                var (actual, basis) = t.Metric == PlanMetric.SubjectsInLinkage
                    ? LinkedSubjects(subjects, linked, period)
                    : Measure(t.Metric, inUnit, subjects, cells, labelled, period, asOf);
                var label = view == UnitView.Current && t.Level != UnitLevel.Commune ? units.CurrentProvince(plan.Province) + (t.Level == UnitLevel.District ? " (" + t.Unit + ")" : "") : t.Unit;
                var proxy = t.Metric == PlanMetric.SubjectsInLinkage ? LinkageProxy(subjects, cells, period) : default;
                return new TargetProgress(t.Metric, t.Level, t.Unit, label, t.Min, t.Max, t.Note, actual, Met(t,
                    actual),
                    PercentOf(t, actual), basis, proxy.Actual, proxy.Basis);
            }).ToList();
            views.Add(new PlanProgressView(plan.Id, plan.Number, plan.Title, plan.Province, units.CurrentProvince(plan.Province), plan.Year, targets));
        }
        return new PlanProgressReport(units.Label(province, view), period.From.Year, period.FromMonth, period.ToMonth, asOf.ToString("yyyy-MM-dd"), view, views);
    }

    /// <summary>What one territory's plans are measured on, read once.</summary>
    private sealed record Territory(
        Dictionary<string, ProducerPlace> Producers, List<CertifiedProduct> Products, RevenueCells Cells,
        HashSet<string> Labelled, HashSet<string> Linked);

    private async Task<Territory> ReadTerritoryAsync(
        IReadOnlyList<string> keys, ReportPeriod period, DateOnly asOf, CancellationToken ct)
    {
        var producers = await records.ProducersAsync(keys, ct);
        var products = await records.CertifiedAsync(keys, null, producers, ct);
        var cells = await RevenueCells.ReadAsync(revenue, producers.Keys, period.YearBefore.FromMonth, period.ToMonth, ct);
        var labelled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in products.Where(p => p.ValidOn(asOf)))
            if ((await batches.ListAsync(p.Product.Id, ct)).Any(b => b.ProductionDate <= asOf))
                labelled.Add(p.Product.Id);
        var linked = Linkage.LinkageFigures.LinkedProducers(await deals.InProvincesAsync(keys, ct), period);
        return new Territory(producers, products, cells, labelled, linked);
    }

    /// <summary>Subjects in linkage: the unit's producers with a deal the other side confirmed, for a period that
    /// shares a day with the report's.</summary>
    private static (decimal? Actual, string Basis) LinkedSubjects(
        HashSet<string> subjects, HashSet<string> linked, ReportPeriod period)
    {
        var count = subjects.Count(linked.Contains);
        return (count,
            $"{count} of the {subjects.Count} subjects recorded in the unit have a deal (contract or purchase " +
            $"order) confirmed by the buyer or producer on the other side, for a period overlapping " +
            $"{period.FromMonth}..{period.ToMonth}.");
    }

    private static (decimal? Actual, string? Basis) LinkageProxy(HashSet<string> subjects, RevenueCells cells,
        ReportPeriod period)
    {
        var linked = subjects.Count(s => cells.Sum(s, period, IsLinkage) > 0);
        return (linked,
            $"A proxy, not a count of linkage contracts: {linked} of the {subjects.Count} subjects recorded in the "
            + $"unit had revenue above 0 VND in {period.FromMonth}..{period.ToMonth} through "
            + $"{string.Join(", ", LinkageChannels)}.");
    }

    private static (decimal? Actual, string Basis) Measure(
        PlanMetric metric, List<CertifiedProduct> products, HashSet<string> subjects, RevenueCells cells, HashSet<string> labelled, ReportPeriod period, DateOnly asOf)
    {
        switch (metric)
        {
            case PlanMetric.NewProducts3Stars:
                return (products.Count(p => p.IssuedIn(period) && !p.Recertified && p.Product.RevokedAt is null && p.Product.Fields.Stars >= 3),
                    "Products first certified (3 stars or more) in the period.");
            case PlanMetric.RecertifiedProducts:
                return (products.Count(p => p.IssuedIn(period) && p.Recertified && p.Product.RevokedAt is null),
                    "Products certified again in the period after an earlier certificate.");
            case PlanMetric.TotalOcopProducts:
                return (products.Count(p => p.ValidOn(asOf)), $"Products with a valid certificate on {asOf:yyyy-MM-dd}.");
            case PlanMetric.ProductsWithTraceability:
                return (products.Count(p => labelled.Contains(p.Product.Id)), $"Certified products with a labelled batch (trace code) produced by {asOf:yyyy-MM-dd}.");
            case PlanMetric.ModernChannelParticipationPercent:
                {
                    var share = Indicators.Participation(products, subjects, cells, period);
                    return share.Percent is null ? (null, "No subject held a valid certificate in the period.")
                        : (share.Percent, $"{share.Count} of {share.Total} certified subjects sold through supermarkets, convenience stores or e-commerce.");
                }
            default:
                {
                    var (now, before, percent) = Indicators.Growth(subjects, cells, period);
                    return percent is null ? (null, "No revenue recorded in the same months a year earlier.")
                        : (percent, $"Revenue {now} VND against {before} VND in the same months a year earlier.");
                }
        }
    }

    private static bool? Met(PlanTarget t, decimal? actual) => actual is not { } a ? null
        : t.Metric == PlanMetric.RevenueGrowthPercent ? a >= (t.Min ?? decimal.MinValue) && a <= (t.Max ?? decimal.MaxValue)
        : a >= (t.Min ?? t.Max ?? 0);

    private static decimal? PercentOf(PlanTarget t, decimal? actual) =>
        actual is not { } a || t.Metric == PlanMetric.RevenueGrowthPercent || (t.Min ?? t.Max) is not { } goal || goal == 0 ? null
            : Math.Round(a * 100m / goal, 1, MidpointRounding.AwayFromZero);

    internal AdministrativeUnitMap Units => units;
}

using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Producers;

namespace OcopTrade.Functions.Revenue;

public enum GrowthDimension { Province, Producer, Channel }

/// <summary>Where a growth figure stands against the band: below, within, above, or no baseline (nothing a year earlier).</summary>
public enum GrowthStanding { Below, Within, Above, NoBaseline }

public sealed record GrowthRow(
    string Key, string Name, long RevenueVnd, long PreviousRevenueVnd, decimal? GrowthPercent, bool? WithinTarget, GrowthStanding Standing);

public sealed record GrowthReport(
    GrowthDimension By, string? Province, string? ProducerId, SalesChannel? Channel, string From, string To, string PreviousFrom, string PreviousTo,
    long RevenueVnd, long PreviousRevenueVnd, decimal? GrowthPercent, GrowthBand TargetBand, bool? WithinTarget,
    int RowsBelow, int RowsWithin, int RowsAbove, int RowsWithoutBaseline, IReadOnlyList<GrowthRow> Rows);

public sealed partial class RevenueReports
{
    public static async Task<Results<Ok<GrowthReport>, ProblemHttpResult>> GrowthAsync(
        HttpContext context, ProducerStore producers, RevenueReports reports, string? by, string? province, string? producerId,
        string? channel, int? year, int? half, string? from, string? to, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var dimension = QueryValues.Enum<GrowthDimension>("by", by, errors);
        if (by is null) errors.Add("by", "Say what to compare: province, producer or channel.");
        if (QueryValues.Problem(errors) is { } invalid) return invalid;
        if (dimension == GrowthDimension.Province && producerId is not null)
            return Problems.Invalid("producerId", "Growth by province compares provinces; leave producerId out.");
        var (scope, problem) = await ReadScopeAsync(context, producers, province, producerId, channel, year, from, to, cancellationToken,
            half, allProvinces: dimension == GrowthDimension.Province);
        if (problem is not null) return problem;
        return TypedResults.Ok(await reports.GrowthAsync(scope!, dimension!.Value, cancellationToken));
    }

    /// <summary>Year-on-year growth of each province, producer or channel in the scope, against the 5–10 % band.</summary>
    public async Task<GrowthReport> GrowthAsync(ReportScope scope, GrowthDimension by, CancellationToken ct)
    {
        var (prevFrom, prevTo) = (scope.From.AddYears(-1), scope.To.AddYears(-1));
        // Provinces (admin, all of them) are listed once for both periods and their names.
        IReadOnlyList<(string Key, string Name)>? provinces = by == GrowthDimension.Province
            ? scope.Province is { } one ? [(Provinces.Key(one), one)] : await rollups.ProvincesAsync(ct)
            : null;
        var (now, before) = (AmountsAsync(scope, by, provinces, scope.From, scope.To, ct), AmountsAsync(scope, by, provinces, prevFrom, prevTo, ct));
        var band = DefaultGrowthBand;
        var names = await NamesAsync(by, provinces, (await now).Keys.Union((await before).Keys).ToList(), ct);
        var (nowSums, beforeSums) = (await now, await before);
        var rows = nowSums.Keys.Union(beforeSums.Keys)
            .Select(key =>
            {
                var (current, previous) = (nowSums.GetValueOrDefault(key), beforeSums.GetValueOrDefault(key));
                var growth = Growth(current, previous);
                return new GrowthRow(key, names.GetValueOrDefault(key, key), current, previous, growth, Within(growth, band), Standing(growth, band));
            })
            .OrderBy(r => r.GrowthPercent is null).ThenByDescending(r => r.GrowthPercent).ThenBy(r => r.Key, StringComparer.Ordinal)
            .ToList();
        var (total, totalBefore) = (Money.Sum(nowSums.Values), Money.Sum(beforeSums.Values));
        var totalGrowth = Growth(total, totalBefore);
        return new GrowthReport(by, scope.Province, scope.ProducerId, scope.Channel, Month(scope.From), Month(scope.To), Month(prevFrom), Month(prevTo),
            total, totalBefore, totalGrowth, band, Within(totalGrowth, band),
            rows.Count(r => r.Standing == GrowthStanding.Below), rows.Count(r => r.Standing == GrowthStanding.Within),
            rows.Count(r => r.Standing == GrowthStanding.Above), rows.Count(r => r.Standing == GrowthStanding.NoBaseline), rows);
    }

    private static GrowthStanding Standing(decimal? growth, GrowthBand band) => growth switch
    {
        null => GrowthStanding.NoBaseline,
        { } g when g < band.MinPercent => GrowthStanding.Below,
        { } g when g > band.MaxPercent => GrowthStanding.Above,
        _ => GrowthStanding.Within,
    };

    /// <summary>Revenue per key (province key, producer id or channel name) in a month range, from roll-ups only.</summary>
    private async Task<Dictionary<string, long>> AmountsAsync(
        ReportScope scope, GrowthDimension by, IReadOnlyList<(string Key, string Name)>? provinces, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var sums = new Dictionary<string, long>(StringComparer.Ordinal);
        void Add(string key, long amount) => sums[key] = Money.Add(sums.GetValueOrDefault(key), amount);
        switch (by)
        {
            case GrowthDimension.Channel:
                foreach (var c in await CellsAsync(scope, from, to, ct))
                    if (scope.Channel is null || c.Channel == scope.Channel) Add(Channels.Name(c.Channel), c.Amount);
                break;
            case GrowthDimension.Province:
                var found = new System.Collections.Concurrent.ConcurrentBag<(string, long)>();
                await Parallel.ForEachAsync(provinces!, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (p, token) =>
                {
                    foreach (var c in await CellsAsync(scope with { Province = p.Item2, ProducerId = null }, from, to, token))
                        if (scope.Channel is null || c.Channel == scope.Channel) found.Add((p.Item1, c.Amount));
                });
                foreach (var (key, amount) in found) Add(key, amount);
                break;
            default:
                if (scope.ProducerId is not null || scope.Channel is not null)
                {
                    // One producer, or a channel: producers' own cells (a channel is not in the province's producer totals).
                    var ids = scope.ProducerId is { } id ? [id] : await ProducersWithRevenueAsync(scope.Province!, from, to, ct);
                    var bag = new System.Collections.Concurrent.ConcurrentBag<(string, long)>();
                    await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (producer, token) =>
                    {
                        foreach (var c in await entries.CellsAsync(producer, Month(from), Month(to), token))
                            if (scope.Channel is null || c.Channel == scope.Channel) bag.Add((producer, c.Amount));
                    });
                    foreach (var (key, amount) in bag) Add(key, amount);
                }
                else
                    for (var y = from.Year; y <= to.Year; y++)
                        foreach (var (producer, amount) in await rollups.ProducerTotalsAsync(scope.Province!, y, Month(from), Month(to), modernOnly: false, ct))
                            Add(producer, amount);
                break;
        }
        return sums;
    }

    private async Task<List<string>> ProducersWithRevenueAsync(string province, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var y = from.Year; y <= to.Year; y++)
            foreach (var (producer, _) in await rollups.ProducerTotalsAsync(province, y, Month(from), Month(to), modernOnly: false, ct)) ids.Add(producer);
        return [.. ids];
    }

    private async Task<Dictionary<string, string>> NamesAsync(
        GrowthDimension by, IReadOnlyList<(string Key, string Name)>? provinces, List<string> keys, CancellationToken ct)
    {
        switch (by)
        {
            case GrowthDimension.Channel:
                return keys.ToDictionary(k => k, k => Channels.Label(Enum.Parse<SalesChannel>(k, true)));
            case GrowthDimension.Province:
                return provinces!.Where(p => keys.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Name);
            default:
                var names = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
                await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (id, token) =>
                {
                    if (await producerNames.FindAsync(id, token) is { } name) names[id] = name;
                });
                return new(names);
        }
    }
}

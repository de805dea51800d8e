using OcopTrade.Functions.AdministrativeUnits;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Plans;

/// <summary>What a plan sets targets for, in the words of the seed plans (DOMAIN.md's target table).</summary>
public enum PlanMetric
{
    NewProducts3Stars, RecertifiedProducts, TotalOcopProducts, ProductsWithTraceability, SubjectsInLinkage,
    ModernChannelParticipationPercent, RevenueGrowthPercent,
}

/// <summary>The level a target is set at. Districts exist only in plans made before they were abolished (1 July 2025).</summary>
public enum UnitLevel { Province, District, Commune }

/// <summary>One target as a client sends it. <c>min</c> is "at least"; <c>max</c> closes a band (6–8 products,
/// growth 5–10 %). A target without <c>unit</c> is the plan's province.</summary>
public sealed record TargetFields(PlanMetric? Metric, UnitLevel? Level, string? Unit, decimal? Min, decimal? Max, string? Note);

public sealed record PlanFields(string? Province, int? Year, string? Number, string? Title, string? IssuedBy, List<TargetFields>? Targets);

public sealed record PlanTarget(PlanMetric Metric, UnitLevel Level, string Unit, decimal? Min, decimal? Max, string? Note);

public enum PlanSource { Api, Import, Seed }

public sealed record Plan(
    string Id, string Province, int Year, string Number, string? Title, string? IssuedBy, IReadOnlyList<PlanTarget> Targets,
    PlanSource Source, string RecordedBy, DateTimeOffset RecordedAt);

public static class PlanRules
{
    public const int MaxTargets = 1000;

    /// <summary>The last year whose plans may set district targets: 2025 plans were adopted while districts still
    /// existed (they were abolished on 1 July 2025).</summary>
    public const int LastYearWithDistricts = 2025;

    public static bool IsPercent(PlanMetric metric) => metric is PlanMetric.ModernChannelParticipationPercent or PlanMetric.RevenueGrowthPercent;

    /// <summary>Checks the whole plan at once, naming fields as the client sent them (<c>targets[3].min</c>).</summary>
    public static PlanFields? Validate(PlanFields input, FieldErrors errors, string prefix = "")
    {
        var province = errors.Text(prefix + "province", input.Province, 100, required: true);
        if (input.Year is not { } year) errors.Add(prefix + "year", "This field is required.");
        else if (year is < 2015 or > 2100) errors.Add(prefix + "year", "Between 2015 and 2100.");
        var number = errors.Text(prefix + "number", input.Number, 50, required: true);
        if (number is not null && PlanIds.Words(number).Length == 0) errors.Add(prefix + "number", "Give the plan's number, e.g. 1426/KH-UBND.");
        var title = errors.Text(prefix + "title", input.Title, 300);
        var issuedBy = errors.Text(prefix + "issuedBy", input.IssuedBy, 200);
        if (input.Targets is not { Count: > 0 } targets)
        {
            errors.Add(prefix + "targets", "A plan needs at least one target.");
            return null;
        }
        if (targets.Count > MaxTargets) { errors.Add(prefix + "targets", $"At most {MaxTargets} targets."); return null; }

        var clean = new List<TargetFields>();
        var seen = new HashSet<(PlanMetric, UnitLevel, string)>();
        for (var i = 0; i < targets.Count; i++)
        {
            var t = targets[i];
            var at = $"{prefix}targets[{i}].";
            if (t is null) { errors.Add($"{prefix}targets[{i}]", "A target is an object."); continue; }
            if (t.Metric is null) errors.Add(at + "metric", "Use one of: " + string.Join(", ", Enum.GetNames<PlanMetric>().Select(Camel)) + ".");
            var level = t.Level ?? UnitLevel.Province;
            var unit = errors.Text(at + "unit", t.Unit, 100) ?? (level == UnitLevel.Province ? province : null);
            if (unit is null && level != UnitLevel.Province) errors.Add(at + "unit", "Name the district or commune.");
            if (level == UnitLevel.Province && unit is not null && province is not null && !Access.Provinces.Same(unit, province))
                errors.Add(at + "unit", "A province-level target is the plan's own province.");
            if (level == UnitLevel.District && input.Year > LastYearWithDistricts)
                errors.Add(at + "level", "Districts were abolished on 1 July 2025; set targets per commune or for the province.");
            var note = errors.Text(at + "note", t.Note, 300);
            if (t.Metric is { } metric)
            {
                if (t.Min is null && t.Max is null) errors.Add(at + "min", "Give min (at least), max, or both for a band.");
                if (metric == PlanMetric.RevenueGrowthPercent && (t.Min is null || t.Max is null))
                    errors.Add(at + "max", "Revenue growth is a band: give min and max (e.g. 5 and 10).");
                if (t.Min is { } min && t.Max is { } max && min > max) errors.Add(at + "max", "Must not be below min.");
                foreach (var (name, value) in new[] { ("min", t.Min), ("max", t.Max) })
                {
                    if (value is not { } v) continue;
                    if (metric == PlanMetric.RevenueGrowthPercent) { if (v is < -100 or > 1000) errors.Add(at + name, "A growth rate between -100 and 1000 %."); }
                    else if (metric == PlanMetric.ModernChannelParticipationPercent) { if (v is < 0 or > 100) errors.Add(at + name, "A share between 0 and 100 %."); }
                    else if (v < 0 || v != decimal.Truncate(v) || v > 1_000_000) errors.Add(at + name, "A whole number of products or subjects.");
                }
                if (unit is not null && !seen.Add((metric, level, AdministrativeUnitMap.UnitKey(unit))))
                    errors.Add(at + "metric", "This unit already has a target for this metric in the plan.");
            }
            clean.Add(t with { Level = level, Unit = unit, Note = note });
        }
        return errors.Any ? null : new PlanFields(province, input.Year, number, title, issuedBy, clean);
    }

    public static string Camel(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);
}

/// <summary>A plan's id is readable and derived from what identifies it (province, year, number), so posting the
/// same plan twice, or loading the seeds at every start, lands on one record.</summary>
public static class PlanIds
{
    public static string For(string province, int year, string number) =>
        $"{Words(Access.Provinces.Key(province))}-{year}-{Words(number)}";

    public static string Words(string text) => Products.Slug.For(text, "").TrimEnd('-');
}

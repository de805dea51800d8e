using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.AdministrativeUnits;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Revenue;

/// <summary>What a report covers: a province (null: every province, admin only), or one producer; a channel or all;
/// the months of <see cref="Period"/>, compared with the same months a year earlier. Every report reads its filters
/// through this type and <see cref="ReportPeriod"/>: revenue, growth, participation, exports, plan progress, product
/// reports and the dashboard.</summary>
public sealed record ReportScope(string? Province, string? ProducerId, SalesChannel? Channel, ReportPeriod Period)
{
    /// <summary>First day of the first month.</summary>
    public DateOnly From => Period.From;

    /// <summary>First day of the last month.</summary>
    public DateOnly To => Period.To;

    /// <summary>Which province a province-level report is about: a department's own (or a former province merged into
    /// it, whose history it now holds), any for an admin. Another province is a 404, as everywhere.</summary>
    public static (string? Province, ProblemHttpResult? Problem) ProvinceFor(Caller caller, string? province, AdministrativeUnitMap units, bool allowProducer)
    {
        switch (caller.Role)
        {
            case Role.Admin:
                return province is null ? (null, Problems.Invalid("province", "Say which province.")) : (province, null);
            case Role.Department:
                if (province is null) return (caller.Province, null);
                return Provinces.Same(province, caller.Province) || Provinces.Same(units.CurrentProvince(province), caller.Province)
                    ? (province, null) : (null, Problems.NotFound("province"));
            case Role.Producer when allowProducer:
                return (null, null);
            default:
                return (null, Problems.Forbidden("Reports are for departments" + (allowProducer ? " and producers." : ".")));
        }
    }
}

/// <summary>A report's months: a year, its first or second half (the 6-month report is due 25 June), or any range.</summary>
public readonly record struct ReportPeriod(DateOnly From, DateOnly To)
{
    /// <summary>The years a report may name: those a revenue entry's month may have (<see cref="RevenueRules.ParseMonth"/>).</summary>
    public const int FirstYear = 2000, LastYear = 2100;

    /// <summary>The last day of the period.</summary>
    public DateOnly LastDay => To.AddMonths(1).AddDays(-1);

    public string FromMonth => From.ToString("yyyy-MM", CultureInfo.InvariantCulture);
    public string ToMonth => To.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public bool Contains(DateOnly day) => day >= From && day <= LastDay;

    /// <summary>The same months a year earlier, so a first half compares with the last first half.</summary>
    public ReportPeriod YearBefore => new(From.AddYears(-1), To.AddYears(-1));

    public static ReportPeriod Year(int year) => new(new DateOnly(year, 1, 1), new DateOnly(year, 12, 1));

    /// <summary>January–June (1) or July–December (2).</summary>
    public static ReportPeriod Half(int year, int half) => new(new DateOnly(year, half * 6 - 5, 1), new DateOnly(year, half * 6, 1));

    /// <summary>Reads <c>year</c> (with <c>half</c> 1 or 2) or <c>from</c>/<c>to</c> (YYYY-MM); problems go to
    /// <paramref name="errors"/> under the parameter's name. Not <paramref name="required"/>: nothing given is null, no error.</summary>
    public static ReportPeriod? Read(int? year, int? half, string? from, string? to, FieldErrors errors, bool required = true)
    {
        if (year is not null)
        {
            if (from is not null || to is not null) { errors.Add("year", "Give either year (and half) or from/to, not both."); return null; }
            if (year is < FirstYear or > LastYear) { errors.Add("year", $"Between {FirstYear} and {LastYear}."); return null; }
            return half switch
            {
                null => Year(year.Value),
                1 or 2 => Half(year.Value, half.Value),
                _ => Fail(errors, "half", "1 (January–June) or 2 (July–December)."),
            };
        }
        if (half is not null) return Fail(errors, "half", "A half needs its year, e.g. year=2025&half=1.");
        if (from is null && to is null)
            return required ? Fail(errors, "year", "Give a year (with half=1 for the first half), or from and to as YYYY-MM (e.g. from=2025-01&to=2025-06).") : null;
        if (RevenueRules.ParseMonth(from) is not { } f) return Fail(errors, "from", "Use YYYY-MM.");
        if (RevenueRules.ParseMonth(to) is not { } t) return Fail(errors, "to", "Use YYYY-MM.");
        if (t < f || t > f.AddYears(10)) return Fail(errors, "to", "Must be on or after 'from' and within ten years of it.");
        return new(f, t);
    }

    private static ReportPeriod? Fail(FieldErrors errors, string field, string message) { errors.Add(field, message); return null; }
}

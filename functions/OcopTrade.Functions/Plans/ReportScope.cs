using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.AdministrativeUnits;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Plans;

/// <summary>Which province a report is about: a department's own (or a former province merged into it, whose
/// history it now holds), any for an admin. Another province is a 404, as everywhere.</summary>
public static class ReportScope
{
    public static (string? Province, ProblemHttpResult? Problem) Province(Caller caller, string? province, AdministrativeUnitMap units, bool allowProducer)
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
    /// <summary>The last day of the period.</summary>
    public DateOnly LastDay => To.AddMonths(1).AddDays(-1);

    public string FromMonth => From.ToString("yyyy-MM", CultureInfo.InvariantCulture);
    public string ToMonth => To.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public bool Contains(DateOnly day) => day >= From && day <= LastDay;

    /// <summary>The same months a year earlier, so a first half compares with the last first half.</summary>
    public ReportPeriod YearBefore => new(From.AddYears(-1), To.AddYears(-1));

    public static ReportPeriod? Read(int? year, int? half, string? from, string? to, FieldErrors errors, bool required = true)
    {
        if (year is not null)
        {
            if (from is not null || to is not null) { errors.Add("year", "Give either year (and half) or from/to, not both."); return null; }
            if (year is < 2015 or > 2100) { errors.Add("year", "Between 2015 and 2100."); return null; }
            return half switch
            {
                null => new(new DateOnly(year.Value, 1, 1), new DateOnly(year.Value, 12, 1)),
                1 => new(new DateOnly(year.Value, 1, 1), new DateOnly(year.Value, 6, 1)),
                2 => new(new DateOnly(year.Value, 7, 1), new DateOnly(year.Value, 12, 1)),
                _ => Fail(errors, "half", "1 (January–June) or 2 (July–December)."),
            };
        }
        if (half is not null) return Fail(errors, "half", "A half needs its year, e.g. year=2025&half=1.");
        if (from is null && to is null)
            return required ? Fail(errors, "year", "Give a year (with half=1 for the first half), or from and to as YYYY-MM.") : null;
        if (Month(from) is not { } f) return Fail(errors, "from", "Use YYYY-MM.");
        if (Month(to) is not { } t) return Fail(errors, "to", "Use YYYY-MM.");
        if (t < f || t > f.AddYears(10)) return Fail(errors, "to", "Must be on or after 'from' and within ten years of it.");
        return new(f, t);
    }

    private static ReportPeriod? Fail(FieldErrors errors, string field, string message) { errors.Add(field, message); return null; }

    private static DateOnly? Month(string? month) =>
        month is { Length: 7 } && DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            && d.Year is >= 2015 and <= 2100 ? d : null;
}

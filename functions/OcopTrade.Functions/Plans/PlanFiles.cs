using System.Globalization;
using System.Text;
using System.Text.Json;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Revenue;

namespace OcopTrade.Functions.Plans;

/// <summary>Reads plans from what a department has: JSON (one plan or a list), or a table (CSV or XLSX) with one
/// target per row and the plan's columns repeated. Every problem is named by row and column so the file can be fixed
/// in one pass; a file with any problem writes nothing.</summary>
public static class PlanFiles
{
    public const string XlsxType = ImportFiles.XlsxType;

    public static readonly string[] Columns = ["province", "year", "number", "title", "issuedBy", "metric", "level", "unit", "min", "max", "note"];

    public static string Template() =>
        "\uFEFF" + Csv.Line(Columns) +
        Csv.Line("Bắc Kạn", "2024", "180/KH-UBND", "Kế hoạch OCOP năm 2024", "UBND tỉnh Bắc Kạn", "newProducts3Stars",
            "province", "Bắc Kạn", "20", "", "") +
        Csv.Line("Bắc Kạn", "2024", "180/KH-UBND", "Kế hoạch OCOP năm 2024", "UBND tỉnh Bắc Kạn", "newProducts3Stars",
            "district", "Huyện Chợ Đồn", "3", "", "Phụ lục 1");

    public static List<PlanFields>? FromJson(ReadOnlySpan<byte> body, FieldErrors errors)
    {
        try
        {
            var trimmed = Encoding.UTF8.GetString(body).TrimStart('\uFEFF', ' ', '\r', '\n', '\t');
            return trimmed.StartsWith('[')
                ? JsonSerializer.Deserialize<List<PlanFields>>(trimmed, Json.Options) ?? []
                : [JsonSerializer.Deserialize<PlanFields>(trimmed, Json.Options)!];
        }
        catch (JsonException e)
        {
            errors.Add(JsonBody.FieldOf(e.Path), "Not a plan here: " + (e.Message.Contains("could not be mapped") ? "unknown field." : "wrong type or not JSON."));
            return null;
        }
    }

    /// <summary>Plans from a CSV or XLSX table, read with the bounds of every import (<see cref="ImportFiles"/>); a
    /// file over them throws <see cref="ImportFileException"/>.</summary>
    public static List<PlanFields>? FromTable(
        Stream body, ImportFormat format, FieldErrors errors, CancellationToken cancellationToken) =>
        FromRows(ImportFiles.Read(body, format, cancellationToken), errors);

    /// <summary>Rows (header first) into plans, grouped by province, year and number in the order they appear.</summary>
    private static List<PlanFields>? FromRows(List<List<string>> rows, FieldErrors errors)
    {
        rows = [.. rows.Where(r => r.Any(c => !string.IsNullOrWhiteSpace(c)))];
        if (rows.Count < 2) { errors.Add("body", "The file needs a header row and at least one target row."); return null; }
        var header = rows[0].Select(h => h.Trim()).ToList();
        var index = Columns.ToDictionary(c => c, c => header.FindIndex(h => string.Equals(h, c, StringComparison.OrdinalIgnoreCase)));
        foreach (var required in new[] { "province", "year", "number", "metric", "min" })
            if (index[required] < 0) errors.Add("header", $"Missing column '{required}'. Columns: {string.Join(", ", Columns)}.");
        if (errors.Any) return null;

        var plans = new Dictionary<(string, string, string), (PlanFields Plan, int Row)>();
        for (var r = 1; r < rows.Count; r++)
        {
            string? Cell(string column) => index[column] is var i and >= 0 && i < rows[r].Count && rows[r][i].Trim() is { Length: > 0 } v ? v : null;
            var at = $"rows[{r + 1}].";
            int? year = null;
            if (Cell("year") is { } y && !(int.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out var yv) && (year = yv) is not null))
                errors.Add(at + "year", "A year such as 2025.");
            var target = new TargetFields(Parse<PlanMetric>(Cell("metric"), at + "metric", errors), Parse<UnitLevel>(Cell("level"), at + "level", errors),
                Cell("unit"), Number(Cell("min"), at + "min", errors), Number(Cell("max"), at + "max", errors), Cell("note"));
            var key = (Cell("province") ?? "", Cell("year") ?? "", Cell("number") ?? "");
            if (!plans.TryGetValue(key, out var entry))
                plans[key] = entry = (new PlanFields(Cell("province"), year, Cell("number"), Cell("title"), Cell("issuedBy"), []), r + 1);
            entry.Plan.Targets!.Add(target);
        }
        return errors.Any ? null : [.. plans.Values.OrderBy(p => p.Row).Select(p => p.Plan)];
    }

    private static T? Parse<T>(string? value, string field, FieldErrors errors) where T : struct, Enum
    {
        if (value is null) return null;
        if (Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !char.IsAsciiDigit(value[0])) return parsed;
        errors.Add(field, "Use one of: " + string.Join(", ", Enum.GetNames<T>().Select(PlanRules.Camel)) + ".");
        return null;
    }

    private static decimal? Number(string? value, string field, FieldErrors errors)
    {
        if (value is null) return null;
        if (decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n)) return n;
        errors.Add(field, "A number, with '.' for decimals.");
        return null;
    }
}

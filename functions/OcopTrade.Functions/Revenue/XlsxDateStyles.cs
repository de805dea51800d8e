using System.Xml;

namespace OcopTrade.Functions.Revenue;

/// <summary>Which cell styles show a number as a date. A workbook stores a date as a number of days; only its style
/// says it is one, and a month typed as a date must import as that month.</summary>
public static class XlsxDateStyles
{
    /// <summary>For each style index a cell may name (its s attribute), whether it shows a date.</summary>
    public static bool[] Read(XlsxPackage package)
    {
        using var reader = package.Part("xl/styles.xml");
        if (reader is null) return [];
        var formats = new Dictionary<int, string>();
        var dates = new List<bool>();
        var inCellFormats = false;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "cellXfs") inCellFormats = false;
            if (reader.NodeType != XmlNodeType.Element) continue;
            if (reader.LocalName == "numFmt" && Id(reader) is { } id)
                formats[id] = reader.GetAttribute("formatCode") ?? "";
            else if (reader.LocalName == "cellXfs") inCellFormats = !reader.IsEmptyElement;
            else if (reader.LocalName == "xf" && inCellFormats)
                dates.Add(Id(reader) is { } format && IsDate(format, formats.GetValueOrDefault(format)));
        }
        return [.. dates];
    }

    private static int? Id(XmlReader reader) =>
        int.TryParse(reader.GetAttribute("numFmtId"), out var id) ? id : null;

    /// <summary>The built-in date and time formats (14–22, 27–36, 45–47, 50–58), or a format of the workbook's
    /// own whose code, outside quoted text, [colours] and escaped characters, has a day, month, year, hour or second.
    /// </summary>
    public static bool IsDate(int format, string? code)
    {
        if (format is >= 14 and <= 22 or >= 27 and <= 36 or >= 45 and <= 47 or >= 50 and <= 58) return true;
        if (string.IsNullOrEmpty(code) || code.Equals("General", StringComparison.OrdinalIgnoreCase)) return false;
        var quoted = false;
        var bracketed = false;
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (c == '"') quoted = !quoted;
            else if (quoted) continue;
            else if (c == '\\' || c == '_' || c == '*') i++; // the next character is shown or padded, not a code
            else if (c == '[') bracketed = true;
            else if (c == ']') bracketed = false;
            else if (!bracketed && char.ToLowerInvariant(c) is 'd' or 'm' or 'y' or 'h' or 's') return true;
        }
        return false;
    }
}

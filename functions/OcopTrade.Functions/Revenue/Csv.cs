using System.Text;

namespace OcopTrade.Functions.Revenue;

/// <summary>RFC 4180 reading and writing. Written text cells that a spreadsheet would run as a formula
/// (starting with = + - @, tab or carriage return) get a leading apostrophe, so an exported producer name like
/// "=HYPERLINK(…)" is shown, never executed.</summary>
public static class Csv
{
    public static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        value = Safe(value);
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    /// <summary>Text a spreadsheet would run as a formula gets a leading apostrophe; used for CSV and XLSX text cells alike.</summary>
    public static string Safe(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    /// <summary>Numbers are written as numbers: a negative adjustment stays -100000, not text.</summary>
    public static string Number(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Line(params string[] cells) => string.Join(',', cells) + "\r\n";

    /// <summary>Rows of fields; quoted fields may hold commas, quotes and line breaks.</summary>
    public static List<List<string>> Parse(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"' && field.Length == 0) quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                row.Add(field.ToString()); field.Clear();
                if (row.Count > 1 || row[0].Length > 0) rows.Add(row);
                row = [];
            }
            else field.Append(c);
        }
        row.Add(field.ToString());
        if (row.Count > 1 || row[0].Length > 0) rows.Add(row);
        return rows;
    }
}

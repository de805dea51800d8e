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
    public static List<List<string>> Parse(string text) => [.. Rows(new StringReader(text))];

    /// <summary>Rows of fields read as they come, a row held at a time (blank lines are no row). A row with more than
    /// <paramref name="maxFields"/> fields stops the reading with <see cref="CsvRowTooWideException"/> before it is
    /// held whole.</summary>
    public static IEnumerable<List<string>> Rows(TextReader text, int maxFields = int.MaxValue)
    {
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var quoteInQuoted = false; // a quote inside quotes: the end of the field, or the first of a doubled quote
        var afterCarriageReturn = false;
        var rows = 0;
        var first = true;
        for (var read = text.Read(); read >= 0; read = text.Read())
        {
            var c = (char)read;
            if (first)
            {
                first = false;
                if (c == '\uFEFF') continue; // a byte order mark, not text
            }
            if (quoteInQuoted)
            {
                quoteInQuoted = false;
                if (c == '"') { field.Append('"'); continue; }
                quoted = false;
            }
            if (afterCarriageReturn)
            {
                afterCarriageReturn = false;
                if (c == '\n') continue;
            }
            if (quoted)
            {
                if (c == '"') quoteInQuoted = true;
                else field.Append(c);
            }
            else if (c == '"' && field.Length == 0) quoted = true;
            else if (c == ',') EndField(row, field, maxFields, rows + 1);
            else if (c is '\r' or '\n')
            {
                afterCarriageReturn = c == '\r';
                EndField(row, field, maxFields, rows + 1);
                if (IsRow(row)) { rows++; yield return row; }
                row = [];
            }
            else field.Append(c);
        }
        EndField(row, field, maxFields, rows + 1);
        if (IsRow(row)) yield return row;
    }

    private static void EndField(List<string> row, StringBuilder field, int maxFields, int rowNumber)
    {
        if (row.Count == maxFields) throw new CsvRowTooWideException(rowNumber, maxFields);
        row.Add(field.ToString());
        field.Clear();
    }

    private static bool IsRow(List<string> row) => row.Count > 1 || row[0].Length > 0;
}

/// <summary>A CSV row with more fields than its reader takes; <see cref="Row"/> counts rows from 1, blank lines not
/// counted.</summary>
public sealed class CsvRowTooWideException(int row, int maxFields)
    : Exception($"Row {row} has more than {maxFields} fields.")
{
    public int Row { get; } = row;
}

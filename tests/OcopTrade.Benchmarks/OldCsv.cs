using System.Text;

namespace OcopTrade.Benchmarks;

/// <summary>The anchor: the hand-written RFC 4180 reader the app used before Sep (functions/…/Revenue/Csv.cs at
/// a7232f2), kept here only so the CSV benchmark measures the change in the same run. Not used by the app.</summary>
public static class OldCsv
{
    /// <summary>Rows of fields read as they come, a row held at a time (blank lines are no row). A row with more than
    /// <paramref name="maxFields"/> fields stops the reading (InvalidDataException) before it is
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
        if (row.Count == maxFields)
            throw new InvalidDataException($"Row {rowNumber} has more than {maxFields} fields.");
        row.Add(field.ToString());
        field.Clear();
    }

    private static bool IsRow(List<string> row) => row.Count > 1 || row[0].Length > 0;
}

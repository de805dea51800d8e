using System.Globalization;
using nietras.SeparatedValues;

namespace OcopTrade.Functions.Revenue;

/// <summary>RFC 4180 reading and writing through Sep (nietras.Sep), a row at a time. Two rules stay ours: text cells
/// that a spreadsheet would run as a formula (starting with = + - @, tab or carriage return) are written with a
/// leading apostrophe, so an exported producer name like "=HYPERLINK(…)" is shown, never executed; and a row wider
/// than its reader takes is refused before any of its cells becomes a string.</summary>
public static class Csv
{
    private static readonly Sep Comma = Sep.New(',');

    /// <summary>Text a spreadsheet would run as a formula gets a leading apostrophe; used for CSV and XLSX text cells alike.</summary>
    public static string Safe(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    /// <summary>One row as CSV text ending in CRLF, cells written as <see cref="CsvSheet.Row"/> writes them.</summary>
    public static string Line(params IEnumerable<object?> cells)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var sheet = CsvSheet.To(text)) sheet.Row(cells);
        return text.ToString();
    }

    /// <summary>Rows written to a response body or blob as they come, after a byte order mark (Excel opens
    /// Vietnamese text as UTF-8 only with one). Sep writes synchronously and an ASP.NET Core body takes only
    /// asynchronous writes, so rows gather in a chunk of about <see cref="ChunkChars"/> that is written out
    /// asynchronously: the file is never held whole.</summary>
    public static async Task WriteAsync(
        Stream target, IAsyncEnumerable<IEnumerable<object?>> rows, CancellationToken cancellationToken)
    {
        await using var body = new StreamWriter(target, new System.Text.UTF8Encoding(false), leaveOpen: true);
        await body.WriteAsync('\uFEFF');
        var chunk = new StringWriter(CultureInfo.InvariantCulture);
        using var sheet = CsvSheet.To(chunk);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            sheet.Row(row);
            if (chunk.GetStringBuilder().Length >= ChunkChars) await WriteOutAsync(chunk, body, cancellationToken);
        }
        await WriteOutAsync(chunk, body, cancellationToken);
    }

    private const int ChunkChars = 32 * 1024;

    private static async Task WriteOutAsync(StringWriter chunk, StreamWriter body, CancellationToken cancellationToken)
    {
        await body.WriteAsync(chunk.GetStringBuilder(), cancellationToken);
        await body.FlushAsync(cancellationToken);
        chunk.GetStringBuilder().Clear();
    }

    /// <summary>Rows of fields; quoted fields may hold commas, quotes and line breaks.</summary>
    public static List<List<string>> Parse(string text) => [.. Rows(new StringReader(text))];

    /// <summary>Rows of fields read as they come, a row held at a time (blank lines are no row; a byte order mark is
    /// no text). A row with more than <paramref name="maxFields"/> fields stops the reading with
    /// <see cref="CsvRowTooWideException"/>; a row longer than Sep's buffer (16 Mi characters, a quote never
    /// closed) with <see cref="NotSupportedException"/>.</summary>
    public static IEnumerable<List<string>> Rows(TextReader text, int maxFields = int.MaxValue)
    {
        using var reader = Comma.Reader(o => o with
        {
            HasHeader = false,
            Unescape = true,
            DisableColCountCheck = true,
            CultureInfo = CultureInfo.InvariantCulture,
        }).From(text);
        var rows = 0;
        while (Next(reader, rows, maxFields) is { } cells)
        {
            rows++;
            yield return cells;
        }
    }

    /// <summary>The next row that is not blank, its cells made strings; null at the end.</summary>
    private static List<string>? Next(SepReader reader, int rowsBefore, int maxFields)
    {
        while (reader.MoveNext())
        {
            var row = reader.Current;
            if (row.ColCount > maxFields) throw new CsvRowTooWideException(rowsBefore + 1, maxFields);
            if (row.ColCount == 1 && IsBlank(row[0].Span, rowsBefore)) continue;
            var cells = new List<string>(row.ColCount);
            for (var i = 0; i < row.ColCount; i++) cells.Add(row[i].ToString());
            if (rowsBefore == 0 && cells[0].StartsWith('\uFEFF')) cells[0] = cells[0][1..];
            return cells;
        }
        return null;
    }

    /// <summary>An empty line, or before the first row one holding only a byte order mark.</summary>
    private static bool IsBlank(ReadOnlySpan<char> cell, int rowsBefore) =>
        cell.IsEmpty || (rowsBefore == 0 && cell is ['\uFEFF']);
}

/// <summary>CSV written a row at a time to a text writer (a response body, a blob), with CRLF line ends. Text cells
/// are made formula-safe (<see cref="Csv.Safe"/>) and quoted by Sep when they hold a comma, quote or line break;
/// numbers are written as numbers, so a negative adjustment stays -100000, not text.</summary>
public sealed class CsvSheet : IDisposable
{
    private static readonly Sep Comma = Sep.New(',');
    private readonly SepWriter _writer;

    private CsvSheet(SepWriter writer) => _writer = writer;

    public static CsvSheet To(TextWriter text)
    {
        text.NewLine = "\r\n";
        return new(Comma.Writer(o => o with
        {
            WriteHeader = false,
            Escape = true,
            DisableColCountCheck = true,
            ColNotSetOption = SepColNotSetOption.Skip,
            CultureInfo = CultureInfo.InvariantCulture,
        }).To(text, leaveOpen: true));
    }

    public void Row(IEnumerable<object?> cells)
    {
        using var row = _writer.NewRow();
        var i = 0;
        foreach (var cell in cells) row[i++].Set(Cell(cell));
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        string text => Csv.Safe(text),
        long or int or decimal => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        DateTimeOffset at => at.ToString("O", CultureInfo.InvariantCulture),
        _ => Csv.Safe(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
    };

    public void Dispose() => _writer.Dispose();
}

/// <summary>A CSV row with more fields than its reader takes; <see cref="Row"/> counts rows from 1, blank lines not
/// counted.</summary>
public sealed class CsvRowTooWideException(int row, int maxFields)
    : Exception($"Row {row} has more than {maxFields} fields.")
{
    public int Row { get; } = row;
}

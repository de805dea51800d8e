using System.Globalization;
using System.Xml;

namespace OcopTrade.Functions.Revenue;

/// <summary>
/// The first sheet of an uploaded XLSX as rows of text cells, streamed: one pass over the sheet's XML, a row held at a
/// time. The sheet's declared extent is checked before its first row and every cell's reference as it comes
/// (<see cref="SheetBounds"/>), so a file cannot make the reader fill columns or rows it does not have; the
/// cancellation token is checked at every node.
/// </summary>
public static class XlsxSheet
{
    /// <summary>What cells refer to outside the sheet: shared strings by index, date styles by index.</summary>
    private sealed record Lookups(string Sheet, List<string> Strings, bool[] Dates);

    /// <summary>Rows in sheet order, blank cells as "" so every cell keeps its column, trailing blanks and blank rows
    /// left out.</summary>
    public static IEnumerable<List<string>> Rows(byte[] bytes, SheetBounds bounds, CancellationToken cancellationToken)
    {
        using var package = XlsxPackage.Open(bytes);
        foreach (var row in Rows(package, bounds, cancellationToken)) yield return row;
    }

    /// <summary>As <see cref="Rows(byte[], SheetBounds, CancellationToken)"/> from a stream that can seek (a stored
    /// blob): only the shared strings are held; the stream is left open.</summary>
    public static IEnumerable<List<string>> Rows(Stream content, SheetBounds bounds, CancellationToken cancellationToken)
    {
        using var package = XlsxPackage.Open(content, leaveOpen: true);
        foreach (var row in Rows(package, bounds, cancellationToken)) yield return row;
    }

    private static IEnumerable<List<string>> Rows(
        XlsxPackage package, SheetBounds bounds, CancellationToken cancellationToken)
    {
        var (name, path) = package.FirstSheet();
        var strings = XlsxText.SharedStrings(package, cancellationToken);
        var lookups = new Lookups(name, strings, XlsxDateStyles.Read(package));
        var cursor = new Cursor(bounds, name);
        using var sheet = package.Part(path)!;
        sheet.MoveToContent();
        while (!sheet.EOF)
        {
            // At every node, not only every row: a row can be stuffed with elements no reader needs.
            cancellationToken.ThrowIfCancellationRequested();
            if (IsElement(sheet, "c"))
            {
                var cell = cursor.Cell(sheet.GetAttribute("r"));
                cursor.Place(Value(sheet, cell, lookups)); // reads past the cell
                continue;
            }
            if (IsElement(sheet, "dimension")) Cursor.Check(bounds.RefusalOfExtent(sheet.GetAttribute("ref"), name));
            else if (IsElement(sheet, "row") && cursor.Begin(sheet.GetAttribute("r")) is { } finished)
                yield return finished;
            sheet.Read();
        }
        if (cursor.End() is { } last) yield return last;
    }

    private static bool IsElement(XmlReader reader, string name) =>
        reader.NodeType == XmlNodeType.Element && reader.LocalName == name;

    /// <summary>Where the reading is: the row being filled, its number and the last cell's column (a row or cell may
    /// leave out its reference, meaning the next one).</summary>
    private sealed class Cursor(SheetBounds bounds, string sheet)
    {
        private List<string> _row = [];
        private int _number;
        private int _column;

        /// <summary>Starts the next row; answers the one before if it held anything.</summary>
        public List<string>? Begin(string? reference)
        {
            var finished = End();
            _row = [];
            _number = int.TryParse(reference, CultureInfo.InvariantCulture, out var number) ? number : _number + 1;
            _column = 0;
            Check(bounds.Refusal(new CellReference(1, _number), sheet));
            return finished;
        }

        /// <summary>The row being filled, if it holds anything.</summary>
        public List<string>? End() => _row.Count > 0 ? _row : null;

        public CellReference Cell(string? reference)
        {
            var cell = CellReference.Parse(reference) ?? new CellReference(_column + 1, _number);
            Check(bounds.Refusal(cell with { Row = _number }, sheet));
            _column = cell.Column;
            return cell;
        }

        public void Place(string value)
        {
            if (value.Length == 0) return;
            while (_row.Count < _column) _row.Add("");
            _row[_column - 1] = value;
        }

        public static void Check(string? refusal)
        {
            if (refusal is not null) throw new ImportFileException("body", refusal, overLimit: true);
        }
    }

    /// <summary>The cell's value as the text a CSV would hold; leaves the reader past the cell.</summary>
    private static string Value(XmlReader cell, CellReference at, Lookups lookups)
    {
        var type = cell.GetAttribute("t");
        var style = int.TryParse(cell.GetAttribute("s"), CultureInfo.InvariantCulture, out var s) ? s : 0;
        var raw = Content(cell);
        if (raw is null) return "";
        return type switch
        {
            "s" => int.TryParse(raw, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < lookups.Strings.Count
                ? lookups.Strings[i]
                : throw new ImportFileException("body",
                    $"Sheet '{lookups.Sheet}' cell {at} names a shared string the workbook lacks."),
            "inlineStr" or "str" or "e" => raw,
            "b" => raw == "1" ? "true" : "false",
            "d" => DateTime.TryParse(raw, CultureInfo.InvariantCulture, out var d) ? Month(d) : raw,
            _ => Number(raw, style < lookups.Dates.Length && lookups.Dates[style]),
        };
    }

    /// <summary>The cell's stored value (&lt;v&gt;) or own text (&lt;is&gt;); a formula beside it is skipped.</summary>
    private static string? Content(XmlReader cell)
    {
        string? raw = null;
        if (cell.IsEmptyElement)
        {
            cell.Read();
            return raw;
        }
        var depth = cell.Depth;
        cell.Read();
        while (!cell.EOF && cell.Depth > depth)
        {
            if (IsElement(cell, "v")) raw = cell.ReadElementContentAsString();
            else if (IsElement(cell, "is")) raw = XlsxText.Runs(cell);
            else if (cell.NodeType == XmlNodeType.Element) cell.Skip();
            else cell.Read();
        }
        cell.Read(); // the cell's end tag
        return raw;
    }

    /// <summary>A number as a CSV would hold it: whole numbers without ".0" or exponent; a date as its month.</summary>
    private static string Number(string raw, bool isDate)
    {
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)) return raw;
        if (isDate && n is > -657435 and < 2958466) return Month(DateTime.FromOADate(n));
        return n == Math.Floor(n) && Math.Abs(n) < 1e17
            ? ((long)n).ToString(CultureInfo.InvariantCulture)
            : n.ToString("R", CultureInfo.InvariantCulture);
    }

    private static string Month(DateTime date) => date.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Xml;

namespace OcopTrade.Functions.Revenue;

/// <summary>
/// The first sheet of an uploaded XLSX as rows of text cells, streamed: one pass over the sheet's XML, a row held at a
/// time. The sheet's declared extent is checked before its first row and every cell's reference as it comes
/// (<see cref="SheetBounds"/>), so a file cannot make the reader fill columns or rows it does not have; the
/// cancellation token is checked at every row.
/// </summary>
public static class XlsxSheet
{
    /// <summary>Rows in sheet order, blank cells as "" so every cell keeps its column, trailing blanks and blank rows
    /// left out.</summary>
    public static IEnumerable<List<string>> Rows(byte[] bytes, SheetBounds bounds, CancellationToken cancellationToken)
    {
        using var package = XlsxPackage.Open(bytes);
        var (name, path) = package.FirstSheet();
        var strings = XlsxText.SharedStrings(package, cancellationToken);
        var dates = XlsxDateStyles.Read(package);
        using var sheet = package.Part(path)!;
        var row = new List<string>();
        var rowNumber = 0;
        var column = 0;
        sheet.MoveToContent();
        while (!sheet.EOF)
        {
            if (sheet.NodeType != XmlNodeType.Element || sheet.LocalName is not ("dimension" or "row" or "c"))
            {
                sheet.Read();
                continue;
            }
            if (sheet.LocalName == "dimension") Check(bounds.RefusalOfExtent(sheet.GetAttribute("ref"), name));
            else if (sheet.LocalName == "row")
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (Finished(row) is { } done) yield return done;
                row = [];
                rowNumber = int.TryParse(sheet.GetAttribute("r"), CultureInfo.InvariantCulture, out var r) ? r : rowNumber + 1;
                column = 0;
                Check(bounds.Refusal(new CellReference(1, rowNumber), name));
            }
            else
            {
                var cell = CellReference.Parse(sheet.GetAttribute("r")) ?? new CellReference(column + 1, rowNumber);
                Check(bounds.Refusal(cell with { Row = rowNumber }, name));
                column = cell.Column;
                Place(row, column, Value(sheet, strings, dates, cell, name));
                continue; // Value read past the cell
            }
            sheet.Read();
        }
        if (Finished(row) is { } last) yield return last;
    }

    private static void Check(string? refusal)
    {
        if (refusal is not null) throw new ImportFileException("body", refusal, overLimit: true);
    }

    private static List<string>? Finished(List<string> row) => row.Count > 0 ? row : null;

    private static void Place(List<string> row, int column, string value)
    {
        if (value.Length == 0) return;
        while (row.Count < column) row.Add("");
        row[column - 1] = value;
    }

    /// <summary>The cell's value as the text a CSV would hold; leaves the reader past the cell.</summary>
    private static string Value(XmlReader cell, List<string> strings, bool[] dates, CellReference at, string sheet)
    {
        var type = cell.GetAttribute("t");
        var style = int.TryParse(cell.GetAttribute("s"), CultureInfo.InvariantCulture, out var s) ? s : 0;
        if (cell.IsEmptyElement)
        {
            cell.Read();
            return "";
        }
        string? raw = null;
        var depth = cell.Depth;
        cell.Read();
        while (!cell.EOF && cell.Depth > depth)
        {
            if (cell.NodeType == XmlNodeType.Element && cell.LocalName == "v") raw = cell.ReadElementContentAsString();
            else if (cell.NodeType == XmlNodeType.Element && cell.LocalName == "is") raw = XlsxText.Runs(cell);
            else if (cell.NodeType == XmlNodeType.Element) cell.Skip();
            else cell.Read();
        }
        cell.Read(); // the cell's end tag
        if (raw is null) return "";
        return type switch
        {
            "s" => int.TryParse(raw, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < strings.Count ? strings[i]
                : throw new ImportFileException("body", $"Sheet '{sheet}' cell {at} names a shared string the workbook lacks."),
            "inlineStr" or "str" or "e" => raw,
            "b" => raw == "1" ? "true" : "false",
            "d" => DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? Month(d) : raw,
            _ => Number(raw, style < dates.Length && dates[style]),
        };
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

using System.Globalization;
using System.IO.Compression;
using System.Text;
using MiniExcelLibs;

namespace OcopTrade.Functions.Revenue;

public enum ImportFormat { Csv, Xlsx }

/// <summary>A file a person made refused with the field and the reason, in English (the title is Vietnamese).</summary>
public sealed class ImportFileException(string field, string reason) : Exception(reason)
{
    public string Field { get; } = field;
}

/// <summary>
/// Reads an uploaded CSV (UTF-8) or XLSX into rows of text cells, so both go through one validation. An XLSX is a
/// zip: before any XML is parsed its directory is checked (entries, declared uncompressed size; .NET refuses an entry
/// that inflates past its declared size), and only the first <see cref="MaxRows"/> rows are ever read, so a small
/// upload cannot expand into gigabytes (a zip bomb) or millions of rows.
/// </summary>
public static class ImportFiles
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const long MaxBytes = 32L * 1024 * 1024;
    public const int MaxRows = 250_000;
    public const long MaxUncompressedBytes = 256L * 1024 * 1024;
    public const int MaxZipEntries = 200;

    /// <summary>The format the content type names; null if neither.</summary>
    public static ImportFormat? FormatOf(string? contentType) =>
        contentType is null ? null
        : contentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) ? ImportFormat.Csv
        : contentType.StartsWith(XlsxType, StringComparison.OrdinalIgnoreCase) ? ImportFormat.Xlsx
        : null;

    public static string Extension(ImportFormat format) => format == ImportFormat.Xlsx ? ".xlsx" : ".csv";

    /// <summary>A zip's local file header: what every XLSX starts with.</summary>
    public static bool LooksLikeZip(ReadOnlySpan<byte> bytes) => bytes.Length >= 4 && bytes[0] == 0x50 && bytes[1] == 0x4B && bytes[2] == 3 && bytes[3] == 4;

    /// <summary>Rows of cells, the header first. Throws <see cref="ImportFileException"/> for a file that is not what it says.</summary>
    public static List<List<string>> Read(byte[] bytes, ImportFormat format)
    {
        var rows = format == ImportFormat.Xlsx ? ReadXlsx(bytes) : ReadCsv(bytes);
        if (rows.Count == 0) throw new ImportFileException("body", "The file is empty.");
        if (rows.Count - 1 > MaxRows) throw new ImportFileException("body", $"At most {MaxRows} rows per file; split it.");
        return rows;
    }

    private static List<List<string>> ReadCsv(byte[] bytes)
    {
        if (LooksLikeZip(bytes)) throw new ImportFileException("body", $"This is an XLSX (zip) file: send it with Content-Type {XlsxType}.");
        string text;
        try { text = new UTF8Encoding(false, true).GetString(bytes); }
        catch (DecoderFallbackException) { throw new ImportFileException("body", "The file is not UTF-8 text; save the CSV as UTF-8."); }
        return Csv.Parse(text);
    }

    private static List<List<string>> ReadXlsx(byte[] bytes)
    {
        if (!LooksLikeZip(bytes)) throw new ImportFileException("body", "The file is not an XLSX workbook (an XLSX is a zip archive).");
        try
        {
            using (var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read))
            {
                if (zip.Entries.Count > MaxZipEntries) throw new ImportFileException("body", $"The workbook has more than {MaxZipEntries} parts.");
                if (zip.Entries.Sum(e => e.Length) > MaxUncompressedBytes)
                    throw new ImportFileException("body", $"The workbook unpacks to more than {MaxUncompressedBytes / 1024 / 1024} MiB.");
                if (zip.GetEntry("xl/workbook.xml") is null) throw new ImportFileException("body", "The zip is not an XLSX workbook (no xl/workbook.xml).");
            }
            var rows = new List<List<string>>();
            // The first sheet only; cells keyed by column letter, so a blank cell keeps its column.
            foreach (IDictionary<string, object?> row in MiniExcel.Query(new MemoryStream(bytes, writable: false), useHeaderRow: false, excelType: ExcelType.XLSX))
            {
                var cells = row.Values.Select(Cell).ToList();
                while (cells.Count > 0 && cells[^1].Length == 0) cells.RemoveAt(cells.Count - 1);
                if (cells.Count > 0) rows.Add(cells);
                if (rows.Count > MaxRows + 1) break;
            }
            return rows;
        }
        catch (Exception e) when (e is InvalidDataException or System.Xml.XmlException or InvalidOperationException or NotSupportedException)
        {
            throw new ImportFileException("body", "The XLSX workbook cannot be read: " + e.Message);
        }
    }

    /// <summary>Spreadsheet values as the text a CSV would hold: whole numbers without ".0" or exponent, a month typed as
    /// a date as YYYY-MM.</summary>
    private static string Cell(object? value) => value switch
    {
        null => "",
        string s => s,
        double d when d == Math.Floor(d) && Math.Abs(d) < 1e17 => ((long)d).ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>The template as a workbook: the columns and one example row; amounts are numbers, the month text.</summary>
    public static byte[] XlsxTemplate()
    {
        var example = new Dictionary<string, object?>();
        foreach (var (column, value) in RevenueImports.Columns.Zip(RevenueImports.ExampleRow))
            example[column] = column is "amountVnd" or "quantity" ? long.Parse(value, CultureInfo.InvariantCulture) : value;
        using var stream = new MemoryStream();
        stream.SaveAs(new[] { example }, sheetName: "DoanhThu", excelType: ExcelType.XLSX);
        return stream.ToArray();
    }
}

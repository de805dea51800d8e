using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using MiniExcelLibs;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Revenue;

public enum ImportFormat { Csv, Xlsx }

/// <summary>A file a person made refused with the field and the reason, in English (the title is Vietnamese).
/// <see cref="OverLimit"/>: the file is readable but larger than an import takes (rows, columns).</summary>
public sealed class ImportFileException(string field, string reason, bool overLimit = false) : Exception(reason)
{
    public string Field { get; } = field;
    public bool OverLimit { get; } = overLimit;
}

/// <summary>
/// Reads an uploaded CSV (UTF-8) or XLSX into rows of text cells, so both go through one validation; revenue and plan
/// imports share it. Both are streamed a row at a time and stop at the first row past <see cref="MaxRows"/> or a cell
/// past column <see cref="MaxColumns"/>: a small upload cannot expand into gigabytes (a zip bomb, see
/// <see cref="XlsxPackage"/>), millions of rows or a sheet 16 384 columns wide.
/// </summary>
public static class ImportFiles
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    /// <summary>A national file of 250 000 rows of the template's columns is about 25 MiB as CSV.</summary>
    public const long MaxBytes = 32L * 1024 * 1024;
    public const int MaxRows = 250_000;
    /// <summary>The templates have 11 columns; A to Z leaves room for a note beside them, nothing like XFD.</summary>
    public const int MaxColumns = 26;
    public static readonly SheetBounds Bounds = new(MaxColumns, MaxRows + 1);

    /// <summary>The format the content type names; null if neither.</summary>
    public static ImportFormat? FormatOf(string? contentType) =>
        contentType is null ? null
        : contentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) ? ImportFormat.Csv
        : contentType.StartsWith(XlsxType, StringComparison.OrdinalIgnoreCase) ? ImportFormat.Xlsx
        : null;

    public static string Extension(ImportFormat format) => format == ImportFormat.Xlsx ? ".xlsx" : ".csv";

    /// <summary>A zip's local file header: what every XLSX starts with.</summary>
    public static bool LooksLikeZip(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 4 && bytes[0] == 0x50 && bytes[1] == 0x4B && bytes[2] == 3 && bytes[3] == 4;

    /// <summary>Rows of cells, the header first, at most the header and <see cref="MaxRows"/> rows. Throws
    /// <see cref="ImportFileException"/> for a file that is not what it says or is over a limit.</summary>
    public static List<List<string>> Read(byte[] bytes, ImportFormat format, CancellationToken cancellationToken) =>
        Read(new MemoryStream(bytes, writable: false), format, cancellationToken);

    /// <summary>As <see cref="Read(byte[], ImportFormat, CancellationToken)"/> from a stream that can seek (a
    /// buffered upload, a blob opened for reading); a CSV is read from it as it comes.</summary>
    public static List<List<string>> Read(Stream content, ImportFormat format, CancellationToken cancellationToken)
    {
        List<List<string>> rows = [.. Rows(content, format, cancellationToken)];
        return rows.Count > 0 ? rows : throw Empty();
    }

    /// <summary>The header and how many rows follow it, holding one row at a time: what an upload checks before it
    /// is stored.</summary>
    public static (List<string> Header, int Rows) Survey(
        Stream content, ImportFormat format, CancellationToken cancellationToken)
    {
        List<string>? header = null;
        var count = 0;
        foreach (var row in Rows(content, format, cancellationToken))
            if (header is null) header = row;
            else count++;
        return header is null ? throw Empty() : (header, count);
    }

    /// <summary>CSV rows streamed from text, bounded like any import: they stop with <see cref="ImportFileException"/>
    /// at the first row past the limit or a row wider than <see cref="MaxColumns"/>.</summary>
    public static IEnumerable<List<string>> CsvRows(TextReader text, CancellationToken cancellationToken) =>
        Bounded(Translated(Csv.Rows(text, MaxColumns), CsvRefusal), cancellationToken);

    /// <summary>The answer to a refused file: 400 for one that is not what it says, 422 for one over a limit.</summary>
    public static ProblemHttpResult Problem(ImportFileException e) =>
        e.OverLimit
            ? Problems.Unprocessable("Tệp vượt quá giới hạn nhập", e.Message,
                new Dictionary<string, string[]> { [e.Field] = [e.Message] })
            : Problems.Invalid(e.Field, e.Message);

    /// <summary>The rows of a file, the header first, read as they come from a stream that can seek (a buffered
    /// upload, a stored blob opened for reading): a CSV as it streams, an XLSX from its zip directory with only its
    /// shared strings held. Bounded like <see cref="Read(Stream, ImportFormat, CancellationToken)"/>; an empty file
    /// yields no row.</summary>
    public static IEnumerable<List<string>> Rows(
        Stream content, ImportFormat format, CancellationToken cancellationToken)
    {
        var isZip = StartsLikeZip(content);
        if (format == ImportFormat.Csv)
        {
            if (isZip)
                throw new ImportFileException("body",
                    $"This is an XLSX (zip) file: send it with Content-Type {XlsxType}.");
            var text = new StreamReader(content, new UTF8Encoding(false, true), leaveOpen: true);
            return CsvRows(text, cancellationToken);
        }
        if (!isZip)
            throw new ImportFileException("body", "The file is not an XLSX workbook (an XLSX is a zip archive).");
        // A zip is read from its end (the central directory): a stream that cannot seek is held, bounded by MaxBytes.
        var sheet = content.CanSeek
            ? XlsxSheet.Rows(content, Bounds, cancellationToken)
            : XlsxSheet.Rows(BytesOf(content), Bounds, cancellationToken);
        return Bounded(Translated(sheet, XlsxRefusal), cancellationToken);
    }

    /// <summary>Whether the content begins with a zip's local file header; the stream is put back where it was.
    /// </summary>
    private static bool StartsLikeZip(Stream content)
    {
        var start = content.Position;
        Span<byte> head = stackalloc byte[4];
        var read = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        content.Position = start;
        return LooksLikeZip(head[..read]);
    }

    private static byte[] BytesOf(Stream content)
    {
        using var copy = new MemoryStream();
        content.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Stops at the first row past the header and <see cref="MaxRows"/>, having held none of them.</summary>
    private static IEnumerable<List<string>> Bounded(
        IEnumerable<List<string>> rows, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (++count > MaxRows + 1)
                throw new ImportFileException("body", $"At most {MaxRows} rows per file after the header; split it.",
                    overLimit: true);
            yield return row;
        }
    }

    /// <summary>The rows, with what a reader throws for a broken file turned into a refusal naming the body.</summary>
    private static IEnumerable<List<string>> Translated(
        IEnumerable<List<string>> rows, Func<Exception, ImportFileException?> refusal)
    {
        using var each = rows.GetEnumerator();
        while (true)
        {
            try
            {
                if (!each.MoveNext()) yield break;
            }
            catch (Exception e) when (refusal(e) is { } refused) { throw refused; }
            yield return each.Current;
        }
    }

    private static ImportFileException? CsvRefusal(Exception e) => e switch
    {
        NotSupportedException => new("body",
            "A row is longer than 16 Mi characters: a quote (\") is probably never closed.", overLimit: true),
        DecoderFallbackException => new("body", "The file is not UTF-8 text; save the CSV as UTF-8."),
        CsvRowTooWideException wide => new("body",
            $"Row {wide.Row} has more than {MaxColumns} columns: an import reads at most {MaxColumns}.",
            overLimit: true),
        _ => null,
    };

    private static ImportFileException? XlsxRefusal(Exception e) =>
        e is InvalidDataException or System.Xml.XmlException or InvalidOperationException or NotSupportedException
            or IOException
            ? new("body", "The XLSX workbook cannot be read: " + e.Message)
            : null;

    private static ImportFileException Empty() => new("body", "The file is empty.");

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

using System.IO.Compression;
using System.Text;

namespace OcopTrade.Tests.Revenue;

/// <summary>XLSX files written part by part with System.IO.Compression, as someone crafting one by hand would: a
/// workbook listing one sheet, and that sheet's XML as given.</summary>
public static class CraftedWorkbook
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string Package = "http://schemas.openxmlformats.org/package/2006";
    private const string Declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

    /// <summary>A workbook whose one sheet holds <paramref name="rows"/> (see <see cref="Row"/>), with the declared
    /// extent <paramref name="dimension"/> if given.</summary>
    public static byte[] With(string? dimension, params string[] rows) =>
        Build(sheet => Write(sheet, SheetStart(dimension) + string.Concat(rows) + SheetEnd));

    /// <summary>A row of text cells: ("A1", "id"), ("XFD1", "x").</summary>
    public static string Row(int number, params (string Reference, string Text)[] cells) =>
        $"<row r=\"{number}\">"
        + string.Concat(cells.Select(c => $"<c r=\"{c.Reference}\" t=\"inlineStr\"><is><t>{c.Text}</t></is></c>"))
        + "</row>";

    public static string SheetStart(string? dimension) =>
        $"{Declaration}<worksheet xmlns=\"{Main}\">"
        + (dimension is null ? "" : $"<dimension ref=\"{dimension}\"/>") + "<sheetData>";

    public const string SheetEnd = "</sheetData></worksheet>";

    /// <summary>A zip bomb of about 200 KiB: a sheet with a header row, then 200 MiB of spaces (valid XML, read in
    /// full by a reader that trusts it), under the 256 MiB the workbook may unpack to in all.</summary>
    public static readonly Lazy<byte[]> Bomb = new(() => Build(sheet =>
    {
        Write(sheet, SheetStart("A1:K1") + Row(1, ("A1", "id"), ("B1", "producerId")));
        var spaces = new byte[1024 * 1024];
        Array.Fill(spaces, (byte)' ');
        for (var i = 0; i < 200; i++) sheet.Write(spaces);
        Write(sheet, SheetEnd);
    }));

    /// <summary>A workbook whose sheet part is whatever <paramref name="writeSheet"/> writes (and its shared strings
    /// part what <paramref name="writeSharedStrings"/> writes, if given), compressed as tightly as deflate can.
    /// </summary>
    public static byte[] Build(Action<Stream> writeSheet, Action<Stream>? writeSharedStrings = null)
    {
        using var bytes = new MemoryStream();
        using (var zip = new ZipArchive(bytes, ZipArchiveMode.Create, leaveOpen: true))
        {
            Part(zip, "[Content_Types].xml", s => Write(s, $"{Declaration}<Types xmlns=\"{Package}/content-types\">"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"));
            Part(zip, "xl/workbook.xml", s => Write(s,
                $"{Declaration}<workbook xmlns=\"{Main}\" xmlns:r=\"{Relationships}\">"
                + "<sheets><sheet name=\"DoanhThu\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"));
            Part(zip, "xl/_rels/workbook.xml.rels", s => Write(s,
                $"{Declaration}<Relationships xmlns=\"{Package}/relationships\"><Relationship Id=\"rId1\" "
                + $"Type=\"{Relationships}/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"));
            Part(zip, "xl/worksheets/sheet1.xml", writeSheet);
            if (writeSharedStrings is not null) Part(zip, "xl/sharedStrings.xml", writeSharedStrings);
        }
        return bytes.ToArray();
    }

    public static void Write(Stream stream, string text) => stream.Write(Encoding.UTF8.GetBytes(text));

    private static void Part(ZipArchive zip, string path, Action<Stream> write)
    {
        using var stream = zip.CreateEntry(path, CompressionLevel.SmallestSize).Open();
        write(stream);
    }
}

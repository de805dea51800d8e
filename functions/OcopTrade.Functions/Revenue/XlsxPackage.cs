using System.IO.Compression;
using System.Xml;

namespace OcopTrade.Functions.Revenue;

/// <summary>An uploaded XLSX's zip, checked from its directory before anything is inflated: how many parts, what they
/// unpack to in all, and how far any large part inflates. A zip bomb packs hundreds of MiB of one repeated byte into
/// kilobytes (ratios in the thousands); sheets people make compress about 5 to 30 times.</summary>
public sealed class XlsxPackage : IDisposable
{
    public const int MaxParts = 200;
    public const long MaxUncompressedBytes = 256L * 1024 * 1024;
    public const int MaxCompressionRatio = 100;
    /// <summary>The shared strings are held while the sheet is read; a national file of 250 000 rows needs about
    /// 10 MiB of them.</summary>
    public const long MaxSharedStringsBytes = 64L * 1024 * 1024;
    public const string SharedStrings = "xl/sharedStrings.xml";
    /// <summary>Small parts (styles, a short sheet) may compress well without costing anything to read.</summary>
    private const long RatioCheckedFrom = 1024 * 1024;

    /// <summary>No DTD (no entity expansion), and no part read past what the directory allowed, whatever its header
    /// claims.</summary>
    private static readonly XmlReaderSettings Xml = new()
    {
        DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true,
        MaxCharactersInDocument = MaxUncompressedBytes, CloseInput = true,
    };

    private readonly ZipArchive _zip;

    private XlsxPackage(ZipArchive zip) => _zip = zip;

    /// <summary>The workbook if its directory passes; <see cref="ImportFileException"/> otherwise.</summary>
    public static XlsxPackage Open(byte[] bytes) => Open(new MemoryStream(bytes, writable: false), leaveOpen: false);

    /// <summary>As <see cref="Open(byte[])"/> from a stream that can seek (a stored blob opened for reading): a zip
    /// is read from its directory at the end, then only the parts asked for, so the workbook is never held whole.
    /// </summary>
    public static XlsxPackage Open(Stream content, bool leaveOpen)
    {
        var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen);
        try
        {
            if (Refusal(zip) is { } reason) throw new ImportFileException("body", reason);
            return new XlsxPackage(zip);
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    private static string? Refusal(ZipArchive zip)
    {
        if (zip.Entries.Count > MaxParts) return $"The workbook has more than {MaxParts} parts.";
        if (zip.Entries.Sum(e => e.Length) > MaxUncompressedBytes)
            return $"The workbook unpacks to more than {MaxUncompressedBytes / 1024 / 1024} MiB.";
        if (zip.Entries.FirstOrDefault(Inflates) is { } bomb)
            return $"The workbook's part {bomb.FullName} unpacks to {bomb.Length / 1024 / 1024} MiB from "
                + $"{bomb.CompressedLength / 1024} KiB compressed, more than {MaxCompressionRatio} times: not a sheet "
                + "people make.";
        if (zip.GetEntry(SharedStrings) is { Length: > MaxSharedStringsBytes })
            return $"The workbook's shared strings unpack to more than {MaxSharedStringsBytes / 1024 / 1024} MiB.";
        if (zip.GetEntry("xl/workbook.xml") is null) return "The zip is not an XLSX workbook (no xl/workbook.xml).";
        return null;
    }

    private static bool Inflates(ZipArchiveEntry entry) =>
        entry.Length > RatioCheckedFrom && entry.Length > Math.Max(1, entry.CompressedLength) * MaxCompressionRatio;

    /// <summary>A part as XML, or null if the workbook has none by that name.</summary>
    public XmlReader? Part(string path) =>
        _zip.GetEntry(path) is { } entry ? XmlReader.Create(entry.Open(), Xml) : null;

    /// <summary>The first sheet as the workbook lists it (what a spreadsheet opens on): its name and part.</summary>
    public (string Name, string Path) FirstSheet()
    {
        string? name = null, relationship = null;
        using (var workbook = Part("xl/workbook.xml")!)
            while (workbook.Read())
                if (workbook.NodeType == XmlNodeType.Element && workbook.LocalName == "sheet")
                {
                    name = workbook.GetAttribute("name");
                    relationship = RelationshipId(workbook);
                    break;
                }
        var path = relationship is null ? null : TargetOf(relationship);
        if (path is null || _zip.GetEntry(path) is null) path = "xl/worksheets/sheet1.xml";
        if (_zip.GetEntry(path) is null) throw new ImportFileException("body", "The workbook has no sheet.");
        return (name ?? "Sheet1", path);
    }

    /// <summary>The sheet's r:id, in whichever relationships namespace (transitional or strict).</summary>
    private static string? RelationshipId(XmlReader sheet)
    {
        for (var more = sheet.MoveToFirstAttribute(); more; more = sheet.MoveToNextAttribute())
            if (sheet.LocalName == "id" && sheet.Prefix.Length > 0) return sheet.Value;
        return null;
    }

    /// <summary>The part a workbook relationship points to: "/xl/worksheets/sheet1.xml" or "worksheets/sheet1.xml".
    /// </summary>
    private string? TargetOf(string relationship)
    {
        using var rels = Part("xl/_rels/workbook.xml.rels");
        if (rels is null) return null;
        while (rels.Read())
            if (rels.NodeType == XmlNodeType.Element && rels.LocalName == "Relationship"
                && rels.GetAttribute("Id") == relationship)
                return rels.GetAttribute("Target") is { } target
                    ? target.StartsWith('/') ? target[1..] : "xl/" + target
                    : null;
        return null;
    }

    public void Dispose() => _zip.Dispose();
}

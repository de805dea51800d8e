using System.Text;
using System.Xml;

namespace OcopTrade.Functions.Revenue;

/// <summary>Text in a workbook: the shared strings table and a cell's own (inline) string. Both are runs of &lt;t&gt;
/// to join, leaving out phonetic guides (&lt;rPh&gt;), which are reading aids, not the text.</summary>
public static class XlsxText
{
    /// <summary>The shared strings, in order (cells name them by index); none if the workbook has no table.</summary>
    public static List<string> SharedStrings(XlsxPackage package, CancellationToken cancellationToken)
    {
        var strings = new List<string>();
        using var reader = package.Part(XlsxPackage.SharedStrings);
        if (reader is null) return strings;
        reader.MoveToContent();
        while (!reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "si")
            {
                cancellationToken.ThrowIfCancellationRequested();
                strings.Add(Runs(reader));
            }
            else reader.Read();
        }
        return strings;
    }

    /// <summary>The text of the element the reader is on (&lt;si&gt; or &lt;is&gt;); leaves the reader after it.
    /// </summary>
    public static string Runs(XmlReader reader)
    {
        if (reader.IsEmptyElement) { reader.Read(); return ""; }
        var text = new StringBuilder();
        var depth = reader.Depth;
        reader.Read();
        while (!reader.EOF && reader.Depth > depth)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "rPh") reader.Skip();
            else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "t")
                text.Append(reader.ReadElementContentAsString());
            else reader.Read();
        }
        reader.Read(); // the end tag
        return text.ToString();
    }
}

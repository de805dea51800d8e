using System.Globalization;
using System.Security;
using System.Text;
using OcopTrade.Functions.Products;
using OcopTrade.Functions.PublicPages;

namespace OcopTrade.Functions.Traceability;

/// <summary>What a label carries, resolved from the product, its producer and the batch.</summary>
public sealed record LabelContent(
    string Url, string ProductName, int? Stars, string ProducerName, string LotNumber, DateOnly ProductionDate,
    DateOnly BestBefore, string? CertificateNumber, DateOnly? CertificateValidUntil, string TraceCode);

/// <summary>A 70 × 37 mm sticker (the 3 × 8 A4 sheet): the QR on the left at error correction Q with its 4-module
/// quiet zone, about 0.7 mm a module (GS1 asks ≥ 0.33 mm on labels, and it still scans printed at 150 dpi), and
/// the text on the right in DejaVu Sans, which covers every Vietnamese letter.</summary>
public static class Label
{
    public const double WidthMm = 70, HeightMm = 37;
    private const double QrMm = 33, Margin = 2, DetailMm = 2.0;
    private const string Font = "DejaVu Sans";

    public static string Svg(LabelContent label)
    {
        var svg = new StringBuilder(8192);
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WidthMm}mm\" height=\"{HeightMm}mm\" viewBox=\"0 0 {WidthMm} {HeightMm}\">")
            .Append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
        AppendQr(svg, label.Url, x: Margin - 1, y: (HeightMm - QrMm) / 2, size: QrMm);

        var x = Margin + QrMm;
        var width = WidthMm - x - Margin;
        var y = 5.0;
        foreach (var line in Wrap(label.ProductName, width, 3.0, bold: true, maxLines: 2))
        {
            Text(svg, x, y, 3.0, line, bold: true);
            y += 3.6;
        }
        if (label.Stars is { } stars)
        {
            Text(svg, x, y + 0.3, 3.0, new string('★', stars) + " OCOP", bold: false, fill: "#9a6700");
            y += 3.6;
        }
        foreach (var line in new[]
        {
            Fit(label.ProducerName, width, DetailMm),
            Fit($"Lô: {label.LotNumber}", width, DetailMm),
            $"NSX: {Vnd.Date(label.ProductionDate)}",
            $"HSD: {Vnd.Date(label.BestBefore)}",
            label.CertificateNumber is null ? null : Fit($"GCN: {label.CertificateNumber}", width, DetailMm),
            label.CertificateValidUntil is { } until ? $"Hiệu lực đến: {Vnd.Date(until)}" : null,
        })
        {
            if (line is null) continue;
            Text(svg, x, y, DetailMm, line, bold: false);
            y += DetailMm * 1.25;
        }
        Text(svg, x, HeightMm - Margin - 0.5, 3.0, TraceCode.Grouped(label.TraceCode), bold: true, family: "DejaVu Sans Mono");
        return svg.Append("</svg>").ToString();
    }

    /// <summary>The QR's dark modules as one path: small, and every printer draws it crisp.</summary>
    private static void AppendQr(StringBuilder svg, string url, double x, double y, double size)
    {
        var qr = QrModules.Of(url);
        var module = size / qr.Size;
        svg.Append(CultureInfo.InvariantCulture,
                $"<path transform=\"translate({x:0.###} {y:0.###}) scale({module:0.#####})\" {QrModules.SvgStroke} d=\"")
            .Append(qr.SvgPathData()).Append("\"/>");
    }

    private static void Text(StringBuilder svg, double x, double y, double size, string text, bool bold, string? fill = null, string family = Font) =>
        svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{x:0.##}\" y=\"{y:0.##}\" font-family=\"{family}\" font-size=\"{size:0.##}\"{(bold ? " font-weight=\"bold\"" : "")} fill=\"{fill ?? "#111"}\">{SecurityElement.Escape(text)}</text>");

    /// <summary>Average advance of DejaVu Sans is about 0.6 em (bold 0.65): enough to break lines without a shaper.</summary>
    private static int CharsPerLine(double widthMm, double sizeMm, bool bold) => (int)(widthMm / (sizeMm * (bold ? 0.65 : 0.6)));

    private static IEnumerable<string> Wrap(string text, double widthMm, double sizeMm, bool bold, int maxLines)
    {
        var limit = CharsPerLine(widthMm, sizeMm, bold);
        var lines = new List<string>();
        var current = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (current.Length > 0 && current.Length + 1 + word.Length > limit)
            {
                lines.Add(current.ToString());
                current.Clear();
            }
            if (current.Length > 0) current.Append(' ');
            current.Append(word);
        }
        if (current.Length > 0) lines.Add(current.ToString());
        if (lines.Count > maxLines)
            lines = [.. lines.Take(maxLines - 1), Fit(string.Join(' ', lines.Skip(maxLines - 1)), widthMm, sizeMm, bold)];
        return lines.Select(l => Fit(l, widthMm, sizeMm, bold));
    }

    private static string Fit(string text, double widthMm, double sizeMm, bool bold = false)
    {
        var limit = CharsPerLine(widthMm, sizeMm, bold);
        return text.Length <= limit ? text : text[..(limit - 1)].TrimEnd() + "…";
    }
}

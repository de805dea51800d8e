using System.Globalization;
using System.Text;
using OcopTrade.Functions.PublicPages;
using OcopTrade.Functions.Revenue;

namespace OcopTrade.Functions.Dashboard;

/// <summary>Charts drawn on the server as inline SVG: no script, nothing fetched, readable when printed. Drawn in a
/// 360-unit-wide viewBox that scales to the column, so text stays legible on a phone; colours are presentation
/// attributes (a strict CSP forbids style attributes), and every mark carries a &lt;title&gt; with its exact value.</summary>
public static class Charts
{
    public const int Width = 360;

    /// <summary>Colour-blind-safe palette (Okabe–Ito), then greys.</summary>
    public static readonly string[] Palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000", "#999999", "#666666"];

    private static string N(decimal v) => v.ToString("0.##", CultureInfo.InvariantCulture);
    private static string Pct(decimal v) => v.ToString("0.##", new NumberFormatInfo { NumberDecimalSeparator = "," }) + " %";
    private static string E(string text) => PageKit.Encoder.Encode(text);

    private static StringBuilder Open(string label, int height) => new StringBuilder()
        .Append(CultureInfo.InvariantCulture, $"<svg viewBox=\"0 0 {Width} {height}\" width=\"100%\" role=\"img\" aria-label=\"{E(label)}\" font-family=\"system-ui,'DejaVu Sans',sans-serif\" font-size=\"11\">")
        .Append("<title>").Append(E(label)).Append("</title>");

    /// <summary>A share over time (0–100 %) against a target line, e.g. participation against 70 %.</summary>
    public static string ShareOverTime(string label, IReadOnlyList<(string Period, decimal? Percent)> points, decimal target, string targetLabel)
    {
        const int top = 14, bottom = 170, left = 34, right = Width - 22;
        var svg = Open(label, 204);
        double Y(decimal p) => bottom - (double)p / 100 * (bottom - top);
        double X(int i) => points.Count == 1 ? (left + right) / 2.0 : left + i * (right - left) / (double)(points.Count - 1);
        foreach (var tick in new[] { 0, 25, 50, 75, 100 })
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{right}\" y1=\"{Y(tick):0.#}\" y2=\"{Y(tick):0.#}\" stroke=\"#ddd\"/>")
               .Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 4}\" y=\"{Y(tick) + 4:0.#}\" text-anchor=\"end\" fill=\"#555\">{tick}%</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{right}\" y1=\"{Y(target):0.#}\" y2=\"{Y(target):0.#}\" stroke=\"#b91c1c\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>")
           .Append(CultureInfo.InvariantCulture, $"<text x=\"{right}\" y=\"{Y(target) - 4:0.#}\" text-anchor=\"end\" fill=\"#b91c1c\" font-weight=\"600\">{E(targetLabel)}</text>");
        var path = new StringBuilder();
        for (var i = 0; i < points.Count; i++)
        {
            if (points[i].Percent is not { } p) continue;
            path.Append(path.Length == 0 ? "M" : " L").Append(CultureInfo.InvariantCulture, $"{X(i):0.#} {Y(p):0.#}");
        }
        if (path.Length > 0) svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{path}\" fill=\"none\" stroke=\"{Palette[0]}\" stroke-width=\"2.5\"/>");
        for (var i = 0; i < points.Count; i++)
        {
            var (period, percent) = points[i];
            if (percent is { } p)
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(i):0.#}\" cy=\"{Y(p):0.#}\" r=\"4\" fill=\"{(p >= target ? "#15803d" : Palette[0])}\"><title>{E(period.Replace('\n', ' '))}: {Pct(p)}</title></circle>");
            // A period label may have two lines ("6T đầu" over "2025") so eight of them fit a phone's width.
            var lines = period.Split('\n');
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(i):0.#}\" y=\"{bottom + 14}\" text-anchor=\"middle\" fill=\"#333\" font-size=\"10\">");
            for (var l = 0; l < lines.Length; l++)
                svg.Append(CultureInfo.InvariantCulture, $"<tspan x=\"{X(i):0.#}\" dy=\"{(l == 0 ? 0 : 12)}\">{E(lines[l])}</tspan>");
            svg.Append("</text>");
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>Stacked columns, one per year, one colour per series; the legend and exact totals go in HTML beside it.</summary>
    public static string StackedColumns(string label, IReadOnlyList<string> columns, IReadOnlyList<(string Name, long[] Values)> series)
    {
        const int top = 10, bottom = 170, left = 8, right = Width - 8;
        var svg = Open(label, 190);
        var totals = columns.Select((_, i) => Money.Sum(series, s => s.Values[i])).ToArray();
        var max = Math.Max(1, totals.DefaultIfEmpty(0).Max());
        var slot = (right - left) / (double)Math.Max(1, columns.Count);
        var barWidth = Math.Min(48, slot * 0.6);
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{right}\" y1=\"{bottom}\" y2=\"{bottom}\" stroke=\"#999\"/>");
        for (var c = 0; c < columns.Count; c++)
        {
            var x = left + slot * c + (slot - barWidth) / 2;
            double y = bottom;
            for (var s = 0; s < series.Count; s++)
            {
                var value = series[s].Values[c];
                if (value <= 0) continue;
                var h = (double)value / max * (bottom - top);
                y -= h;
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{y:0.#}\" width=\"{barWidth:0.#}\" height=\"{h:0.#}\" fill=\"{Palette[s % Palette.Length]}\">")
                   .Append(CultureInfo.InvariantCulture, $"<title>{E(columns[c])} · {E(series[s].Name)}: {Vnd.Format(value)}</title></rect>");
            }
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + barWidth / 2:0.#}\" y=\"{bottom + 14}\" text-anchor=\"middle\" fill=\"#333\">{E(columns[c])}</text>");
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>One horizontal bar per row from a zero line, against a shaded target band (growth 5–10 %).</summary>
    public static string BarsAgainstBand(string label, IReadOnlyList<(string Name, decimal? Percent)> rows, decimal bandMin, decimal bandMax, string bandLabel)
    {
        const int left = 8, right = Width - 8, rowHeight = 34, top = 22;
        var height = top + Math.Max(1, rows.Count) * rowHeight + 8;
        var svg = Open(label, height);
        var values = rows.Where(r => r.Percent is not null).Select(r => r.Percent!.Value).Append(0).Append(bandMax + 5).Append(-5m).ToList();
        decimal min = values.Min(), max = values.Max();
        // Bars keep clear of both edges so the figure beside the longest bar (either way) stays inside the chart.
        const int plotLeft = left + 44, plotRight = right - 48;
        double X(decimal v) => plotLeft + (double)((v - min) / (max - min)) * (plotRight - plotLeft);
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{X(bandMin):0.#}\" y=\"{top - 4}\" width=\"{X(bandMax) - X(bandMin):0.#}\" height=\"{height - top - 4}\" fill=\"#dcfce7\"/>")
           .Append(CultureInfo.InvariantCulture, $"<text x=\"{X((bandMin + bandMax) / 2):0.#}\" y=\"{top - 8}\" text-anchor=\"middle\" fill=\"#14532d\" font-weight=\"600\">{E(bandLabel)}</text>")
           .Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(0):0.#}\" x2=\"{X(0):0.#}\" y1=\"{top - 4}\" y2=\"{height - 8}\" stroke=\"#555\"/>");
        for (var i = 0; i < rows.Count; i++)
        {
            var (name, percent) = rows[i];
            var y = top + i * rowHeight;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{y + 10}\" fill=\"#222\">{E(Shorten(name, 44))}</text>");
            if (percent is not { } p)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(0) + 4:0.#}\" y=\"{y + 25}\" fill=\"#777\">chưa có số liệu năm trước</text>");
                continue;
            }
            var within = p >= bandMin && p <= bandMax;
            var (x0, x1) = p >= 0 ? (X(0), X(p)) : (X(p), X(0));
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x0:0.#}\" y=\"{y + 14}\" width=\"{Math.Max(1, x1 - x0):0.#}\" height=\"12\" fill=\"{(within ? "#15803d" : p < bandMin ? "#D55E00" : "#0072B2")}\">")
               .Append(CultureInfo.InvariantCulture, $"<title>{E(name)}: {Pct(p)}</title></rect>")
               .Append(CultureInfo.InvariantCulture, $"<text x=\"{(p >= 0 ? x1 + 3 : x0 - 3):0.#}\" y=\"{y + 24}\" text-anchor=\"{(p >= 0 ? "start" : "end")}\" fill=\"#222\">{Pct(p)}</text>");
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>Progress bars: the share of each target reached (capped at the bar's end), with the figures as text.</summary>
    public static string Progress(string label, IReadOnlyList<(string Name, string Figures, decimal? Percent, bool? Met)> rows)
    {
        const int left = 8, right = Width - 8, rowHeight = 38, top = 4;
        var height = top + Math.Max(1, rows.Count) * rowHeight;
        var svg = Open(label, height);
        for (var i = 0; i < rows.Count; i++)
        {
            var (name, figures, percent, met) = rows[i];
            var y = top + i * rowHeight;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{y + 11}\" fill=\"#222\">{E(Shorten(name, 40))}</text>")
               .Append(CultureInfo.InvariantCulture, $"<text x=\"{right}\" y=\"{y + 11}\" text-anchor=\"end\" fill=\"#222\" font-weight=\"600\">{E(figures)}</text>")
               .Append(CultureInfo.InvariantCulture, $"<rect x=\"{left}\" y=\"{y + 16}\" width=\"{right - left}\" height=\"12\" rx=\"3\" fill=\"#e5e7eb\"/>");
            if (percent is { } p)
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left}\" y=\"{y + 16}\" width=\"{(right - left) * (double)Math.Clamp(p, 0, 100) / 100:0.#}\" height=\"12\" rx=\"3\" fill=\"{(met == true ? "#15803d" : "#E69F00")}\">")
                   .Append(CultureInfo.InvariantCulture, $"<title>{E(name)}: {N(p)} % của chỉ tiêu</title></rect>");
        }
        return svg.Append("</svg>").ToString();
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}

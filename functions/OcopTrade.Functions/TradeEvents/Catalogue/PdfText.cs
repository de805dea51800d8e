using SkiaSharp;

namespace OcopTrade.Functions.TradeEvents.Catalogue;

/// <summary>Something laid out on a catalogue page: it knows its height before it is drawn, so pages can be broken
/// (and counted, for "Trang x/y") before anything is painted.</summary>
internal interface IPdfBlock
{
    float Height { get; }

    void Draw(SKCanvas canvas, float x, float y);
}

/// <summary>Blank space between blocks.</summary>
internal sealed record PdfGap(float Height) : IPdfBlock
{
    public void Draw(SKCanvas canvas, float x, float y) { }
}

/// <summary>Blocks one under the other.</summary>
internal sealed class PdfStack(params IPdfBlock[] parts) : IPdfBlock
{
    public float Height { get; } = parts.Sum(part => part.Height);

    public void Draw(SKCanvas canvas, float x, float y)
    {
        foreach (var part in parts)
        {
            part.Draw(canvas, x, y);
            y += part.Height;
        }
    }
}

/// <summary>A paragraph broken into lines that fit a width, measured with the typeface that draws it.</summary>
internal sealed class PdfText : IPdfBlock
{
    private readonly SKFont _font;
    private readonly SKPaint _ink;
    private readonly IReadOnlyList<string> _lines;
    private readonly float _leading;

    public PdfText(string? text, SKFont font, SKPaint ink, float width, int maxLines = int.MaxValue)
    {
        (_font, _ink, _leading) = (font, ink, font.Size * 1.25f);
        // NFC: the typeface has the precomposed Vietnamese letters; a stray combining mark would sit on its own.
        _lines = string.IsNullOrWhiteSpace(text) ? [] : Wrap(text.Normalize(), font, width, maxLines);
    }

    public float Height => _lines.Count * _leading;

    public void Draw(SKCanvas canvas, float x, float y)
    {
        var metrics = _font.Metrics; // Ascent is negative: above the baseline
        var baseline = y + (_leading - (metrics.Descent - metrics.Ascent)) / 2 - metrics.Ascent;
        foreach (var line in _lines)
        {
            canvas.DrawText(line, x, baseline, SKTextAlign.Left, _font, _ink);
            baseline += _leading;
        }
    }

    /// <summary>Breaks at spaces; a word wider than the line (a URL, a hostile run of letters) is broken where it
    /// reaches the edge. Past <paramref name="maxLines"/> the last line ends in "…".</summary>
    public static List<string> Wrap(string text, SKFont font, float width, int maxLines)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (font.MeasureText(candidate) <= width)
            {
                line = candidate;
                continue;
            }
            if (line.Length > 0) lines.Add(line);
            line = BreakLongWord(word, font, width, lines);
        }
        if (line.Length > 0) lines.Add(line);
        return lines.Count <= maxLines
            ? lines
            : [.. lines.Take(maxLines - 1), Ellipsis(lines[maxLines - 1], font, width)];
    }

    /// <summary>Moves whole lines' worth of the word into <paramref name="lines"/>; returns what is left.</summary>
    private static string BreakLongWord(string word, SKFont font, float width, List<string> lines)
    {
        while (font.MeasureText(word) > width)
        {
            var fit = Math.Max(1, (int)font.BreakText(word, width));
            if (fit > 1 && char.IsHighSurrogate(word[fit - 1])) fit--;
            lines.Add(word[..fit]);
            word = word[fit..];
        }
        return word;
    }

    private static string Ellipsis(string line, SKFont font, float width)
    {
        while (line.Length > 0 && font.MeasureText(line + "…") > width) line = line[..^1];
        return line.TrimEnd() + "…";
    }
}

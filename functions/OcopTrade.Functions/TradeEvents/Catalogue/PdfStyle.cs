using SkiaSharp;

namespace OcopTrade.Functions.TradeEvents.Catalogue;

/// <summary>The catalogue's type sizes (points) and inks, made once per document.</summary>
internal sealed class PdfStyle : IDisposable
{
    public SKFont Title { get; } = Font(CatalogueType.Bold, 20);
    public SKFont Heading { get; } = Font(CatalogueType.Bold, 14);
    public SKFont Strong { get; } = Font(CatalogueType.Bold, 11);
    public SKFont Body { get; } = Font(CatalogueType.Regular, 10.5f);
    public SKFont Small { get; } = Font(CatalogueType.Regular, 9);
    public SKFont Tiny { get; } = Font(CatalogueType.Regular, 6.5f);

    public SKPaint Ink { get; } = Fill(0xFF1B1B1B);
    public SKPaint Muted { get; } = Fill(0xFF555555);
    public SKPaint Accent { get; } = Fill(0xFF0B5D1E);
    public SKPaint Gold { get; } = Fill(0xFF9A6700);

    /// <summary>QR runs as strokes one module thick (in module units), square-ended, never anti-aliased.</summary>
    public SKPaint Qr { get; } = new()
    {
        Color = SKColors.Black, IsAntialias = false, Style = SKPaintStyle.Stroke, StrokeWidth = 1,
        StrokeCap = SKStrokeCap.Butt,
    };

    public SKPaint Rule { get; } = new()
    {
        Color = new SKColor(0xFFBDBDBD), IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 0.75f,
    };

    /// <summary>Unhinted, linear advances: the widths lines are measured with are the widths the PDF declares, so
    /// a reader (or pdftotext) sees words where they are, not gaps inside them.</summary>
    private static SKFont Font(SKTypeface typeface, float size) =>
        new(typeface, size) { Hinting = SKFontHinting.None, LinearMetrics = true, Subpixel = true };

    private static SKPaint Fill(uint argb) => new() { Color = new SKColor(argb), IsAntialias = true };

    public void Dispose()
    {
        foreach (var font in new[] { Title, Heading, Strong, Body, Small, Tiny }) font.Dispose();
        foreach (var paint in new[] { Ink, Muted, Accent, Gold, Qr, Rule }) paint.Dispose();
    }
}

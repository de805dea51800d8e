using OcopTrade.Functions.Traceability;
using SkiaSharp;

namespace OcopTrade.Functions.TradeEvents.Catalogue;

/// <summary>One product as printed: its QR (28 mm, about 0.7 mm a module for a product page's address, as on the
/// labels) with the address in small type under it, and beside it the name, group and stars. A card is never split
/// by a page break: it is laid out whole, in a row of <see cref="PerRow"/>.</summary>
internal sealed class PdfProductCard
{
    public const int PerRow = 2;
    public const float ColumnGap = 10;
    private const float Pad = 6, QrSide = 80, QrGap = 8;
    private const int NameLines = 10;

    private readonly QrModules _qr;
    private readonly IPdfBlock _details;
    private readonly PdfText _url;
    private readonly PdfStyle _style;

    public PdfProductCard(CatalogueProduct product, float width, PdfStyle style)
    {
        _style = style;
        _qr = QrModules.Of(product.PageUrl);
        var textWidth = width - 2 * Pad - QrSide - QrGap;
        _details = new PdfStack(
            new PdfText(product.Name, style.Strong, style.Ink, textWidth, NameLines),
            new PdfGap(2),
            new PdfText(product.GroupLabel, style.Small, style.Muted, textWidth, maxLines: 2),
            new PdfText(CatalogueWords.Stars(product.Stars), style.Body, style.Gold, textWidth, maxLines: 1));
        _url = new PdfText(product.PageUrl, style.Tiny, style.Muted, width - 2 * Pad, maxLines: 4);
        Width = width;
    }

    public float Width { get; }

    public float Height => Pad + Math.Max(QrSide, _details.Height) + 3 + _url.Height + Pad;

    /// <summary>Draws the card in a row's box, every card of the row as tall as the tallest.</summary>
    public void Draw(SKCanvas canvas, float x, float y, float height)
    {
        canvas.DrawRoundRect(SKRect.Create(x, y, Width, height), 4, 4, _style.Rule);
        DrawQr(canvas, x + Pad, y + Pad);
        _details.Draw(canvas, x + Pad + QrSide + QrGap, y + Pad);
        _url.Draw(canvas, x + Pad, y + Pad + Math.Max(QrSide, _details.Height) + 3);
    }

    /// <summary>Vector modules, each run a line one module thick drawn in module units: a few kilobytes a code,
    /// sharp at any print size, where a bitmap would be blurred or heavy.</summary>
    private void DrawQr(SKCanvas canvas, float x, float y)
    {
        using var builder = new SKPathBuilder();
        foreach (var run in _qr.DarkRuns)
        {
            builder.MoveTo(run.Column, run.Row + 0.5f);
            builder.LineTo(run.Column + run.Length, run.Row + 0.5f);
        }
        using var path = builder.Detach();
        canvas.Save();
        canvas.Translate(x, y);
        canvas.Scale(QrSide / _qr.Size);
        canvas.DrawPath(path, _style.Qr);
        canvas.Restore();
    }
}

/// <summary>A row of product cards side by side.</summary>
internal sealed class PdfProductRow(IReadOnlyList<PdfProductCard> cards) : IPdfBlock
{
    public float Height { get; } = cards.Max(card => card.Height);

    public void Draw(SKCanvas canvas, float x, float y)
    {
        foreach (var card in cards)
        {
            card.Draw(canvas, x, y, Height);
            x += card.Width + PdfProductCard.ColumnGap;
        }
    }
}

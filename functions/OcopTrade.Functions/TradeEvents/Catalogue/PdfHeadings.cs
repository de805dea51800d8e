using SkiaSharp;

namespace OcopTrade.Functions.TradeEvents.Catalogue;

/// <summary>The catalogue's title block and stall headings, as blocks of the page flow.</summary>
internal static class PdfHeadings
{
    /// <summary>Name, kind, dates, place and organiser, the counts and how to use the codes, over a rule.</summary>
    public static IPdfBlock Title(EventCatalogue catalogue, float width, PdfStyle style) => new PdfStack(
        new PdfText(catalogue.KindLabel, style.Body, style.Accent, width, maxLines: 2),
        new PdfText(catalogue.Name, style.Title, style.Ink, width, maxLines: 4),
        new PdfGap(4),
        new PdfText($"{CatalogueWords.When}: {CatalogueWords.Dates(catalogue)}", style.Body, style.Ink, width, 2),
        new PdfText($"{CatalogueWords.Where}: {catalogue.Place}", style.Body, style.Ink, width, maxLines: 3),
        new PdfText($"{CatalogueWords.Organiser}: {catalogue.Organiser}", style.Body, style.Ink, width, maxLines: 3),
        new PdfGap(4),
        new PdfText($"{CatalogueWords.Counts(catalogue)} {CatalogueWords.ScanHint}", style.Small, style.Muted, width),
        new PdfRule(width, style));

    public static IPdfBlock NoStalls(float width, PdfStyle style) =>
        new PdfStack(new PdfGap(12), new PdfText(CatalogueWords.NoStalls + ".", style.Heading, style.Muted, width));

    /// <summary>"Gian 12", the producer, its commune and province.</summary>
    public static IPdfBlock Stall(CatalogueStall stall, float width, PdfStyle style) => new PdfStack(
        new PdfGap(10),
        new PdfText(CatalogueWords.Stall(stall), style.Heading, style.Accent, width, maxLines: 1),
        new PdfText(stall.ProducerName, style.Strong, style.Ink, width, maxLines: 3),
        new PdfText(CatalogueWords.Place(stall), style.Small, style.Muted, width, maxLines: 2),
        new PdfGap(4));

    /// <summary>Repeated at the top of a page a stall runs onto, so a loose page still says whose products these are.
    /// </summary>
    public static IPdfBlock StallContinued(CatalogueStall stall, float width, PdfStyle style) => new PdfStack(
        new PdfText($"{CatalogueWords.Stall(stall)} (tiếp) – {stall.ProducerName}", style.Small, style.Accent, width,
            maxLines: 1),
        new PdfGap(4));
}

/// <summary>A thin line under the title block.</summary>
internal sealed class PdfRule(float width, PdfStyle style) : IPdfBlock
{
    public float Height => 12;

    public void Draw(SKCanvas canvas, float x, float y) => canvas.DrawLine(x, y + 6, x + width, y + 6, style.Rule);
}

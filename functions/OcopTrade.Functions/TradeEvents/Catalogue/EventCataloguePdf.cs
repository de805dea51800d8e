using SkiaSharp;

namespace OcopTrade.Functions.TradeEvents.Catalogue;

/// <summary>The event catalogue printed for visitors: A4 portrait, a title block, then stall by stall the producer
/// and its products as cards, each with a QR to the product's page, "Trang x/y" at the foot. Text is real PDF text
/// in an embedded font (searchable, copyable, sharp), the codes are vector paths; laid out first and painted after,
/// so the page count is known when the footers are drawn.</summary>
public static class EventCataloguePdf
{
    private const float PointsPerMm = 72f / 25.4f;
    private const float PageWidth = 210 * PointsPerMm, PageHeight = 297 * PointsPerMm;
    private const float Margin = 15 * PointsPerMm, FooterHeight = 18;
    private const float ContentWidth = PageWidth - 2 * Margin;
    private const float CardWidth =
        (ContentWidth - (PdfProductCard.PerRow - 1) * PdfProductCard.ColumnGap) / PdfProductCard.PerRow;

    public static byte[] Render(EventCatalogue catalogue)
    {
        using var style = new PdfStyle();
        return Paint(catalogue, Layout(catalogue, style), style);
    }

    private static PdfPages Layout(EventCatalogue catalogue, PdfStyle style)
    {
        var pages = new PdfPages(Margin, PageHeight - Margin - FooterHeight);
        pages.Place(PdfHeadings.Title(catalogue, ContentWidth, style));
        if (catalogue.Stalls.Count == 0) pages.Place(PdfHeadings.NoStalls(ContentWidth, style));
        foreach (var stall in catalogue.Stalls) PlaceStall(pages, stall, style);
        return pages;
    }

    private static void PlaceStall(PdfPages pages, CatalogueStall stall, PdfStyle style)
    {
        var heading = PdfHeadings.Stall(stall, ContentWidth, style);
        var rows = stall.Products.Chunk(PdfProductCard.PerRow)
            .Select(products => new PdfProductRow([.. products.Select(p => new PdfProductCard(p, CardWidth, style))]))
            .ToList();
        // A heading keeps with its first row: a stall's name alone at the foot of a page helps nobody.
        if (!pages.Fits(heading.Height + (rows.Count > 0 ? rows[0].Height : 0))) pages.NewPage();
        pages.Place(heading);
        foreach (var row in rows)
        {
            if (!pages.Fits(row.Height))
            {
                pages.NewPage();
                pages.Place(PdfHeadings.StallContinued(stall, ContentWidth, style));
            }
            pages.Place(row);
        }
    }

    private static byte[] Paint(EventCatalogue catalogue, PdfPages pages, PdfStyle style)
    {
        using var output = new MemoryStream();
        using (var document = SKDocument.CreatePdf(output, Metadata(catalogue)))
        {
            var count = pages.All.Count;
            for (var number = 1; number <= count; number++)
            {
                var canvas = document.BeginPage(PageWidth, PageHeight);
                foreach (var (block, y) in pages.All[number - 1]) block.Draw(canvas, Margin, y);
                canvas.DrawText(CatalogueWords.PageNumber(number, count), PageWidth / 2, PageHeight - Margin,
                    SKTextAlign.Center, style.Small, style.Muted);
                document.EndPage();
            }
            document.Close();
        }
        return output.ToArray();
    }

    private static SKDocumentPdfMetadata Metadata(EventCatalogue catalogue) => new()
    {
        Title = CatalogueWords.Title(catalogue),
        Subject = $"{catalogue.KindLabel}, {CatalogueWords.Dates(catalogue)}, {catalogue.Place}",
        Author = catalogue.Organiser,
        Creator = "OcopTrade",
    };
}

using OcopTrade.Functions.TradeEvents;
using OcopTrade.Functions.TradeEvents.Catalogue;

namespace OcopTrade.Tests.TradeEvents;

/// <summary>The printed event catalogue, read back by programs we did not write: poppler for its pages and text,
/// zbarimg for its codes.</summary>
public class EventCataloguePdfTests
{
    private const double PageWidth = 595.28, Margin = 42.52;

    [Fact]
    public async Task Every_QR_in_the_printed_catalogue_scans_to_exactly_its_products_page()
    {
        var catalogue = SampleCatalogues.Of([SampleCatalogues.Stall(1, 3), SampleCatalogues.Stall(2, 1),
            SampleCatalogues.Stall(7, 2)]);
        using var pdf = await PrintedPdf.SaveAsync(EventCataloguePdf.Render(catalogue));

        var scanned = (await pdf.ScanPagesAsync(dpi: 150)).SelectMany(page => page).Order();

        Assert.Equal(Urls(catalogue).Order(), scanned);
    }

    [Fact]
    public async Task The_catalogue_is_A4_titled_and_its_Vietnamese_text_is_intact()
    {
        var catalogue = SampleCatalogues.Of([SampleCatalogues.Stall(1, 3), SampleCatalogues.Stall(2, 2)]);
        using var pdf = await PrintedPdf.SaveAsync(EventCataloguePdf.Render(catalogue));

        var info = await pdf.InfoAsync();
        Assert.Contains("(A4)", info);
        Assert.Matches(@"Title:\s+Danh mục gian hàng – Hội chợ OCOP và hàng nông sản Lạng Sơn 2027\n", info);
        var text = (await pdf.TextAsync()).ReplaceLineEndings(" "); // the title wraps
        Assert.True(text.IsNormalized(), "pdftotext reads decomposed letters: the font's glyphs do not map back");
        foreach (var expected in new[]
        {
            "Hội chợ OCOP và hàng nông sản Lạng Sơn 2027", "Thời gian: 05/03/2027 – 08/03/2027",
            "Đơn vị tổ chức: Sở Công Thương Lạng Sơn", "Gian 01", "Hợp tác xã Nông sản Đường Lâm số 1",
            "Trùng Khánh, Cao Bằng", "Thịt trâu gác bếp Trùng Khánh", "Rượu ngô Na Hang", "Quýt vàng Chợ Đồn",
            "Gạo nếp cái hoa vàng", "★★★★ OCOP", "Trang 1/1",
        })
            Assert.Contains(expected, text);
        Assert.Contains(catalogue.Stalls[0].Products[0].PageUrl, text.Replace(" ", ""));
    }

    [Fact]
    public async Task A_long_catalogue_breaks_pages_between_whole_cards_and_numbers_them()
    {
        var catalogue = SampleCatalogues.Fair(stalls: 24, productsPerStall: 3);
        using var pdf = await PrintedPdf.SaveAsync(EventCataloguePdf.Render(catalogue));

        var pages = await pdf.PageCountAsync();
        Assert.True(pages > 3, $"{pages} pages for 72 products");
        for (var page = 1; page <= pages; page++) Assert.Contains($"Trang {page}/{pages}", await pdf.TextAsync(page));
        // A card cut by a page break would leave half a QR on each page, and neither half scans.
        var scanned = await pdf.ScanPagesAsync(dpi: 100);
        Assert.Equal(Urls(catalogue).Order(), scanned.SelectMany(page => page).Order());
        Assert.All(scanned, page => Assert.NotEmpty(page));
    }

    [Fact]
    public async Task A_hostile_product_name_wraps_inside_the_page_and_stays_plain_text()
    {
        var unbroken = string.Concat(Enumerable.Repeat("Rượungôđặcsản", 9));
        var name = $"<script>alert('x')</script> Mật ong {unbroken} hảo hạng";
        var catalogue = SampleCatalogues.Of([SampleCatalogues.Stall(1, 2, i => SampleCatalogues.Product(i, name))]);
        using var pdf = await PrintedPdf.SaveAsync(EventCataloguePdf.Render(catalogue));

        var words = await pdf.WordsAsync();
        Assert.All(words,
            word => Assert.True(word.XMax <= PageWidth - Margin + 1, $"'{word.Text}' ends at {word.XMax}"));
        var pieces = words.Where(word => unbroken.Contains(word.Text, StringComparison.Ordinal)).ToList();
        Assert.True(pieces.Select(word => word.YMin).Distinct().Count() > 2, "the long word is not broken over lines");
        var text = (await pdf.TextAsync()).Replace("\n", "");
        Assert.Contains("<script>alert('x')</script>", text);
        Assert.Contains(unbroken, text);
    }

    [Fact]
    public async Task An_event_with_no_accepted_stall_prints_a_catalogue_that_says_so()
    {
        using var pdf = await PrintedPdf.SaveAsync(EventCataloguePdf.Render(SampleCatalogues.Of([])));

        var text = await pdf.TextAsync();
        Assert.Contains("Chưa có gian hàng nào được duyệt", text);
        Assert.Contains("0 gian hàng, 0 sản phẩm", text);
        Assert.Contains("Trang 1/1", text);
    }

    private static IEnumerable<string> Urls(EventCatalogue catalogue) =>
        catalogue.Stalls.SelectMany(stall => stall.Products).Select(product => product.PageUrl);
}

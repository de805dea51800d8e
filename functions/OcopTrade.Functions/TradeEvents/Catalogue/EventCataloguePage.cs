using System.Globalization;
using System.Text;
using OcopTrade.Functions.PublicPages;
using OcopTrade.Functions.Traceability;

namespace OcopTrade.Functions.TradeEvents.Catalogue;

/// <summary>The event catalogue on a phone: the printed catalogue's content in one column of large text, each
/// product's name a link to its page and its QR drawn as inline SVG, so a visitor can show it to another phone. Like
/// the other public pages: no script, no request beyond the HTML, one stylesheet allowed by hash
/// (<see cref="Harden"/>).</summary>
public static class EventCataloguePage
{
    /// <summary>The page's own rules, on top of <see cref="PageKit"/>'s.</summary>
    public const string Css =
        ".kind{color:#0b5d1e;font-weight:600;margin:0}.counts{color:#555}" +
        ".stall{border-top:2px solid #d6d3c4;margin-top:1.5rem;padding-top:.5rem}" +
        ".stall h2{font-size:1.375rem;margin:.25rem 0;color:#0b5d1e}" +
        ".producer{font-weight:700;font-size:1.125rem;margin:0}.place{color:#555;margin:0 0 .5rem}" +
        ".products{list-style:none;padding:0;margin:0}" +
        ".product{background:#fff;border:1px solid #d6d3c4;border-radius:.5rem;padding:.75rem;margin:.75rem 0}" +
        ".product h3{font-size:1.25rem;line-height:1.3;margin:0 0 .25rem;overflow-wrap:anywhere}" +
        ".product a{color:#0b4f9c}.product .stars{margin:.25rem 0}.group{margin:0;color:#444}" +
        ".qr{display:block;width:11rem;height:11rem;margin:.5rem 0}" +
        ".url{margin:0;font-size:.875rem;color:#555;overflow-wrap:anywhere}" +
        ".empty{font-size:1.25rem;font-weight:700;color:#555}";

    /// <summary>The page's headers: the public pages' strict CSP with this page's stylesheet allowed too.</summary>
    public static void Harden(HttpResponse response) => PageKit.Harden(response, Css, "");

    /// <param name="canonicalUrl">The page's own address, when known.</param>
    /// <param name="pdfUrl">Where the A4 catalogue is downloaded, when it is offered.</param>
    public static string Render(EventCatalogue catalogue, string? canonicalUrl = null, string? pdfUrl = null)
    {
        var description = $"{catalogue.KindLabel}, {CatalogueWords.Dates(catalogue)}, {catalogue.Place}";
        var html = PageKit.Head(CatalogueWords.Title(catalogue), description, canonicalUrl)
            .Append("<style>").Append(Css).Append("</style>");
        PageKit.BeginBody(html);
        Header(html, catalogue, pdfUrl);
        if (catalogue.Stalls.Count == 0)
            html.Append("<p class=\"empty\">").Append(CatalogueWords.NoStalls).Append(".</p>");
        foreach (var stall in catalogue.Stalls) Stall(html, stall);
        return html.Append("<footer>Danh mục sản phẩm OCOP tại sự kiện, trên OcopTrade.</footer></main></body></html>")
            .ToString();
    }

    private static void Header(StringBuilder html, EventCatalogue catalogue, string? pdfUrl)
    {
        var e = PageKit.Encoder;
        html.Append("<header><p class=\"kind\">").Append(e.Encode(catalogue.KindLabel)).Append("</p><h1>")
            .Append(e.Encode(catalogue.Name)).Append("</h1><dl>");
        PageKit.Row(html, CatalogueWords.When, CatalogueWords.Dates(catalogue));
        PageKit.Row(html, CatalogueWords.Where, catalogue.Place);
        PageKit.Row(html, CatalogueWords.Organiser, catalogue.Organiser);
        html.Append("</dl><p class=\"counts\">").Append(CatalogueWords.Counts(catalogue)).Append(' ')
            .Append(CatalogueWords.ScanHint).Append("</p>");
        if (WebAddress(pdfUrl))
            html.Append("<p><a href=\"").Append(e.Encode(pdfUrl!)).Append("\">Tải bản in A4 (PDF)</a></p>");
        html.Append("</header>");
    }

    private static void Stall(StringBuilder html, CatalogueStall stall)
    {
        var e = PageKit.Encoder;
        html.Append("<section class=\"stall\"><h2>").Append(e.Encode(CatalogueWords.Stall(stall))).Append("</h2>")
            .Append("<p class=\"producer\">").Append(e.Encode(stall.ProducerName)).Append("</p>")
            .Append("<p class=\"place\">").Append(e.Encode(CatalogueWords.Place(stall))).Append("</p>")
            .Append("<ul class=\"products\">");
        foreach (var product in stall.Products) Product(html, product);
        html.Append("</ul></section>");
    }

    private static void Product(StringBuilder html, CatalogueProduct product)
    {
        var e = PageKit.Encoder;
        html.Append("<li class=\"product\"><h3>");
        // The address comes from the app, but only a web address becomes a link: never a "javascript:" one.
        if (WebAddress(product.PageUrl))
            html.Append("<a href=\"").Append(e.Encode(product.PageUrl)).Append("\">").Append(e.Encode(product.Name))
                .Append("</a>");
        else html.Append(e.Encode(product.Name));
        html.Append("</h3><p class=\"group\">").Append(e.Encode(product.GroupLabel)).Append("</p>");
        if (product.Stars is >= 1 and <= 5) html.Append(PageKit.Stars(product.Stars));
        Qr(html, product);
        html.Append("<p class=\"url\">").Append(e.Encode(product.PageUrl)).Append("</p></li>");
    }

    /// <summary>The code as the label draws it (<see cref="QrModules"/>), white quiet zone included.</summary>
    private static void Qr(StringBuilder html, CatalogueProduct product)
    {
        var qr = QrModules.Of(product.PageUrl);
        html.Append(CultureInfo.InvariantCulture,
                $"<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {qr.Size} {qr.Size}\" ")
            .Append("width=\"176\" height=\"176\" role=\"img\" aria-label=\"")
            .Append(PageKit.Encoder.Encode(CatalogueWords.QrLabel(product)))
            .Append(CultureInfo.InvariantCulture, $"\"><rect width=\"{qr.Size}\" height=\"{qr.Size}\" fill=\"#fff\"/>")
            .Append("<path ").Append(QrModules.SvgStroke).Append(" d=\"").Append(qr.SvgPathData())
            .Append("\"/></svg>");
    }

    private static bool WebAddress(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}

using System.Text.RegularExpressions;
using OcopTrade.Functions.TradeEvents.Catalogue;

namespace OcopTrade.Tests.TradeEvents;

/// <summary>The event catalogue's phone page as HTML: what it links to and what it refuses to let through.</summary>
public partial class EventCataloguePageTests
{
    [Fact]
    public void Every_product_on_the_phone_page_links_to_its_page_in_stall_order()
    {
        var catalogue = SampleCatalogues.Of([SampleCatalogues.Stall(3, 2), SampleCatalogues.Stall(1, 3)]);

        var html = EventCataloguePage.Render(catalogue, "https://ocop.example.vn/su-kien/ev-hoicho-2027");

        var links = ProductLinks().Matches(html).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value));
        Assert.Equal(catalogue.Stalls.SelectMany(s => s.Products).Select(p => p.PageUrl), links);
        Assert.Equal(["Gian 03", "Gian 01"], StallHeadings().Matches(html).Select(m => m.Groups[1].Value));
        Assert.StartsWith("<!doctype html><html lang=\"vi\">", html);
        Assert.Contains("<dt>Thời gian</dt><dd>05/03/2027 – 08/03/2027</dd>", html);
        Assert.Contains("<link rel=\"canonical\" href=\"https://ocop.example.vn/su-kien/ev-hoicho-2027\">", html);
    }

    [Fact]
    public void A_hostile_name_stays_text_on_the_phone_page_and_only_web_addresses_become_links()
    {
        const string name = "<script>alert('x')</script><img src=x onerror=alert(1)>";
        var catalogue = SampleCatalogues.Of([SampleCatalogues.Stall(1, 1, _ => SampleCatalogues.Product(1, name)),
            SampleCatalogues.Stall(2, 1, _ => SampleCatalogues.Product(2) with { PageUrl = "javascript:alert(1)" })]);

        var html = EventCataloguePage.Render(catalogue with { Organiser = "<b>Sở</b>" }, pdfUrl: "javascript:alert(2)");

        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("<b>", html);
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;", html);
        Assert.DoesNotContain("href=\"javascript", html);
        Assert.Single(ProductLinks().Matches(html));
    }

    [Fact]
    public void An_event_with_no_accepted_stall_has_a_page_that_says_so()
    {
        var html = EventCataloguePage.Render(SampleCatalogues.Of([]));

        Assert.Contains("<p class=\"empty\">Chưa có gian hàng nào được duyệt.</p>", html);
        Assert.Contains("0 gian hàng, 0 sản phẩm.", html);
        Assert.DoesNotContain("<section", html);
    }

    [GeneratedRegex("<h3><a href=\"([^\"]+)\">")]
    private static partial Regex ProductLinks();

    [GeneratedRegex("<h2>([^<]+)</h2>")]
    private static partial Regex StallHeadings();
}

using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using OcopTrade.Functions.TradeEvents;
using OcopTrade.Functions.TradeEvents.Catalogue;
using OcopTrade.Tests.Support;
using OcopTrade.Tests.Traceability;
using OcopTrade.Tests.TradeEvents;
using Xunit.Abstractions;

namespace OcopTrade.Tests.Browser;

/// <summary>The event catalogue on a phone, served with the headers the app gives it (its strict CSP): every QR on
/// the screen is read by zbarimg as another phone would, and axe audits the page at WCAG 2.1 AA.</summary>
public sealed class EventCataloguePageInChromiumTests(Chromium chromium, ITestOutputHelper output)
    : IClassFixture<Chromium>
{
    private const string Address = "https://ocop.example.vn/su-kien/ev-hoicho-2027/danh-muc";
    private static readonly string AxeEngine = Repository.Path("node_modules", "axe-core", "axe.min.js");

    private static EventCatalogue Catalogue => SampleCatalogues.Of([SampleCatalogues.Stall(1, 3),
        SampleCatalogues.Stall(2, 1, _ => SampleCatalogues.Product(7, "<script>alert('x')</script> Mật ong rừng")),
        SampleCatalogues.Stall(5, 2)]);

    [Fact]
    public async Task Each_QR_on_the_phone_page_scans_from_the_screen_to_its_products_page()
    {
        var catalogue = Catalogue;
        await using var phone = await PhonePage.OpenAsync(chromium);
        await ServeAsync(phone.Page, EventCataloguePage.Render(catalogue, Address));
        await phone.Page.GotoAsync(Address);

        var codes = await phone.Page.Locator("svg.qr").AllAsync();
        var folder = Directory.CreateTempSubdirectory("ocop-catalogue-page-").FullName;
        try
        {
            var scanned = new List<string>();
            foreach (var code in codes)
            {
                var screenshot = await QrDecoders.SaveAsync(await code.ScreenshotAsync(), folder);
                scanned.Add(await QrDecoders.ZbarAsync(screenshot));
            }
            Assert.Equal(catalogue.Stalls.SelectMany(s => s.Products).Select(p => p.PageUrl), scanned);
        }
        finally { Directory.Delete(folder, recursive: true); }

        // The stylesheet applied under the page's own CSP, nothing blocked, nothing fetched, nothing run.
        Assert.Equal("176px",
            await phone.Page.Locator("svg.qr").First.EvaluateAsync<string>("e => getComputedStyle(e).width"));
        Assert.True(await phone.Page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 360);
        await phone.SettleAsync();
        Assert.Empty(phone.ConsoleErrors);
        Assert.Empty(phone.Dialogs);
        Assert.Equal([Address], phone.Requests);
    }

    [Fact]
    public async Task The_phone_page_passes_an_axe_audit_at_WCAG_2_1_AA()
    {
        foreach (var catalogue in new[] { Catalogue, SampleCatalogues.Of([]) })
        {
            // CSP bypassed only so that the audit script itself can be injected, as for the portal's pages.
            await using var context = await chromium.Browser.NewContextAsync(new()
            {
                BypassCSP = true, Locale = "vi-VN", ViewportSize = new() { Width = 360, Height = 800 }, IsMobile = true,
            });
            var page = await context.NewPageAsync();
            await ServeAsync(page, EventCataloguePage.Render(catalogue, Address, Address + ".pdf"));
            await page.GotoAsync(Address);
            await page.AddScriptTagAsync(new() { Path = AxeEngine });
            var violations = await page.EvaluateAsync<JsonElement>(
                "tags => axe.run(document, { runOnly: { type: 'tag', values: tags } })" +
                ".then(r => r.violations.map(v => " +
                "v.id + ': ' + v.help + ' — ' + v.nodes.map(n => n.target).join(' | ')))",
                new[] { "wcag2a", "wcag2aa", "wcag21a", "wcag21aa" });
            output.WriteLine($"{catalogue.Stalls.Count} stalls: {violations.GetArrayLength()} violation(s)");
            Assert.True(violations.GetArrayLength() == 0, "axe found violations:\n" + violations);
        }
    }

    /// <summary>Answers the page's address with the HTML and the headers the app sends with it.</summary>
    private static Task ServeAsync(IPage page, string html)
    {
        var response = new DefaultHttpContext().Response;
        EventCataloguePage.Harden(response);
        return page.RouteAsync(Address, route => route.FulfillAsync(new()
        {
            Status = 200, ContentType = "text/html; charset=utf-8", Body = html,
            Headers = new Dictionary<string, string>
            {
                ["Content-Security-Policy"] = response.Headers.ContentSecurityPolicy!,
            },
        }));
    }
}

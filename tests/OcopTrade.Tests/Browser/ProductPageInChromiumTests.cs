using System.Net;
using System.Text;
using Microsoft.Playwright;
using OcopTrade.Functions.Products;
using OcopTrade.Tests.Support;
using Xunit.Abstractions;

namespace OcopTrade.Tests.Browser;

/// <summary>What a buyer sees when they scan the QR code on a box: the public product page, on a phone.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class ProductPageInChromiumTests(SharedApp shared, Chromium chromium, ITestOutputHelper output) : IClassFixture<Chromium>
{
    private readonly HttpClient _admin = shared.App.Client();

    /// <summary>Creates a listing with the producer's own key, publishes it unless told not to, and returns its slug.</summary>
    private async Task<string> ListingAsync(string name, bool publish = true)
    {
        var producerId = await _admin.CreateProducerAsync();
        var producer = shared.App.Client(await _admin.ProducerKeyAsync(producerId));
        var listing = Api.Product(producerId, IssueDate.ToString("yyyy-MM-dd"));
        listing["name"] = name;
        var created = await (await producer.PostAsync("/api/products", Api.JsonBody(listing))).ExpectAsync(HttpStatusCode.Created);
        if (publish)
        {
            var published = await (await producer.PostAsync($"/api/products/{created["id"]}/publish", null)).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("published", published["status"]!.GetValue<string>());
        }
        return created["slug"]!.GetValue<string>();
    }

    /// <summary>Certified a month ago by the app's clock, so the certificate is plainly valid whenever the tests run.</summary>
    private DateOnly IssueDate => CertificateValidity.TodayInVietnam(shared.App.Clock).AddMonths(-1);

    private string Url(string slug) => new Uri(shared.App.BaseAddress, "/p/" + slug).ToString();

    private static async Task<string> DefinitionAsync(IPage page, string term) =>
        (await page.Locator("dt", new() { HasTextString = term }).Locator("xpath=following-sibling::dd[1]").InnerTextAsync()).Trim();

    [Fact]
    public async Task A_buyer_on_a_phone_sees_the_published_listing_in_Vietnamese_with_nothing_from_elsewhere()
    {
        var name = "Chè Shan Tuyết Tả Phìn".Normalize(NormalizationForm.FormC);
        var slug = await ListingAsync(name);
        await using var phone = await PhonePage.OpenAsync(chromium);
        var page = phone.Page;

        var response = await page.GotoAsync(Url(slug), new() { WaitUntil = WaitUntilState.Load });
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        var screenshot = Path.Combine(Path.GetTempPath(), $"ocop-product-page-phone-{slug}.png");
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        output.WriteLine($"Phone screenshot (360×740 @2x): {screenshot}");

        // What the buyer reads: the exact Vietnamese name, the price in đồng, the rating, who made it, whether the certificate holds.
        var h1 = (await page.Locator("h1").InnerTextAsync()).Trim();
        Assert.Equal(name, h1);
        Assert.True(h1.IsNormalized(NormalizationForm.FormC), "The name on the page is not NFC.");
        var price = page.GetByText("350.000 ₫", new() { Exact = false }).First;
        Assert.Equal("350.000 ₫ / hộp", (await price.InnerTextAsync()).Trim());
        var stars = page.Locator("[aria-label='4 sao OCOP']");
        Assert.Equal("★★★★☆ OCOP", (await stars.InnerTextAsync()).Trim());
        Assert.Equal("Hợp tác xã Chè Tam Đường", await DefinitionAsync(page, "Chủ thể"));
        var validUntil = IssueDate.AddMonths(CertificateValidity.ValidityMonths);
        Assert.Equal($"Còn hiệu lực đến {validUntil:dd/MM/yyyy}", await DefinitionAsync(page, "Hiệu lực"));

        // The name and the price are on the first screen, without scrolling.
        foreach (var (what, locator) in new[] { ("name", page.Locator("h1")), ("price", price) })
        {
            var box = await locator.BoundingBoxAsync();
            Assert.True(box is not null && box.Y >= 0 && box.Y + box.Height <= 740 && box.X >= 0 && box.X + box.Width <= 360,
                $"The {what} is not on the first phone screen: {box?.X},{box?.Y} {box?.Width}×{box?.Height}");
        }

        // Nothing sticks out sideways on a 360 px phone.
        var (scrollWidth, innerWidth) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("window.innerWidth"));
        Assert.True(scrollWidth <= innerWidth, $"The page scrolls sideways: scrollWidth {scrollWidth} > innerWidth {innerWidth}");

        // Screen readers speak Vietnamese; a shared link previews with the product's name.
        Assert.Equal("vi", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal(name, await page.Locator("meta[property='og:title']").GetAttributeAsync("content"));

        // The CSP lets the page's own stylesheet through (Chromium reports each refusal as a console error), the
        // browser meets no error at all, and nothing is fetched from another origin.
        await phone.SettleAsync();
        Assert.True(phone.ConsoleErrors.Count == 0, "Console errors: " + string.Join(" | ", phone.ConsoleErrors));
        Assert.Empty(phone.PageErrors);
        Assert.Equal("rgb(11, 93, 30)", await price.EvaluateAsync<string>("e => getComputedStyle(e).color"));
        Assert.NotEmpty(phone.Requests);
        Assert.All(phone.Requests, url => Assert.StartsWith(shared.App.BaseAddress.ToString(), url));

        // The icon: with no <link rel="icon"> every browser asks for /favicon.ico after the page loads. Chromium asks
        // once per session (so the console error above only shows in whichever test opens a page first, and
        // Playwright does not report the request): check the icon the browser will ask for is there.
        var icon = await page.EvaluateAsync<string?>("document.querySelector(\"link[rel~='icon']\")?.getAttribute('href') ?? null");
        var iconUrl = new Uri(new Uri(page.Url), icon ?? "/favicon.ico");
        if (iconUrl.Scheme != "data")
        {
            var fetched = await shared.App.Client(null).GetAsync(iconUrl);
            Assert.True(fetched.IsSuccessStatusCode && fetched.Content.Headers.ContentType?.MediaType?.StartsWith("image/") == true,
                $"The page declares no usable icon ({(icon is null ? "no <link rel=icon>" : icon)}), so the phone fetches {iconUrl.PathAndQuery} " +
                $"and gets {(int)fetched.StatusCode} {fetched.Content.Headers.ContentType}: a wasted round trip and a console error.");
        }
    }

    [Fact]
    public async Task A_draft_listing_is_a_Vietnamese_not_found_page()
    {
        var name = "Miến dong Bình Lư chưa đăng bán";
        var slug = await ListingAsync(name, publish: false);
        await using var phone = await PhonePage.OpenAsync(chromium);
        var page = phone.Page;

        var response = await page.GotoAsync(Url(slug));
        Assert.NotNull(response);
        Assert.Equal(404, response.Status);
        Assert.Equal("vi", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal("Không tìm thấy sản phẩm", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Contains("chưa được đăng bán", await page.Locator("body").InnerTextAsync());
        // Nothing of the unpublished listing leaks.
        Assert.DoesNotContain(name, await page.ContentAsync());
    }

    [Fact]
    public async Task Markup_in_a_product_name_is_shown_as_text_and_never_runs()
    {
        const string name = "<script>alert(1)</script> Mật ong";
        var slug = await ListingAsync(name);
        await using var phone = await PhonePage.OpenAsync(chromium);
        var page = phone.Page;

        var response = await page.GotoAsync(Url(slug), new() { WaitUntil = WaitUntilState.Load });
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        Assert.Equal(name, (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Equal(name, await page.Locator("meta[property='og:title']").GetAttributeAsync("content"));
        Assert.StartsWith(name, await page.TitleAsync());
        Assert.Equal(0, await page.EvaluateAsync<int>("document.scripts.length"));
        await phone.SettleAsync();
        Assert.Empty(phone.Dialogs);
        Assert.Empty(phone.PageErrors);
    }

    [Fact]
    public async Task A_long_name_without_spaces_wraps_instead_of_widening_the_page()
    {
        var slug = await ListingAsync("MậtOngBạcHàMèoVạcHàGiangLoạiĐặcBiệtHộp500gChínhHãngHợpTácXã");
        await using var phone = await PhonePage.OpenAsync(chromium);
        await phone.Page.GotoAsync(Url(slug), new() { WaitUntil = WaitUntilState.Load });
        var scrollWidth = await phone.Page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= 360, $"The page scrolls sideways: scrollWidth {scrollWidth} on a 360 px phone");
    }
}

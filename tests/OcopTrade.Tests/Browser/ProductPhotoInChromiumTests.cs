using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using OcopTrade.Tests.Images;
using OcopTrade.Tests.Support;
using Xunit.Abstractions;

namespace OcopTrade.Tests.Browser;

/// <summary>A photo shot sideways on a phone, with the farm's GPS in it, appears upright on the product page.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class ProductPhotoInChromiumTests(SharedApp shared, Chromium chromium, ITestOutputHelper output) : IClassFixture<Chromium>
{
    [Fact]
    public async Task An_uploaded_photo_shows_upright_and_responsive_on_the_phone_page()
    {
        var admin = shared.App.Client();
        var producer = shared.App.Client(await admin.ProducerKeyAsync(await admin.CreateProducerAsync()));
        var product = await (await producer.PostAsync("/api/products", Api.JsonBody(Api.Product()))).ExpectAsync(HttpStatusCode.Created);
        var productId = product["id"]!.GetValue<string>();
        var photo = new ByteArrayContent(TestImages.RotatedWithGps()); // 640 × 480 stored, EXIF orientation 6: really 480 × 640
        photo.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        await (await producer.PostAsync($"/api/products/{productId}/images", photo)).ExpectAsync(HttpStatusCode.Accepted);
        await Eventually.HoldsAsync(async () => JsonNode.Parse(await (await producer.GetAsync($"/api/products/{productId}/images")).Content.ReadAsStringAsync())!.AsArray(),
            list => list.Count == 1 && list[0]!["status"]!.GetValue<string>() == "ready", because: "the photo is processed");
        await (await producer.PostAsync($"/api/products/{productId}/publish", null)).ExpectAsync(HttpStatusCode.OK);

        await using var phone = await PhonePage.OpenAsync(chromium);
        await phone.Page.GotoAsync(new Uri(shared.App.BaseAddress, "/p/" + product["slug"]).ToString(), new() { WaitUntil = WaitUntilState.NetworkIdle });
        var screenshot = Path.Combine(Path.GetTempPath(), $"ocop-product-photo-phone-{productId}.png");
        await phone.Page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        output.WriteLine($"Phone screenshot: {screenshot}");

        var img = phone.Page.Locator("figure img").First;
        var (naturalWidth, naturalHeight) = (await img.EvaluateAsync<int>("i => i.naturalWidth"), await img.EvaluateAsync<int>("i => i.naturalHeight"));
        Assert.True(naturalWidth > 0, "The photo did not load.");
        Assert.True(naturalHeight > naturalWidth, $"The photo is not upright: {naturalWidth} × {naturalHeight}");
        Assert.Equal("Chè Shan Tuyết Tả Phìn", await img.GetAttributeAsync("alt"));
        output.WriteLine(await img.GetAttributeAsync("srcset"));
        // Upright portrait 480 × 640: the 320 rendition is 240 wide, and nothing is upscaled past 480, listed once.
        Assert.Matches(@"^\S+-w320\.jpg 240w, \S+-w800\.jpg 480w$", await img.GetAttributeAsync("srcset") ?? "");
        Assert.Contains("image/webp", await phone.Page.Locator("figure source").First.GetAttributeAsync("type") ?? "");
        Assert.True(await phone.Page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 360);
        await phone.SettleAsync();
        Assert.True(phone.ConsoleErrors.Count == 0, string.Join(" | ", phone.ConsoleErrors)); // the CSP let the photo and its placeholder style through
        // The photo comes from the public renditions, never the private original.
        Assert.Contains(phone.Requests, r => r.Contains("/product-renditions/"));
        Assert.DoesNotContain(phone.Requests, r => r.Contains("/product-originals/"));
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using OcopTrade.Tests.Support;
using Xunit.Abstractions;

namespace OcopTrade.Tests.Browser;

/// <summary>A shopper scans the QR on a jar: the trace page on a phone.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class TracePageInChromiumTests(SharedApp shared, Chromium chromium, ITestOutputHelper output) : IClassFixture<Chromium>
{
    [Fact]
    public async Task A_shopper_sees_a_genuine_product_with_its_lot_on_a_phone()
    {
        var admin = shared.App.Client();
        var producer = shared.App.Client(await admin.ProducerKeyAsync(await admin.CreateProducerAsync()));
        var productId = (await (await producer.PostAsync("/api/products", Api.JsonBody(Api.Product()))).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var batch = await (await producer.PostAsync($"/api/products/{productId}/batches", Api.JsonBody(new JsonObject
        {
            ["lotNumber"] = "L2026-11A", ["productionDate"] = "2026-10-01", ["bestBefore"] = "2027-10-01", ["quantity"] = 500,
            ["originArea"] = "Vùng chè cổ thụ Tả Phìn, độ cao 1.500 m so với mực nước biển",
        }))).ExpectAsync(HttpStatusCode.Created);

        var url = new Uri(shared.App.BaseAddress, new Uri(batch["traceUrl"]!.GetValue<string>()).PathAndQuery);
        var (phone, _) = await OpenOnPhoneAsync(url, $"ocop-trace-page-phone-{productId}.png");
        await using var closing = phone; // closed at the end of the test

        // The verdict comes first and is visible without scrolling.
        var verdict = phone.Page.Locator(".alert").First;
        Assert.Equal("✓ Sản phẩm chính hãng, mã truy xuất hợp lệ", (await verdict.InnerTextAsync()).Trim());
        var box = await verdict.BoundingBoxAsync();
        Assert.True(box is not null && box.Y + box.Height <= 740);
        Assert.Equal("Chè Shan Tuyết Tả Phìn", (await phone.Page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Contains("L2026-11A", await phone.Page.Locator("dl").InnerTextAsync());
        Assert.True(await phone.Page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 360);
        await phone.SettleAsync();
        Assert.Empty(phone.ConsoleErrors);
        Assert.All(phone.Requests, r => Assert.StartsWith(shared.App.BaseAddress.ToString(), r));
        // Light enough for 3G: the label's Digital Link (a 307 to its trace page) and one small document, nothing else.
        Assert.Equal(2, phone.Requests.Count);
        Assert.Contains("/t/", phone.Requests[1]);
        Assert.True((await (await shared.App.Client(null).GetAsync(url)).Content.ReadAsByteArrayAsync()).Length < 8 * 1024);
    }

    [Fact]
    public async Task A_shopper_sees_a_recall_first_then_what_Circular_02_lists_with_the_photo_on_a_360_px_phone()
    {
        var photos = await Images.Photos.ForNewProductAsync(shared.App);
        await photos.UploadProcessedAsync(Images.TestImages.Jpeg(800, 600));
        var fields = new JsonObject
        {
            ["lotNumber"] = "TH-2026/07", ["productionDate"] = "2026-10-01", ["bestBefore"] = "2027-10-01",
            ["quantity"] = 500,
        };
        var batch = await (await photos.Producer.PostAsync($"/api/products/{photos.ProductId}/batches", Api.JsonBody(fields)))
            .ExpectAsync(HttpStatusCode.Created);
        var lot = $"/api/products/{photos.ProductId}/batches/{batch["id"]!.GetValue<string>()}";
        var why = new JsonObject { ["reason"] = "Phát hiện dị vật trong sản phẩm" };
        await (await photos.Producer.PostAsync(lot + "/recalls", Api.JsonBody(why)))
            .ExpectAsync(HttpStatusCode.OK);

        var url = new Uri(shared.App.BaseAddress, "/t/" + batch["traceCode"]!.GetValue<string>());
        var (phone, response) = await OpenOnPhoneAsync(url, $"ocop-trace-page-recall-{photos.ProductId}.png");
        await using var closing = phone; // closed at the end of the test

        // The recall is the first thing on the page, in red, on the first screen.
        var recall = phone.Page.Locator(".alert").First;
        Assert.StartsWith("⛔ LÔ HÀNG ĐÃ BỊ THU HỒI", (await recall.InnerTextAsync()).Trim());
        Assert.Contains("Phát hiện dị vật trong sản phẩm", await recall.InnerTextAsync());
        var background = await recall.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        Assert.Equal("rgb(254, 226, 226)", background);
        var box = await recall.BoundingBoxAsync();
        Assert.True(box is not null && box.Y + box.Height <= 740);

        // Circular 02/2024/TT-BKHCN: product name and photo, producer and address, production date, lot, expiry.
        Assert.Equal("Chè Shan Tuyết Tả Phìn", (await phone.Page.Locator("h1").InnerTextAsync()).Trim());
        var facts = await phone.Page.Locator("dl").InnerTextAsync();
        string[] circular02 =
        [
            "Hợp tác xã Chè Tam Đường", "Địa chỉ chủ thể", "Bản Nà Hiêng", "Ngày sản xuất", "01/10/2026", "Số lô",
            "TH-2026/07", "Hạn sử dụng", "01/10/2027",
        ];
        foreach (var expected in circular02)
            Assert.Contains(expected, facts);
        var photo = phone.Page.Locator("figure img");
        var loaded = await photo.EvaluateAsync<bool>("i => i.complete && i.naturalWidth > 0");
        Assert.True(loaded, "the photo loaded under the page's policy");
        Assert.True((await photo.BoundingBoxAsync())!.Width <= 360);

        Assert.Equal(0, await phone.Page.EvaluateAsync<int>("document.scripts.length"));
        Assert.True(await phone.Page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 360);
        await phone.SettleAsync();
        Assert.Empty(phone.ConsoleErrors);
        // Still no script: the policy allows none, and only the photo's origin is added for images.
        var csp = response.Headers["content-security-policy"];
        Assert.StartsWith("default-src 'none';", csp);
        Assert.DoesNotContain("script-src", csp);
        Assert.DoesNotContain("unsafe", csp);
    }

    /// <summary>The page at <paramref name="url"/> on a phone, answered 200, with a full-page screenshot for
    /// people.</summary>
    private async Task<(PhonePage Phone, IResponse Response)> OpenOnPhoneAsync(Uri url, string screenshotName)
    {
        var phone = await PhonePage.OpenAsync(chromium);
        var response = await phone.Page.GotoAsync(url.ToString(), new() { WaitUntil = WaitUntilState.Load });
        Assert.Equal(200, response!.Status);
        var screenshot = Path.Combine(Path.GetTempPath(), screenshotName);
        await phone.Page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        output.WriteLine($"Phone screenshot: {screenshot}");
        return (phone, response);
    }
}

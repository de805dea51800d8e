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

        await using var phone = await PhonePage.OpenAsync(chromium);
        var url = new Uri(shared.App.BaseAddress, new Uri(batch["traceUrl"]!.GetValue<string>()).PathAndQuery);
        var response = await phone.Page.GotoAsync(url.ToString(), new() { WaitUntil = WaitUntilState.Load });
        Assert.Equal(200, response!.Status);
        var screenshot = Path.Combine(Path.GetTempPath(), $"ocop-trace-page-phone-{productId}.png");
        await phone.Page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        output.WriteLine($"Phone screenshot: {screenshot}");

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
        // Light enough for 3G: one small document, nothing else fetched.
        Assert.Single(phone.Requests);
        Assert.True((await (await shared.App.Client(null).GetAsync(url)).Content.ReadAsByteArrayAsync()).Length < 8 * 1024);
    }
}

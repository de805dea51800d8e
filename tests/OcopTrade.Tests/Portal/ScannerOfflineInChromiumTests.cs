using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using OcopTrade.Tests.Browser;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Portal;

/// <summary>The sales point's scanner where the network is poor: installed once online, it opens with no network,
/// keeps the sales made meanwhile on the phone, and sends them when the network returns, each recorded once.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class ScannerOfflineInChromiumTests(SharedApp shared, Chromium chromium) : IClassFixture<Chromium>
{
    private const string UnknownCode = "7K3M-9Q2X-A1B";

    /// <summary>The first answer to a sale is lost on its way back to the phone (the server has recorded it):
    /// the page cannot tell, so it must send that sale again. Every sale sent is noted.</summary>
    private const string LoseFirstAnswer = """
        () => {
          const real = window.fetch;
          window.sent = [];
          window.answersLost = 0;
          window.fetch = async function (url, init) {
            const response = await real.apply(this, arguments);
            if (init && init.method === 'POST' && String(url).endsWith('/scans')) {
              window.sent.push(JSON.parse(init.body).id);
              if (window.answersLost === 0) { window.answersLost = 1; throw new TypeError('Failed to fetch'); }
            }
            return response;
          };
        }
        """;

    private DateOnly Today => DateOnly.FromDateTime(shared.App.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).DateTime);

    [Fact]
    public async Task Sales_made_offline_wait_on_the_phone_and_are_each_recorded_once_when_the_network_returns()
    {
        var (code, salesPointId, key) = await LabelledLotAndTillAsync();
        var context = await chromium.Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 360, Height = 800 }, IsMobile = true, HasTouch = true, Locale = "vi-VN",
            BaseURL = shared.App.BaseAddress.ToString().TrimEnd('/'),
        });
        await using var _ = context;
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.PageError += (_, error) => { lock (problems) problems.Add("script error: " + error); };
        page.Console += (_, m) => { if (m.Type == "error" && m.Text.Contains("Content Security Policy")) lock (problems) problems.Add(m.Text); };
        await SignInAsync(page, key);
        await AssertInstallableAsync(page);
        await page.WaitForFunctionAsync("() => navigator.serviceWorker.controller !== null");

        await context.SetOfflineAsync(true);
        // Offline for the worker too (else its copy would never be needed): an asset it has not kept, which it
        // fetches itself, does not come; so the page can only come from the phone.
        Assert.Equal("no network", await page.EvaluateAsync<string>(
            "() => fetch('/portal/assets/portal.css?v=not-kept').then(() => 'network', () => 'no network')"));
        var reloaded = await page.ReloadAsync();
        Assert.True(reloaded!.FromServiceWorker, "Offline, the scan page must come from the phone's copy.");
        Assert.Equal(200, reloaded.Status);
        await SellAsync(page, code, quantity: 2, price: "350000");
        await SellAsync(page, code.Replace("-", "").ToLowerInvariant(), quantity: 1, price: "350.000");
        await SellAsync(page, UnknownCode, quantity: 1, price: "120000");
        var pending = page.Locator("#outbox-pending li");
        await Assertions.Expect(pending).ToHaveCountAsync(3);
        await Assertions.Expect(pending.Nth(2)).ToContainTextAsync("Chưa xác minh — sẽ gửi khi có mạng");
        await Assertions.Expect(page.Locator("#outbox-bar")).ToHaveAttributeAsync("data-unsent", "3");
        await Assertions.Expect(page.Locator("#outbox-count")).ToContainTextAsync("3 đơn chưa gửi");
        var ids = await pending.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.id)");

        await page.EvaluateAsync(LoseFirstAnswer);
        await context.SetOfflineAsync(false);
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi lại" }).ClickAsync();
        await Assertions.Expect(page.Locator("#outbox-recorded li")).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        var refused = page.Locator("#outbox-refused li");
        await Assertions.Expect(refused).ToHaveCountAsync(1);
        await Assertions.Expect(refused).ToHaveAttributeAsync("data-id", ids[2]);
        await Assertions.Expect(refused).ToContainTextAsync("Bị từ chối: Không xác minh được sản phẩm");
        await Assertions.Expect(refused).ToContainTextAsync("Mã truy xuất không có trong hệ thống.");
        await Assertions.Expect(page.Locator("#outbox-recorded li").Last).ToContainTextAsync("Chè Shan Tuyết Tả Phìn");
        await Assertions.Expect(page.Locator("#outbox-bar")).ToHaveAttributeAsync("data-unsent", "0");
        var sent = await page.EvaluateAsync<string[]>("() => window.sent");
        Assert.Equal(2, sent.Count(id => id == ids[0])); // the lost answer made the page send it again

        await AssertRecordedOnceAsync(key, salesPointId, ids[0], ids[1]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đã xem" }).ClickAsync();
        await Assertions.Expect(page.Locator("#outbox-refused-box")).ToBeHiddenAsync();
        await page.ReloadAsync(); // what the staff read stays read; what was sent stays listed
        await Assertions.Expect(page.Locator("#outbox-recorded li")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#outbox-refused li")).ToHaveCountAsync(0);
        Assert.True(problems.Count == 0, string.Join(" | ", problems));
    }

    private async Task<(string Code, string SalesPointId, string Key)> LabelledLotAndTillAsync()
    {
        var admin = shared.App.Client();
        var producer = shared.App.Client(await admin.ProducerKeyAsync(await admin.CreateProducerAsync()));
        var product = await (await producer.PostAsync("/api/products", Api.JsonBody(Api.Product()))).ExpectAsync(HttpStatusCode.Created);
        var productId = product["id"]!.GetValue<string>();
        await (await producer.PostAsync($"/api/products/{productId}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        var batch = await (await producer.PostAsync($"/api/products/{productId}/batches", Api.JsonBody(new JsonObject
        {
            ["lotNumber"] = "L2025-09", ["productionDate"] = Today.AddDays(-1).ToString("yyyy-MM-dd"),
            ["bestBefore"] = Today.AddYears(1).ToString("yyyy-MM-dd"), ["quantity"] = 100,
        }))).ExpectAsync(HttpStatusCode.Created);
        var salesPointId = await admin.CreateSalesPointAsync();
        return (batch["traceCode"]!.GetValue<string>(), salesPointId, await admin.SalesPointKeyAsync(salesPointId));
    }

    private static async Task SignInAsync(IPage page, string key)
    {
        await page.GotoAsync("/portal/sign-in");
        await page.GetByLabel("Khóa truy cập").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/portal/scan");
    }

    /// <summary>The manifest a phone installs the scanner from: Vietnamese, opening the scan page full screen, with
    /// icons it can fetch; and the worker that may serve the scan page from the assets' folder.</summary>
    private static async Task AssertInstallableAsync(IPage page)
    {
        var href = await page.Locator("link[rel=manifest]").GetAttributeAsync("href");
        var manifest = await page.APIRequest.GetAsync(href!);
        Assert.StartsWith("application/manifest+json", manifest.Headers["content-type"]);
        var json = JsonNode.Parse(await manifest.TextAsync())!;
        Assert.Equal("/portal/scan", json["start_url"]!.GetValue<string>());
        Assert.Equal("standalone", json["display"]!.GetValue<string>());
        Assert.Equal("vi", json["lang"]!.GetValue<string>());
        foreach (var icon in json["icons"]!.AsArray())
        {
            var png = await page.APIRequest.GetAsync(icon!["src"]!.GetValue<string>());
            Assert.Equal("image/png", png.Headers["content-type"]);
            Assert.Equal(0x89, (await png.BodyAsync())[0]);
        }
        var worker = await page.APIRequest.GetAsync(await page.Locator("body").GetAttributeAsync("data-service-worker") ?? "");
        Assert.Equal("/portal/scan", worker.Headers["service-worker-allowed"]);
    }

    /// <summary>Types the code, finds it cannot be checked, and records the sale anyway.</summary>
    private static async Task SellAsync(IPage page, string code, int quantity, string price)
    {
        await page.GetByLabel("Mã in trên nhãn").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Kiểm tra mã" }).ClickAsync();
        await Assertions.Expect(page.Locator("#verdict")).ToHaveAttributeAsync("data-verdict", "unverified");
        await Assertions.Expect(page.Locator("#verdict strong")).ToHaveTextAsync("CHƯA XÁC MINH");
        await page.GetByLabel("Số lượng").FillAsync(quantity.ToString());
        await page.GetByLabel("Đơn giá (đồng)").FillAsync(price);
        await page.GetByRole(AriaRole.Button, new() { Name = "Ghi bán" }).ClickAsync();
        await Assertions.Expect(page.Locator("#sale-done")).ToContainTextAsync("Chưa xác minh — sẽ gửi khi có mạng");
    }

    private async Task AssertRecordedOnceAsync(string key, string salesPointId, params string[] ids)
    {
        var till = shared.App.Client(key);
        var sales = await (await till.GetAsync($"/api/sales-points/{salesPointId}/sales")).ExpectAsync(HttpStatusCode.OK);
        var recorded = sales["items"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()).Order().ToArray();
        Assert.Equal(ids.Order().ToArray(), recorded);
        Assert.Equal(3, sales["items"]!.AsArray().Sum(s => s!["quantity"]!.GetValue<long>()));
    }
}

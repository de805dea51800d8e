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

    [Fact]
    public async Task Sales_made_offline_wait_on_the_phone_and_are_each_recorded_once_when_the_network_returns()
    {
        var (code, salesPointId, key, context, page, problems) = await SignedInTillAsync();
        await using var _ = context;
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
        await Assertions.Expect(page.Locator("#outbox-recorded li").Last)
            .ToContainTextAsync("Chè Shan Tuyết Tả Phìn");
        await Assertions.Expect(page.Locator("#outbox-bar")).ToHaveAttributeAsync("data-unsent", "0");
        await AssertFitsAPhoneAsync(page);
        var sent = await page.EvaluateAsync<string[]>("() => window.sent");
        Assert.Equal(2, sent.Count(id => id == ids[0])); // the lost answer made the page send it again

        await AssertRecordedOnceAsync(key, salesPointId, [ids[0], ids[1]], quantity: 3);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đã xem" }).ClickAsync();
        await Assertions.Expect(page.Locator("#outbox-refused-box")).ToBeHiddenAsync();
        await page.ReloadAsync(); // what the staff read stays read; what was sent stays listed
        await Assertions.Expect(page.Locator("#outbox-recorded li")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#outbox-refused li")).ToHaveCountAsync(0);
        Assert.True(problems.Count == 0, string.Join(" | ", problems));
    }

    /// <summary>The session is an http-only cookie the script never holds, so the outbox keeps no secret: a sale kept
    /// while the session ended (a working day) waits, says why, and is sent once the staff has signed in again.
    /// </summary>
    [Fact]
    public async Task A_sale_kept_while_the_session_ended_is_sent_once_the_staff_signs_in_again()
    {
        var (code, salesPointId, key, context, page, problems) = await SignedInTillAsync();
        await using var _ = context;
        await context.SetOfflineAsync(true);
        await SellAsync(page, code, quantity: 1, price: "350000");
        var id = await page.Locator("#outbox-pending li").GetAttributeAsync("data-id");
        var kept = await page.EvaluateAsync<string>(KeptOnThePhone);
        Assert.Contains(id!, kept);
        Assert.DoesNotContain(key, kept);

        await context.ClearCookiesAsync(); // the working day's session ended meanwhile
        await context.SetOfflineAsync(false);
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi lại" }).ClickAsync();
        await Assertions.Expect(page.Locator("#outbox-sign-in")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#outbox-bar")).ToHaveAttributeAsync("data-unsent", "1");
        await page.GetByRole(AriaRole.Link, new() { Name = "Đăng nhập lại" }).ClickAsync();
        await page.GetByLabel("Khóa truy cập").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/portal/scan");
        await Assertions.Expect(page.Locator("#outbox-recorded li")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#outbox-sign-in")).ToBeHiddenAsync();
        await AssertRecordedOnceAsync(key, salesPointId, [id!], quantity: 1);
        Assert.True(problems.Count == 0, string.Join(" | ", problems));
    }

    /// <summary>A labelled lot on sale, and a phone signed in to a till of its own.</summary>
    private async Task<(string Code, string SalesPointId, string Key,
        IBrowserContext Context, IPage Page, List<string> Problems)> SignedInTillAsync()
    {
        var (code, salesPointId, key) = await LabelledLotAndTillAsync();
        var (context, page, problems) = await PhoneAsync();
        await SignInAsync(page, key);
        return (code, salesPointId, key, context, page, problems);
    }

    /// <summary>Everything the outbox holds on the phone, as JSON.</summary>
    private const string KeptOnThePhone = """
        () => new Promise((resolve, reject) => {
          const open = indexedDB.open('ocop-scan');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const all = open.result.transaction('outbox').objectStore('outbox').getAll();
            all.onsuccess = () => { resolve(JSON.stringify(all.result)); open.result.close(); };
          };
        })
        """;

    private async Task<(IBrowserContext Context, IPage Page, List<string> Problems)> PhoneAsync()
    {
        var context = await chromium.Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 360, Height = 800 }, IsMobile = true, HasTouch = true, Locale = "vi-VN",
            BaseURL = shared.App.BaseAddress.ToString().TrimEnd('/'),
        });
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.PageError += (_, error) => { lock (problems) problems.Add("script error: " + error); };
        page.Console += (_, m) =>
        {
            if (m.Type == "error" && m.Text.Contains("Content Security Policy")) lock (problems) problems.Add(m.Text);
        };
        return (context, page, problems);
    }

    /// <summary>No sideways scrolling at 360 px, and the outbox's buttons big enough for a thumb.</summary>
    private static async Task AssertFitsAPhoneAsync(IPage page)
    {
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 360, $"The scanner scrolls sideways: {width} px wide.");
        foreach (var button in await page.Locator("#outbox-bar button, .outbox button").AllAsync())
            Assert.True((await button.BoundingBoxAsync())!.Height >= 44, "A button of the outbox is too small to tap.");
    }

    /// <summary>A labelled lot on sale, and a till of its own whose key the staff signs in with.</summary>
    private async Task<(string Code, string SalesPointId, string Key)> LabelledLotAndTillAsync()
    {
        var (_, _, code, _, _) = await Traceability.SalesPointScanTests.ShopWithLabelledProductAsync(shared.App);
        var admin = shared.App.Client();
        var salesPointId = await admin.CreateSalesPointAsync();
        return (code, salesPointId, await admin.SalesPointKeyAsync(salesPointId));
    }

    private static Task SignInAsync(IPage page, string key) => PortalSignIn.AsAsync(page, key, "/portal/scan");

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
        var workerUrl = await page.Locator("body").GetAttributeAsync("data-service-worker");
        var worker = await page.APIRequest.GetAsync(workerUrl!);
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
        await Assertions.Expect(page.Locator("#sale-done"))
            .ToContainTextAsync("Chưa xác minh — sẽ gửi khi có mạng");
    }

    private async Task AssertRecordedOnceAsync(string key, string salesPointId, string[] ids, long quantity)
    {
        var till = shared.App.Client(key);
        var sales = await (await till.GetAsync($"/api/sales-points/{salesPointId}/sales"))
            .ExpectAsync(HttpStatusCode.OK);
        var recorded = sales["items"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()).Order().ToArray();
        Assert.Equal(ids.Order().ToArray(), recorded);
        Assert.Equal(quantity, sales["items"]!.AsArray().Sum(s => s!["quantity"]!.GetValue<long>()));
    }
}

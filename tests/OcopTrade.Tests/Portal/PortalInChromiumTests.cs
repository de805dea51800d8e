using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using OcopTrade.Tests.Browser;
using OcopTrade.Tests.Images;
using OcopTrade.Tests.Support;
using Xunit.Abstractions;

namespace OcopTrade.Tests.Portal;

/// <summary>The portal as people use it, on a 360 × 800 phone: a producer from sign-in to a printed label sheet,
/// another producer who must not see the first one's drafts, and a sales point checking a label at the till.
/// Each main page is saved as a screenshot under TestResults/portal/.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class PortalInChromiumTests(SharedApp shared, Chromium chromium, ITestOutputHelper output) : IClassFixture<Chromium>
{
    private static readonly string Screens = Repository.Path("TestResults", "portal");

    private async Task<(IBrowserContext Context, IPage Page, List<string> Problems)> PhoneAsync()
    {
        var context = await chromium.Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 360, Height = 800 }, DeviceScaleFactor = 1, IsMobile = true, HasTouch = true, Locale = "vi-VN",
            BaseURL = shared.App.BaseAddress.ToString().TrimEnd('/'),
        });
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.PageError += (_, error) => { lock (problems) problems.Add("script error: " + error); };
        // A CSP violation (an inline script or style, an outside resource) shows up as a console error.
        page.Console += (_, m) => { if (m.Type == "error" && m.Text.Contains("Content Security Policy")) lock (problems) problems.Add(m.Text); };
        return (context, page, problems);
    }

    private async Task SignInAsync(IPage page, string key, string expectedPath)
    {
        await page.GotoAsync("/portal");
        Assert.StartsWith("/portal/sign-in", new Uri(page.Url).PathAndQuery);
        await page.GetByLabel("Khóa truy cập").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == expectedPath);
    }

    /// <summary>Saves the page as a person sees it and checks it fits a 360 px screen without sideways scrolling.</summary>
    private async Task ScreenAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Screens);
        var path = Path.Combine(Screens, name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        output.WriteLine("Screenshot: " + path);
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 360, $"{name} scrolls sideways at 360 px: {width} px wide.");
    }

    private async Task<(string ProducerId, string Key)> ProducerAsync()
    {
        var admin = shared.App.Client();
        var producerId = await admin.CreateProducerAsync();
        return (producerId, await admin.ProducerKeyAsync(producerId));
    }

    private static FilePayload Photo(string name, byte[] bytes) => new() { Name = name, MimeType = "image/jpeg", Buffer = bytes };

    private DateOnly Today => DateOnly.FromDateTime(shared.App.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).DateTime);

    [Fact]
    public async Task A_producer_signs_in_fixes_a_mistake_adds_photos_publishes_and_prints_a_label_sheet()
    {
        var (producerId, key) = await ProducerAsync();
        var (context, page, problems) = await PhoneAsync();
        await using var _ = context;

        await page.GotoAsync("/portal/sign-in");
        await ScreenAsync(page, "01-sign-in");
        await SignInAsync(page, key, "/portal");
        Assert.DoesNotContain(key, await page.ContentAsync());
        var session = Assert.Single(await context.CookiesAsync(), c => c.Name == "ocop_session");
        Assert.True(session.HttpOnly && session.Secure && session.SameSite == SameSiteAttribute.Strict, "The session cookie must be http-only, secure and SameSite=Strict.");
        var expires = DateTimeOffset.FromUnixTimeSeconds((long)session.Expires);
        Assert.InRange(expires, DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow.AddHours(24));

        // Create, with a typo in the certificate's year and no description; the name typed with decomposed marks.
        await page.GetByRole(AriaRole.Link, new() { Name = "+ Thêm sản phẩm" }).ClickAsync();
        var name = "Chè Shan Tuyết Tả Phìn".Normalize(NormalizationForm.FormD);
        await page.GetByLabel("Tên sản phẩm").FillAsync(name);
        await page.GetByLabel("Nhóm sản phẩm").SelectOptionAsync("beverages");
        await page.GetByLabel("Hạng sao OCOP").SelectOptionAsync("4");
        await page.GetByLabel("Số quyết định").FillAsync("1234/QĐ-UBND");
        await page.GetByLabel("Ngày công nhận").FillAsync("2015-06-15");
        await page.GetByLabel("Cấp công nhận").SelectOptionAsync("province");
        await page.GetByLabel("Giá bán (đồng)").FillAsync("350.000");
        await page.GetByLabel("Đơn vị tính").FillAsync("hộp");
        await page.GetByLabel("Khối lượng/thể tích tịnh").FillAsync("200 g");
        await page.GetByLabel("Hạn sử dụng (ngày)").FillAsync("540");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tạo sản phẩm" }).ClickAsync();

        var dateError = page.Locator("#f-certificate-issueDate-error");
        await Assertions.Expect(dateError).ToContainTextAsync("từ năm 2018");
        Assert.Equal("true", await page.GetByLabel("Ngày công nhận").GetAttributeAsync("aria-invalid"));
        Assert.Equal(name, await page.GetByLabel("Tên sản phẩm").InputValueAsync()); // nothing typed is lost
        Assert.Equal("350.000", await page.GetByLabel("Giá bán (đồng)").InputValueAsync());
        await ScreenAsync(page, "02-product-form-error");

        await page.GetByLabel("Ngày công nhận").FillAsync("2025-06-15");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tạo sản phẩm" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/portal/products/") && !url.Contains("/new"));
        var productId = new Uri(page.Url).AbsolutePath.Split('/').Last();
        var stored = await (await shared.App.Client().GetAsync($"/api/products/{productId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(name.Normalize(NormalizationForm.FormC), stored["name"]!.GetValue<string>());
        Assert.Equal(350000, stored["priceVnd"]!.GetValue<long>());
        Assert.Equal(producerId, stored["producerId"]!.GetValue<string>());

        // Publishing without a description is refused, with the reason in Vietnamese.
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng bán" }).ClickAsync();
        await Assertions.Expect(page.Locator("#publish-reasons")).ToContainTextAsync("Mô tả sản phẩm là bắt buộc khi đăng bán.");
        await Assertions.Expect(page.Locator("#f-description-error")).ToHaveTextAsync("Mô tả sản phẩm là bắt buộc khi đăng bán.");
        await ScreenAsync(page, "03-product-publish-refused");
        await page.GetByLabel("Mô tả").FillAsync("Chè shan tuyết cổ thụ hái tay ở độ cao 1.500 m.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu thay đổi" }).ClickAsync();
        await Assertions.Expect(page.Locator("#page-status")).ToHaveTextAsync("Đã lưu thay đổi.");

        // Two photos: one larger than the phone should send, one shot sideways (EXIF orientation 6).
        await page.GetByRole(AriaRole.Link, new() { Name = "Ảnh", Exact = true }).ClickAsync();
        await page.Locator("#photo-pick").SetInputFilesAsync(new[]
        {
            Photo("IMG_0001.jpg", TestImages.Jpeg(3000, 2000)), Photo("IMG_0002.jpg", TestImages.RotatedWithGps()),
        });
        await Assertions.Expect(page.Locator("#uploads li[data-state=sent]")).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#photos li[data-status=ready]")).ToHaveCountAsync(2, new() { Timeout = 60_000 });
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#photos img')].filter(i => i.naturalWidth > 0).length === 2");
        await Assertions.Expect(page.Locator("#uploads button:visible")).ToHaveCountAsync(0); // nothing failed, nothing to retry
        await ScreenAsync(page, "04-photos");
        var images = JsonNode.Parse(await (await shared.App.Client().GetAsync($"/api/products/{productId}/images")).Content.ReadAsStringAsync())!.AsArray();
        var sizes = images.Select(i => (i!["width"]!.GetValue<int>(), i["height"]!.GetValue<int>())).OrderBy(s => s.Item1).ToList();
        // Shrunk on the phone to a 2000 px long edge, and the sideways photo sent upright (480 wide, 640 high).
        Assert.Equal([(480, 640), (2000, 1333)], sizes);

        // The second photo gets a description, becomes the primary one and moves up: the API shows all three.
        var second = page.Locator("#photos li").Nth(1);
        var secondId = await second.GetAttributeAsync("data-image-id");
        await second.GetByLabel("Mô tả ảnh cho người khiếm thị").FillAsync("Hộp chè Shan Tuyết nhìn nghiêng");
        await second.GetByRole(AriaRole.Button, new() { Name = "Lưu mô tả" }).ClickAsync();
        await Assertions.Expect(page.Locator("#page-status")).ToHaveTextAsync("Đã lưu mô tả ảnh.");
        await page.Locator($"#photos li[data-image-id='{secondId}']").GetByRole(AriaRole.Button, new() { Name = "Đặt làm ảnh chính" }).ClickAsync();
        await Assertions.Expect(page.Locator("#page-status")).ToHaveTextAsync("Đã chọn ảnh chính.");
        await page.Locator($"#photos li[data-image-id='{secondId}']").GetByRole(AriaRole.Button, new() { Name = "↑ Lên" }).ClickAsync();
        await Assertions.Expect(page.Locator("#photos li").First).ToHaveAttributeAsync("data-image-id", secondId!);
        var arranged = JsonNode.Parse(await (await shared.App.Client().GetAsync($"/api/products/{productId}/images")).Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal(secondId, arranged[0]!["id"]!.GetValue<string>());
        Assert.True(arranged[0]!["primary"]!.GetValue<bool>());
        Assert.Equal("Hộp chè Shan Tuyết nhìn nghiêng", arranged[0]!["altText"]!.GetValue<string>());

        await page.GetByRole(AriaRole.Link, new() { Name = "Thông tin", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng bán" }).ClickAsync();
        await Assertions.Expect(page.Locator("#product-status [data-status]")).ToHaveAttributeAsync("data-status", "published");

        // A lot, its label previewed, the A4 sheet downloaded.
        await page.GetByRole(AriaRole.Link, new() { Name = "Nhãn QR" }).ClickAsync();
        await page.GetByLabel("Số lô").FillAsync("L2025-07");
        await page.GetByLabel("Ngày sản xuất").FillAsync(Today.AddDays(-3).ToString("yyyy-MM-dd"));
        await page.GetByLabel("Hạn sử dụng").FillAsync(Today.AddDays(-10).ToString("yyyy-MM-dd"));
        await page.GetByLabel("Số lượng (đơn vị)").FillAsync("500");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tạo lô hàng" }).ClickAsync();
        await Assertions.Expect(page.Locator("#f-bestBefore-error")).ToHaveTextAsync("Hạn sử dụng phải sau ngày sản xuất.");
        await page.GetByLabel("Hạn sử dụng").FillAsync(Today.AddYears(1).ToString("yyyy-MM-dd"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Tạo lô hàng" }).ClickAsync();
        await Assertions.Expect(page.Locator("#label-view")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#label-code")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{3}$"));
        await page.WaitForFunctionAsync("() => document.getElementById('label-preview').naturalWidth > 0");
        await ScreenAsync(page, "05-labels");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Tải tờ A4 (PDF)" }).ClickAsync());
        var pdf = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal("%PDF", Encoding.ASCII.GetString(pdf, 0, 4));
        Assert.EndsWith(".pdf", download.SuggestedFilename);

        // Channels: one bulk export per marketplace with a connector, and one press puts the listing in motion.
        await page.GetByRole(AriaRole.Link, new() { Name = "Kênh bán" }).ClickAsync();
        await Assertions.Expect(page.Locator("#bulk-exports a")).ToHaveCountAsync(OcopTrade.Functions.Syndication.Channels.All.Count);
        await Assertions.Expect(page.Locator("#channels")).ToContainTextAsync("chưa được đăng lên sàn nào");
        // The readiness checklist: voso takes it; Shopee wants a GTIN on drinks, which this product has not.
        await Assertions.Expect(page.Locator("#readiness li[data-channel=voso]")).ToHaveAttributeAsync("data-ready",
            "true");
        await Assertions.Expect(page.Locator("#readiness li[data-channel=shopee] li[data-requirement=gtin]"))
            .ToHaveClassAsync("status bad");
        await Assertions.Expect(page.Locator("#orders")).ToContainTextAsync("Chưa có đơn hàng nào từ các sàn.");
        await page.GetByLabel("voso.vn").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng lên các sàn đã chọn" }).ClickAsync();
        await Assertions.Expect(page.Locator("#channels li[data-channel=voso]")).ToContainTextAsync("Trạng thái:");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await ScreenAsync(page, "06-channels");
        await page.GetByRole(AriaRole.Link, new() { Name = "Doanh thu" }).ClickAsync();
        await page.GetByLabel("Tháng").FillAsync("2025-06");
        await page.GetByLabel("Kênh bán").SelectOptionAsync("supermarket");
        await page.GetByLabel("Doanh thu (đồng)").FillAsync("12.500.000");
        await page.GetByLabel("Số lượng đã bán").FillAsync("50");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ghi doanh thu" }).ClickAsync();
        await Assertions.Expect(page.Locator("#revenue-list td").Filter(new() { HasText = "12.500.000" })).ToHaveCountAsync(1);
        var csv = "id,producerId,channel,month,amountVnd,quantity\n" +
                  $"imp-{producerId}-1,{producerId},fair,2025-05,3000000,10\n" +
                  $"imp-{producerId}-2,{producerId},supermarket,2025-13,100,1\n";
        await page.GetByLabel("Tệp CSV (UTF-8)").SetInputFilesAsync(new FilePayload { Name = "doanh-thu.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi tệp" }).ClickAsync();
        await Assertions.Expect(page.Locator("#import-report > p")).ToHaveTextAsync("Đã xử lý 2/2 dòng: ghi 1, lỗi 1.", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#import-report tr").Nth(1)).ToContainTextAsync("3month"); // line 3 of the file, its month
        await Assertions.Expect(page.Locator("#revenue-list td").Filter(new() { HasText = "3.000.000" })).ToHaveCountAsync(1);
        await ScreenAsync(page, "07-revenue");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sản phẩm", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".cards li")).ToContainTextAsync("Đang bán");
        await ScreenAsync(page, "08-products");

        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng xuất" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/portal/sign-in");
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "ocop_session");
        Assert.True(problems.Count == 0, string.Join(" | ", problems));
    }

    [Fact]
    public async Task A_producer_sets_a_price_for_one_channel_and_sees_a_refused_one_next_to_its_field()
    {
        var (_, key) = await ProducerAsync();
        var productId = await Syndication.SyndicationFixture.ProductAsync(shared.App.Client(key));
        var (context, page, problems) = await PhoneAsync();
        await using var _ = context;
        await SignInAsync(page, key, "/portal");
        await page.GotoAsync($"/portal/products/{productId}/channels");
        var shopee = page.Locator("#terms li[data-channel=shopee]");
        await Assertions.Expect(shopee.Locator(".terms-effective")).ToContainTextAsync("350.000 ₫ · giá chung");
        var price = shopee.GetByLabel("Giá riêng trên sàn (đồng)");

        await price.FillAsync("0");
        await shopee.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(shopee.Locator("[data-field=priceVnd] .error")).ToHaveTextAsync(
            "Giá riêng là số đồng nguyên, từ 1 đến 10.000.000.000.");

        await price.FillAsync("299.000");
        await shopee.GetByLabel("Mã danh mục riêng trên sàn").FillAsync("100782");
        await shopee.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(page.Locator("#terms li[data-channel=shopee] .terms-effective"))
            .ToContainTextAsync("299.000 ₫ · đặt riêng");
        await Assertions.Expect(page.Locator("#terms li[data-channel=shopee] .terms-effective"))
            .ToContainTextAsync("100782 · đặt riêng");
        await Assertions.Expect(page.Locator("#terms li[data-channel=voso] .terms-effective"))
            .ToContainTextAsync("350.000 ₫ · giá chung");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await ScreenAsync(page, "06b-channel-terms");
        Assert.True(problems.Count == 0, string.Join(" | ", problems));
    }

    [Fact]
    public async Task A_second_producer_sees_none_of_the_first_ones_drafts_and_a_revoked_key_ends_the_session()
    {
        var (firstId, _) = await ProducerAsync();
        var admin = shared.App.Client();
        var draft = await (await admin.PostAsync("/api/products", Api.JsonBody(Api.Product(firstId).Also(p => p["name"] = "Mật ong bạc hà Đồng Văn")))).ExpectAsync(HttpStatusCode.Created);
        var draftId = draft["id"]!.GetValue<string>();

        var secondId = await admin.CreateProducerAsync();
        var issued = await (await admin.PostAsync("/api/keys", Api.JsonBody(new JsonObject { ["role"] = "producer", ["producerId"] = secondId }))).ExpectAsync(HttpStatusCode.Created);
        var (context, page, _) = await PhoneAsync();
        await using var __ = context;
        await page.GotoAsync("/portal/sign-in");
        await page.GetByLabel("Khóa truy cập").FillAsync("ocop_not-a-key-anyone-was-given");
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await Assertions.Expect(page.Locator("#f-key-error")).ToHaveTextAsync("Khóa truy cập không đúng hoặc đã bị thu hồi.");
        Assert.Empty(await context.CookiesAsync(new[] { shared.App.BaseAddress.ToString() }).ContinueWith(t => t.Result.Where(c => c.Name == "ocop_session").ToList()));
        await SignInAsync(page, issued["key"]!.GetValue<string>(), "/portal");

        Assert.DoesNotContain("Mật ong bạc hà Đồng Văn", await page.ContentAsync());
        var other = await page.GotoAsync($"/portal/products/{draftId}");
        Assert.Equal(404, other!.Status);
        var viaApi = await page.APIRequest.GetAsync($"/api/products/{draftId}");
        Assert.Equal(404, viaApi.Status);
        var mine = await page.APIRequest.GetAsync("/api/products");
        Assert.Equal(200, mine.Status); // the API takes the portal session

        // With the session but without the portal's header, a change is refused (cross-site request forgery).
        var forged = await page.APIRequest.PostAsync("/api/products", new() { DataObject = new { name = "Giả mạo", group = "food" } });
        Assert.Equal(403, forged.Status);
        var sent = await page.APIRequest.PostAsync("/api/products",
            new() { DataObject = new { name = "Miến dong Bình Lư", group = "food" }, Headers = new Dictionary<string, string> { ["X-Ocop-Portal"] = "1" } });
        Assert.Equal(201, sent.Status);

        await (await admin.DeleteAsync($"/api/keys/{issued["id"]!.GetValue<string>()}")).ExpectAsync(HttpStatusCode.NoContent);
        await page.GotoAsync("/portal");
        Assert.StartsWith("/portal/sign-in", new Uri(page.Url).PathAndQuery);
        Assert.Equal(401, (await page.APIRequest.GetAsync("/api/products")).Status);
    }

    [Fact]
    public async Task A_sales_point_verifies_a_typed_code_and_records_a_sale()
    {
        var admin = shared.App.Client();
        var (producerId, producerKey) = await ProducerAsync();
        var producer = shared.App.Client(producerKey);
        var product = await (await producer.PostAsync("/api/products", Api.JsonBody(Api.Product()))).ExpectAsync(HttpStatusCode.Created);
        var productId = product["id"]!.GetValue<string>();
        await (await producer.PostAsync($"/api/products/{productId}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        var batch = await (await producer.PostAsync($"/api/products/{productId}/batches", Api.JsonBody(new JsonObject
        {
            ["lotNumber"] = "L2025-08", ["productionDate"] = Today.AddDays(-1).ToString("yyyy-MM-dd"),
            ["bestBefore"] = Today.AddYears(1).ToString("yyyy-MM-dd"), ["quantity"] = 200,
        }))).ExpectAsync(HttpStatusCode.Created);
        var code = batch["traceCode"]!.GetValue<string>();
        var salesPointId = await admin.CreateSalesPointAsync();
        var key = await admin.SalesPointKeyAsync(salesPointId);

        var (context, page, problems) = await PhoneAsync();
        await using var _ = context;
        await SignInAsync(page, key, "/portal/scan");
        await ScreenAsync(page, "09-scan");

        // Typed as people type it: lower case, without the dashes.
        await page.GetByLabel("Mã in trên nhãn").FillAsync(code.Replace("-", "").ToLowerInvariant());
        await page.GetByRole(AriaRole.Button, new() { Name = "Kiểm tra mã" }).ClickAsync();
        await Assertions.Expect(page.Locator("#verdict")).ToHaveAttributeAsync("data-verdict", "genuine");
        await Assertions.Expect(page.Locator("#verdict strong")).ToHaveTextAsync("CHÍNH HÃNG");
        await Assertions.Expect(page.Locator("#verdict")).ToContainTextAsync("Chè Shan Tuyết Tả Phìn");
        await page.GetByLabel("Đơn giá (đồng)").FillAsync("350000");
        await page.GetByLabel("Số lượng").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ghi bán" }).ClickAsync();
        await Assertions.Expect(page.Locator("#sale-done")).ToContainTextAsync("700.000");
        await ScreenAsync(page, "10-scan-sale");

        var revenue = await (await admin.GetAsync($"/api/revenue?producerId={producerId}")).ExpectAsync(HttpStatusCode.OK);
        var entry = Assert.Single(revenue["items"]!.AsArray());
        Assert.Equal(700000, entry!["amountVnd"]!.GetValue<long>());
        Assert.Equal("ocopPoint", entry["channel"]!.GetValue<string>());

        // A genuine lot whose product's certificate has lapsed (36 months after 15/06/2022) is told apart from a fake.
        var lapsed = await (await producer.PostAsync("/api/products", Api.JsonBody(Api.Product(issueDate: "2022-06-15")))).ExpectAsync(HttpStatusCode.Created);
        var lapsedBatch = await (await producer.PostAsync($"/api/products/{lapsed["id"]}/batches", Api.JsonBody(new JsonObject
        {
            ["lotNumber"] = "L2022-01", ["productionDate"] = Today.AddDays(-30).ToString("yyyy-MM-dd"),
            ["bestBefore"] = Today.AddYears(1).ToString("yyyy-MM-dd"), ["quantity"] = 50,
        }))).ExpectAsync(HttpStatusCode.Created);
        await page.GetByLabel("Mã in trên nhãn").FillAsync(lapsedBatch["traceCode"]!.GetValue<string>());
        await page.GetByRole(AriaRole.Button, new() { Name = "Kiểm tra mã" }).ClickAsync();
        await Assertions.Expect(page.Locator("#verdict")).ToHaveAttributeAsync("data-verdict", "expired");
        await Assertions.Expect(page.Locator("#verdict strong")).ToHaveTextAsync("CHỨNG NHẬN HẾT HẠN");

        await page.GetByLabel("Mã in trên nhãn").FillAsync("7K3M-9Q2X-A1B");
        await page.GetByRole(AriaRole.Button, new() { Name = "Kiểm tra mã" }).ClickAsync();
        await Assertions.Expect(page.Locator("#verdict")).ToHaveAttributeAsync("data-verdict", "unknown");
        await Assertions.Expect(page.Locator("#sale")).ToBeHiddenAsync();
        await ScreenAsync(page, "11-scan-unknown");

        // The camera: a stand-in that films the printed label. Chromium on Linux has no BarcodeDetector, so this
        // reads the QR with the jsQR fallback the app serves.
        var label = await producer.GetByteArrayAsync($"/api/products/{productId}/batches/{batch["id"]}/label?format=png&dpi=300");
        await page.EvaluateAsync(@"png => {
            navigator.mediaDevices.getUserMedia = async () => {
                const image = new Image();
                image.src = 'data:image/png;base64,' + png;
                await image.decode();
                const canvas = document.createElement('canvas');
                canvas.width = 960; canvas.height = 720;
                const g = canvas.getContext('2d');
                const draw = () => { g.fillStyle = '#fff'; g.fillRect(0, 0, 960, 720); g.drawImage(image, 40, 160, 880, 880 * image.height / image.width); };
                draw();
                setInterval(draw, 100);
                return canvas.captureStream(10);
            };
        }", Convert.ToBase64String(label));
        await page.GetByRole(AriaRole.Button, new() { Name = "Bật camera" }).ClickAsync();
        await Assertions.Expect(page.Locator("#verdict")).ToHaveAttributeAsync("data-verdict", "genuine", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#verdict")).ToContainTextAsync("L2025-08");
        Assert.True(await page.EvaluateAsync<bool>("() => typeof window.jsQR === 'function'"), "The camera path did not use the served jsQR.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tắt camera" }).ClickAsync();

        // The decoder for browsers without BarcodeDetector is served by the app itself (no CDN).
        var jsqr = await page.APIRequest.GetAsync(await page.Locator("body").GetAttributeAsync("data-jsqr") ?? "");
        Assert.Equal(200, jsqr.Status);
        Assert.Contains("jsQR", await jsqr.TextAsync());
        Assert.True(problems.Count == 0, string.Join(" | ", problems));
    }

    [Fact]
    public async Task A_producer_sends_every_ready_product_in_one_press_and_watches_the_progress_bar_to_the_end()
    {
        var (_, key) = await ProducerAsync();
        var producer = shared.App.Client(key);
        // This app's marketplaces want a photo, which these products have not: both are skipped, with the reason.
        var products = new[]
        {
            await Syndication.SyndicationFixture.ProductAsync(producer),
            await Syndication.SyndicationFixture.ProductAsync(producer, p => p["name"] = "Mật ong bạc hà Đồng Văn"),
        };
        var (context, page, problems) = await PhoneAsync();
        await using var _ = context;
        await SignInAsync(page, key, "/portal");
        await page.GotoAsync($"/portal/products/{products[0]}/channels");

        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi tất cả sản phẩm đủ điều kiện lên voso.vn" })
            .ClickAsync();
        await Assertions.Expect(page.Locator("#bulk-summary")).ToHaveAttributeAsync("data-state", "done",
            new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#bulk-summary")).ToContainTextAsync("2/2 sản phẩm");
        Assert.Equal(await page.Locator("#bulk-progress").GetAttributeAsync("max"),
            await page.EvaluateAsync<string>("() => String(document.getElementById('bulk-progress').value)"));
        await Assertions.Expect(page.Locator("#bulk-skipped li")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator($"#bulk-skipped li[data-product='{products[1]}']"))
            .ToContainTextAsync("Mật ong bạc hà Đồng Văn (voso.vn): Cần ít nhất 1 ảnh");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Thử lại tất cả mục cần xử lý" }))
            .ToBeEnabledAsync();
        await ScreenAsync(page, "09-bulk-syndication");
        Assert.Empty(await Syndication.SyndicationFixture.StatusAsync(producer, products[1]));
        Assert.True(problems.Count == 0, string.Join(" | ", problems));
    }
}

internal static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject o, Action<JsonObject> change) { change(o); return o; }
}

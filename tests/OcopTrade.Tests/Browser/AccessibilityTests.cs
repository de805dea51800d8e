using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using OcopTrade.Tests.Support;
using Xunit.Abstractions;

namespace OcopTrade.Tests.Browser;

/// <summary>Every page a person opens, audited at WCAG 2.1 AA by axe, a checker we did not write. Public pages go
/// through npm's <c>@axe-core/cli</c> as it is (Debian's chromium and chromium-driver, installed by ./test.sh);
/// pages behind a sign-in, which the CLI cannot reach, get the same axe-core engine injected into a signed-in
/// Chromium.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class AccessibilityTests(SharedApp shared, Chromium chromium, ITestOutputHelper output)
    : IClassFixture<Chromium>
{
    private static readonly string[] Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
    private static readonly string AxeCli = Repository.Path("node_modules", ".bin", "axe");
    private static readonly string AxeEngine = Repository.Path("node_modules", "axe-core", "axe.min.js");
    private const string ChromeDriver = "/usr/bin/chromedriver";

    [Fact]
    public async Task The_public_pages_pass_an_axe_audit_at_WCAG_2_1_AA()
    {
        var (slug, traceUrl) = await PublishedProductWithLotAsync();
        // Not /api/docs/: that page is Scalar's, for developers, and axe finds four of its rules broken there (no
        // lang on its html, contrast of its client tabs, an unnamed contact link, its code editor's ARIA); our
        // pages are held to the audit, Scalar's are noted in docs/api.md until it is replaced or fixed upstream.
        // The catalogue twice: with the product just published among its cards, and with no result at all.
        var fair = await TradeEvents.EventWorld.StartAsync(shared.App);
        var (eventId, _) = await fair.CreateEventAsync();
        await fair.AcceptedAsync(await fair.ExhibitorAsync(), eventId, 1);
        string[] pages = ["/p/" + slug, traceUrl, "/portal/sign-in", "/dashboard", "/catalogue?group=beverages",
            "/catalogue?group=textiles&stars=5", $"/events/{eventId}/catalogue"];
        var urls = pages.Select(p => new Uri(shared.App.BaseAddress, p).ToString());

        var audit = await Command.RunAsync(AxeCli,
        [
            .. urls, "--tags", string.Join(',', Tags), "--exit", "--load-delay", "500",
            "--chromedriver-path", ChromeDriver, "--chrome-path", Chromium.ExecutablePath,
            "--chrome-options", "headless=new,no-sandbox,disable-gpu,disable-dev-shm-usage",
        ], timeout: TimeSpan.FromMinutes(3));

        output.WriteLine(audit.Output);
        Assert.True(audit.ExitCode == 0,
            $"axe found violations (exit {audit.ExitCode}):\n{audit.Output}\n{audit.Error}");
        Assert.Contains("0 violations found", audit.Output);
    }

    [Fact]
    public async Task The_portal_pages_behind_a_sign_in_pass_an_axe_audit_at_WCAG_2_1_AA()
    {
        var admin = shared.App.Client();
        var producerId = await admin.CreateProducerAsync();
        var producerKey = await admin.ProducerKeyAsync(producerId);
        var productId = await ProductAsync(shared.App.Client(producerKey));
        var salesPointKey = await admin.SalesPointKeyAsync(await admin.CreateSalesPointAsync());
        await EventsToApplyToAsync(admin, shared.App.Client(producerKey));

        var violations = new List<string>();
        violations.AddRange(await AuditSignedInAsync(producerKey, "/portal", "/portal", "/portal/products/new",
            $"/portal/products/{productId}", $"/portal/products/{productId}/photos",
            $"/portal/products/{productId}/labels", $"/portal/products/{productId}/channels", "/portal/revenue",
            "/portal/events"));
        violations.AddRange(await AuditSignedInAsync(salesPointKey, "/portal/scan", "/portal/scan"));
        violations.AddRange(await AuditLinkagePagesAsync());

        Assert.True(violations.Count == 0, "axe found violations:\n" + string.Join('\n', violations));
    }

    /// <summary>The producer's and the buyer's supply–demand pages, each with an enquiry and a deal waiting on it, so
    /// their forms are audited too.</summary>
    private async Task<List<string>> AuditLinkagePagesAsync()
    {
        var p = await Linkage.LinkageSetup.BuildAsync(shared.App);
        await Linkage.LinkageSetup.SendEnquiryAsync(p.Buyer, p.ProductId);
        await (await p.Producer.PostAsync("/api/deals", Api.JsonBody(Linkage.LinkageSetup.Deal(buyerId: p.BuyerId))))
            .ExpectAsync(HttpStatusCode.Created);
        await (await p.Buyer.PostAsync("/api/deals", Api.JsonBody(Linkage.LinkageSetup.Deal(producerId: p.ProducerId))))
            .ExpectAsync(HttpStatusCode.Created);
        return [.. await AuditSignedInAsync(p.ProducerKey, "/portal", "/portal/enquiries"),
            .. await AuditSignedInAsync(p.BuyerKey, "/portal/buyer", "/portal/buyer")];
    }

    /// <summary>Signs in with the key as a person does, then audits each page; CSP is bypassed only so that the
    /// audit script itself can be injected.</summary>
    private async Task<List<string>> AuditSignedInAsync(string key, string landing, params string[] paths)
    {
        await using var context = await chromium.Browser.NewContextAsync(new()
        {
            BaseURL = shared.App.BaseAddress.ToString().TrimEnd('/'), BypassCSP = true, Locale = "vi-VN",
            ViewportSize = new() { Width = 360, Height = 800 }, IsMobile = true, HasTouch = true,
        });
        var page = await context.NewPageAsync();
        await PortalSignIn.AsAsync(page, key, landing);

        var violations = new List<string>();
        foreach (var path in paths)
        {
            var response = await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });
            Assert.Equal(200, response!.Status);
            await page.AddScriptTagAsync(new() { Path = AxeEngine });
            var found = await page.EvaluateAsync<JsonElement>(
                "tags => axe.run(document, { runOnly: { type: 'tag', values: tags } })" +
                ".then(r => r.violations.map(v => " +
                "v.id + ': ' + v.help + ' — ' + v.nodes.map(n => n.target).join(' | ')))",
                Tags);
            output.WriteLine($"{path}: {found.GetArrayLength()} violation(s)");
            violations.AddRange(found.EnumerateArray().Select(v => $"{path}: {v.GetString()}"));
        }
        return violations;
    }

    /// <summary>Two open events of the producer's province, one applied to: the events page shows a checklist and an
    /// application.</summary>
    private async Task EventsToApplyToAsync(HttpClient admin, HttpClient producer)
    {
        var published = await ProductAsync(producer);
        await (await producer.PostAsync($"/api/products/{published}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        var ids = new List<string>();
        foreach (var name in new[] { "Hội chợ OCOP Lai Châu", "Tuần lễ OCOP Lai Châu" })
            ids.Add((await (await admin.PostAsync("/api/events", Api.JsonBody(new JsonObject
            {
                ["kind"] = "fair", ["name"] = name, ["from"] = Today.AddDays(7).ToString("yyyy-MM-dd"),
                ["to"] = Today.AddDays(9).ToString("yyyy-MM-dd"), ["placeKind"] = "inProvince", ["place"] = "Lai Châu",
                ["organiser"] = "Sở Công Thương Lai Châu", ["province"] = "Lai Châu", ["stallCount"] = 10, ["status"] = "open",
            }))).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>());
        await (await producer.PostAsync($"/api/events/{ids[0]}/applications", Api.JsonBody(new JsonObject
        {
            ["productIds"] = new JsonArray(published),
        }))).ExpectAsync(HttpStatusCode.Created);
    }

    private async Task<string> ProductAsync(HttpClient producer)
    {
        var created = await (await producer.PostAsync("/api/products", Api.JsonBody(Api.Product(
            issueDate: Today.AddMonths(-1).ToString("yyyy-MM-dd"))))).ExpectAsync(HttpStatusCode.Created);
        return created["id"]!.GetValue<string>();
    }

    private async Task<(string Slug, string TraceUrl)> PublishedProductWithLotAsync()
    {
        var admin = shared.App.Client();
        var producer = shared.App.Client(await admin.ProducerKeyAsync(await admin.CreateProducerAsync()));
        var productId = await ProductAsync(producer);
        var published = await (await producer.PostAsync($"/api/products/{productId}/publish", null))
            .ExpectAsync(HttpStatusCode.OK);
        var batch = await (await producer.PostAsync($"/api/products/{productId}/batches", Api.JsonBody(new JsonObject
        {
            ["lotNumber"] = "L2026-A11Y", ["productionDate"] = Today.AddDays(-2).ToString("yyyy-MM-dd"),
            ["bestBefore"] = Today.AddYears(1).ToString("yyyy-MM-dd"), ["quantity"] = 100,
        }))).ExpectAsync(HttpStatusCode.Created);
        var traceUrl = new Uri(batch["traceUrl"]!.GetValue<string>()).PathAndQuery;
        return (published["slug"]!.GetValue<string>(), traceUrl);
    }

    private DateOnly Today =>
        DateOnly.FromDateTime(shared.App.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).DateTime);
}

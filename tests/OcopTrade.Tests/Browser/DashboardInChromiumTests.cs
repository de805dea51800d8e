using Microsoft.Playwright;
using OcopTrade.Tests.Plans;
using OcopTrade.Tests.Support;
using Xunit.Abstractions;

namespace OcopTrade.Tests.Browser;

/// <summary>A department officer opens the dashboard on a phone and a tablet, and prints it for the annual report.
/// Screenshots and the printout are kept in artifacts/dashboard/.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class DashboardInChromiumTests(SharedApp shared, Chromium chromium, ITestOutputHelper output) : IClassFixture<Chromium>
{
    private static string Artifact(string name)
    {
        var path = Repository.Path("artifacts", "dashboard", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    [Fact]
    public async Task The_dashboard_reads_on_a_phone_and_a_tablet_runs_no_script_and_prints()
    {
        var f = await new PlanFixture(shared.App).BuildAsync();
        await f.Department.PostAsync("/api/plans", Api.JsonBody(PlanFixture.Plan(f.Province, 2025, "7/KH-UBND",
            PlanFixture.Target("newProducts3Stars", 2), PlanFixture.Target("totalOcopProducts", 3),
            PlanFixture.Target("modernChannelParticipationPercent", 70), PlanFixture.Target("revenueGrowthPercent", 5, 10),
            PlanFixture.Target("newProducts3Stars", 2, level: "district", unit: "Huyện Một"))));
        var key = f.Department.DefaultRequestHeaders.GetValues("x-api-key").Single();
        var url = new Uri(shared.App.BaseAddress, "/dashboard?year=2025").ToString();

        foreach (var (name, width, height, mobile) in new[] { ("phone", 360, 740, true), ("tablet", 800, 1280, true) })
        {
            await using var context = await chromium.Browser.NewContextAsync(new()
            {
                ViewportSize = new() { Width = width, Height = height }, DeviceScaleFactor = 2, IsMobile = mobile, HasTouch = true,
                Locale = "vi-VN", ExtraHTTPHeaders = new Dictionary<string, string> { ["x-api-key"] = key },
            });
            var page = await context.NewPageAsync();
            var requests = new List<string>();
            var problems = new List<string>();
            page.Request += (_, r) => { lock (requests) requests.Add(r.Url); };
            page.Console += (_, m) => { if (m.Type == "error") lock (problems) problems.Add(m.Text); };
            page.PageError += (_, e) => { lock (problems) problems.Add(e); };

            var response = await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.NetworkIdle });
            Assert.Equal(200, response!.Status);
            var screenshot = Artifact($"dashboard-{name}.png");
            await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
            output.WriteLine($"{name} screenshot: {screenshot}");

            // Nothing wider than the screen, the charts drawn, the styles applied (a CSP refusal would leave them unstyled and log an error).
            Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= width, $"Horizontal scroll on the {name}.");
            Assert.Equal(4, await page.Locator("section svg").CountAsync());
            Assert.All(await page.Locator("section svg").AllAsync(), svg => Assert.True(svg.BoundingBoxAsync().Result!.Width <= width));
            Assert.Equal("rgb(11, 93, 30)", await page.Locator("nav a[aria-current]").EvaluateAsync<string>("a => getComputedStyle(a).backgroundColor"));
            Assert.Equal(0, await page.EvaluateAsync<int>("document.scripts.length"));
            Assert.Empty(problems);
            Assert.Single(requests.Distinct(), r => !r.StartsWith("data:"));
            var columns = await page.Locator(".grid").EvaluateAsync<string>("g => getComputedStyle(g).gridTemplateColumns");
            Assert.Equal(mobile && width < 768 ? 1 : 2, columns.Split(' ').Length);

            if (name == "tablet")
            {
                await page.EmulateMediaAsync(new() { Media = Media.Print });
                Assert.Equal("none", await page.Locator("nav").EvaluateAsync<string>("n => getComputedStyle(n).display"));
                var pdf = Artifact("dashboard-print.pdf");
                await page.PdfAsync(new() { Path = pdf, Format = "A4", PrintBackground = true });
                Assert.True(new FileInfo(pdf).Length > 10_000);
                output.WriteLine($"Printout: {pdf}");
            }
        }
    }
}

using System.Net;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Plans;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Dashboard;

[Collection(SharedAppCollection.Name)]
public class DashboardTests(SharedApp shared)
{
    [Fact]
    public async Task The_department_sees_its_province_in_Vietnamese_with_a_strict_policy_and_others_see_nothing()
    {
        var f = await new PlanFixture(shared.App).BuildAsync();
        var response = await f.Department.GetAsync("/dashboard?year=2025");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", csp);
        Assert.DoesNotContain("script", csp);
        Assert.DoesNotContain("<script", html);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());

        // 2025: A 1 050 000 + B 2 300 000 + 100 000 = 3 450 000 ₫ against 3 000 000 ₫ (+15 %); 1 of 3 certified subjects modern.
        Assert.Contains("3.450.000 ₫", html);
        Assert.Contains("3.000.000 ₫", html);
        Assert.Contains("15 %", html);
        Assert.Contains("33,33 %", html);
        Assert.Contains("Mục tiêu 70 %", html);
        Assert.Contains("Mục tiêu 5–10 %", html);
        Assert.Contains("Siêu thị", html);
        Assert.Contains("Gạo Tẻ Bốn", html);
        Assert.Contains("Còn 30 ngày", html);

        await (await f.ProducerA.GetAsync("/dashboard")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        // A person who is not signed in is sent to the portal's sign-in, which brings them back to the dashboard.
        var signedOut = await shared.App.Client(null).GetAsync("/dashboard");
        Assert.Equal("/portal/sign-in", signedOut.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("data-next=\"/dashboard\"", await signedOut.Content.ReadAsStringAsync());
        await (await f.Department.GetAsync($"/dashboard?province={Uri.EscapeDataString("Lai Châu")}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await f.Department.GetAsync("/dashboard?year=1999")).ExpectProblemAsync(HttpStatusCode.BadRequest, "year");
    }

    [Fact]
    public async Task An_admin_names_the_province_and_sees_plan_progress_of_merged_provinces()
    {
        // Thái Nguyên's dashboard for 2024 carries Bắc Kạn's seed plan (merged on 1 July 2025), with its district targets.
        var html = await (await shared.App.Client().GetAsync($"/dashboard?province={Uri.EscapeDataString("Thái Nguyên")}&year=2024")).Content.ReadAsStringAsync();
        Assert.Contains("Kế hoạch 180/KH-UBND", html);
        Assert.Contains("tỉnh Bắc Kạn cũ", html);
        Assert.Contains("Huyện Chợ Đồn", html);
        await (await shared.App.Client().GetAsync("/dashboard")).ExpectProblemAsync(HttpStatusCode.BadRequest, "province");
    }
}

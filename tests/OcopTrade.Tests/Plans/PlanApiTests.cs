using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Plans;

[Collection(SharedAppCollection.Name)]
public class PlanApiTests(SharedApp shared)
{
    private readonly HttpClient _admin = shared.App.Client();

    private async Task<HttpClient> DepartmentAsync(string province) =>
        shared.App.Client(await _admin.IssueKeyAsync(new JsonObject { ["role"] = "department", ["province"] = province }));

    private static string Q(string s) => Uri.EscapeDataString(s);

    [Fact]
    public async Task The_seed_plans_are_there_at_start_and_Bac_Kan_rolls_into_Thai_Nguyen()
    {
        var laiChau = await (await (await DepartmentAsync("Lai Châu")).GetAsync("/api/plans?year=2025")).ExpectAsync(HttpStatusCode.OK);
        var plan = Assert.Single(laiChau["items"]!.AsArray())!;
        Assert.Equal("1426/KH-UBND", plan["number"]!.GetValue<string>());
        Assert.Equal("seed", plan["source"]!.GetValue<string>());
        var growth = plan["targets"]!.AsArray().Single(t => t!["metric"]!.GetValue<string>() == "revenueGrowthPercent")!;
        Assert.Equal((5m, 10m), (growth["min"]!.GetValue<decimal>(), growth["max"]!.GetValue<decimal>()));
        Assert.Equal(70m, plan["targets"]!.AsArray().Single(t => t!["metric"]!.GetValue<string>() == "modernChannelParticipationPercent")!["min"]!.GetValue<decimal>());

        // Thái Nguyên's department holds Bắc Kạn's history: its 2024 plan, with appendices 1 and 2 for 8 districts.
        var thaiNguyen = await DepartmentAsync("Thái Nguyên");
        var current = await (await thaiNguyen.GetAsync("/api/plans?year=2024")).ExpectAsync(HttpStatusCode.OK);
        var bacKan = Assert.Single(current["items"]!.AsArray())!;
        Assert.Equal("Bắc Kạn", bacKan["province"]!.GetValue<string>());
        Assert.Equal("Thái Nguyên", bacKan["currentProvince"]!.GetValue<string>());
        var districts = bacKan["targets"]!.AsArray().Where(t => t!["level"]!.GetValue<string>() == "district").ToList();
        Assert.Equal(8, districts.Select(t => t!["unit"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(20m, districts.Where(t => t!["metric"]!.GetValue<string>() == "newProducts3Stars").Sum(t => t!["min"]!.GetValue<decimal>()));
        Assert.Equal(25m, districts.Where(t => t!["metric"]!.GetValue<string>() == "subjectsInLinkage").Sum(t => t!["min"]!.GetValue<decimal>()));
        Assert.Equal(3m, districts.Single(t => t!["metric"]!.GetValue<string>() == "newProducts3Stars" && t["unit"]!.GetValue<string>() == "Huyện Chợ Đồn")!["min"]!.GetValue<decimal>());
        var recorded = await (await thaiNguyen.GetAsync("/api/plans?year=2024&units=asRecorded")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(recorded["items"]!.AsArray());

        var anGiang = await (await _admin.GetAsync($"/api/plans?province={Q("An Giang")}&year=2024")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("441/KH-UBND", Assert.Single(anGiang["items"]!.AsArray())!["number"]!.GetValue<string>());
        var langSon = await (await _admin.GetAsync($"/api/plans?province={Q("Lạng Sơn")}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2025, Assert.Single(langSon["items"]!.AsArray())!["year"]!.GetValue<int>());

        // A department sees no other province's plans.
        await (await thaiNguyen.GetAsync($"/api/plans?province={Q("Lai Châu")}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_department_enters_its_plan_once_and_bad_plans_change_nothing()
    {
        var province = "Tỉnh Kế Hoạch " + Guid.NewGuid().ToString("N")[..8];
        var department = await DepartmentAsync(province);
        var plan = PlanFixture.Plan(province, 2026, "12/KH-UBND",
            PlanFixture.Target("newProducts3Stars", 10), PlanFixture.Target("revenueGrowthPercent", 5, 10),
            PlanFixture.Target("newProducts3Stars", 2, level: "commune", unit: "Xã Bình Lư"));
        var created = await (await department.PostAsync("/api/plans", Api.JsonBody(plan))).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(3, created["targets"]!.AsArray().Count);
        Assert.Equal(province, created["targets"]![0]!["unit"]!.GetValue<string>());
        // A retry is the same plan; the same number with other targets is refused.
        Assert.Equal(created["id"]!.GetValue<string>(), (await (await department.PostAsync("/api/plans", Api.JsonBody(plan))).ExpectAsync(HttpStatusCode.OK))["id"]!.GetValue<string>());
        var changed = PlanFixture.Plan(province, 2026, "12/KH-UBND", PlanFixture.Target("newProducts3Stars", 11));
        await (await department.PostAsync("/api/plans", Api.JsonBody(changed))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "number");

        await (await department.PostAsync("/api/plans", Api.JsonBody(PlanFixture.Plan(province, 2026, "13/KH-UBND", PlanFixture.Target("revenueGrowthPercent", 5)))))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "targets[0].max");
        await (await department.PostAsync("/api/plans", Api.JsonBody(PlanFixture.Plan(province, 2026, "13/KH-UBND", PlanFixture.Target("totalOcopProducts", 5, level: "district", unit: "Huyện Tam Đường")))))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "targets[0].level");
        await (await department.PostAsync("/api/plans", Api.JsonBody(PlanFixture.Plan(province, 2026, "13/KH-UBND", PlanFixture.Target("modernChannelParticipationPercent", 170)))))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "targets[0].min");
        await (await department.PostAsync("/api/plans", Api.JsonBody(PlanFixture.Plan(province, 2026, "13/KH-UBND", PlanFixture.Target("stars", 5)))))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "targets[0].metric");
        await (await department.PostAsync("/api/plans", Api.JsonBody(PlanFixture.Plan("Lai Châu", 2026, "13/KH-UBND", PlanFixture.Target("totalOcopProducts", 5)))))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        var listed = await (await department.GetAsync("/api/plans")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["12/KH-UBND"], listed["items"]!.AsArray().Select(p => p!["number"]!.GetValue<string>()));

        // Corrections replace the plan under the ETag that was read; a stale or missing one changes nothing.
        var url = "/api/plans/" + created["id"]!.GetValue<string>();
        var read = await department.GetAsync(url);
        await read.ExpectAsync(HttpStatusCode.OK);
        await (await department.PutAsync(url, changed, null)).ExpectProblemAsync(HttpStatusCode.PreconditionRequired);
        var replaced = await (await department.PutAsync(url, changed, read.Etag())).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(11m, Assert.Single(replaced["targets"]!.AsArray())!["min"]!.GetValue<decimal>());
        await (await department.PutAsync(url, plan, read.Etag())).ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        var renumbered = PlanFixture.Plan(province, 2026, "14/KH-UBND", PlanFixture.Target("newProducts3Stars", 11));
        await (await department.PutAsync(url, renumbered, (await department.GetAsync(url)).Etag())).ExpectProblemAsync(HttpStatusCode.BadRequest, "number");
        Assert.Equal(11m, (await (await department.GetAsync(url)).ExpectAsync(HttpStatusCode.OK))["targets"]![0]!["min"]!.GetValue<decimal>());
        await (await (await DepartmentAsync("Lai Châu")).GetAsync(url)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Plans_import_from_CSV_and_XLSX_all_or_nothing()
    {
        var province = "Tỉnh Nhập " + Guid.NewGuid().ToString("N")[..8];
        var department = await DepartmentAsync(province);
        var header = "province,year,number,title,issuedBy,metric,level,unit,min,max,note\r\n";
        string Row(string number, string metric, string level, string unit, string min, string max = "") =>
            $"{province},2024,{number},Kế hoạch,UBND,{metric},{level},{unit},{min},{max},\r\n";
        var bad = header + Row("1/KH", "newProducts3Stars", "province", province, "20") + Row("1/KH", "stars", "district", "Huyện Chợ Đồn", "3");
        var refused = await (await department.PostAsync("/api/plans/import", new StringContent(bad, Encoding.UTF8, "text/csv"))).ExpectProblemAsync(HttpStatusCode.BadRequest, "rows[3].metric");
        Assert.Empty((await (await department.GetAsync("/api/plans")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray());

        var good = header + Row("1/KH", "newProducts3Stars", "province", province, "20") + Row("1/KH", "newProducts3Stars", "district", "Huyện Chợ Đồn", "3")
            + Row("2/KH", "revenueGrowthPercent", "province", "", "5", "10");
        var imported = await (await department.PostAsync("/api/plans/import", new StringContent(good, Encoding.UTF8, "text/csv"))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["created", "created"], imported["plans"]!.AsArray().Select(p => p!["outcome"]!.GetValue<string>()));
        Assert.Equal(["unchanged", "unchanged"], (await (await department.PostAsync("/api/plans/import", new StringContent(good, Encoding.UTF8, "text/csv"))).ExpectAsync(HttpStatusCode.OK))["plans"]!.AsArray().Select(p => p!["outcome"]!.GetValue<string>()));

        // The same table as an XLSX workbook, written by MiniExcel as a spreadsheet program would save it.
        using var xlsx = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(xlsx, new[]
        {
            new Dictionary<string, object> { ["province"] = province, ["year"] = 2024, ["number"] = "3/KH", ["metric"] = "productsWithTraceability", ["level"] = "district", ["unit"] = "Huyện Ba Bể", ["min"] = 5 },
            new Dictionary<string, object> { ["province"] = province, ["year"] = 2024, ["number"] = "3/KH", ["metric"] = "subjectsInLinkage", ["level"] = "district", ["unit"] = "Huyện Ba Bể", ["min"] = 4 },
        });
        var content = new ByteArrayContent(xlsx.ToArray());
        content.Headers.ContentType = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        await (await department.PostAsync("/api/plans/import", content)).ExpectAsync(HttpStatusCode.OK);
        var plans = await (await department.GetAsync("/api/plans?year=2024")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["1/KH", "2/KH", "3/KH"], plans["items"]!.AsArray().Select(p => p!["number"]!.GetValue<string>()));
        var third = plans["items"]![2]!["targets"]!.AsArray();
        Assert.Equal([5m, 4m], third.Select(t => t!["min"]!.GetValue<decimal>()));
        await (await department.PostAsync("/api/plans/import", new StringContent("<plans/>", Encoding.UTF8, "application/xml"))).ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        var garbage = new ByteArrayContent("PK not really a workbook"u8.ToArray());
        garbage.Headers.ContentType = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        await (await department.PostAsync("/api/plans/import", garbage)).ExpectProblemAsync(HttpStatusCode.BadRequest, "body");
    }
}

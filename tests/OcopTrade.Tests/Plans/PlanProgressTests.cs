using System.Net;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Plans;

/// <summary>Progress, product reports and the certificate watch on <see cref="PlanFixture"/>'s hand-computed province.</summary>
[Collection(SharedAppCollection.Name)]
public class PlanProgressTests(SharedApp shared)
{
    private static JsonNode Find(JsonArray targets, string metric, string level = "province") =>
        targets.Single(t => t!["metric"]!.GetValue<string>() == metric && t["level"]!.GetValue<string>() == level)!;

    [Fact]
    public async Task Progress_is_computed_from_certificates_batches_and_revenue()
    {
        var f = await new PlanFixture(shared.App).BuildAsync();
        await (await f.Department.PostAsync("/api/plans", Api.JsonBody(PlanFixture.Plan(f.Province, 2025, "7/KH-UBND",
            PlanFixture.Target("newProducts3Stars", 1), PlanFixture.Target("recertifiedProducts", 1), PlanFixture.Target("totalOcopProducts", 3),
            PlanFixture.Target("productsWithTraceability", 1), PlanFixture.Target("subjectsInLinkage", 1),
            PlanFixture.Target("modernChannelParticipationPercent", 70), PlanFixture.Target("revenueGrowthPercent", 5, 10),
            PlanFixture.Target("newProducts3Stars", 2, level: "district", unit: "Huyện Một"))))).ExpectAsync(HttpStatusCode.Created);

        var report = await (await f.Department.GetAsync("/api/reports/plan-progress?year=2025")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("2025-12-31", report["asOf"]!.GetValue<string>());
        var targets = Assert.Single(report["plans"]!.AsArray())!["targets"]!.AsArray();
        (decimal? Actual, bool? Met) Of(string metric, string level = "province")
        {
            var t = Find(targets, metric, level);
            return (t["actual"]?.GetValue<decimal>(), t["met"]?.GetValue<bool>());
        }
        Assert.Equal((1m, true), Of("newProducts3Stars"));
        Assert.Equal((1m, true), Of("recertifiedProducts"));
        // P1, P2 and P4 (certified late 2023, valid until next month); P3 expired in 2024.
        Assert.Equal((3m, true), Of("totalOcopProducts"));
        Assert.Equal(100m, Find(targets, "totalOcopProducts")["percentOfTarget"]!.GetValue<decimal>());
        Assert.Equal((1m, true), Of("productsWithTraceability"));
        // Counted from confirmed deals (none here); the revenue-channel proxy stays beside it, labelled as a proxy,
        // and each answer says exactly what it counted.
        Assert.Equal((0m, false), Of("subjectsInLinkage"));
        Assert.Matches(@"^0 of the 4 subjects recorded in the unit have a deal \(contract or purchase order\) "
            + @"confirmed .*2025-01\.\.2025-12\.$",
            Find(targets, "subjectsInLinkage")["basis"]!.GetValue<string>());
        Assert.Equal(2m, Find(targets, "subjectsInLinkage")["proxyActual"]!.GetValue<decimal>());
        Assert.Matches(@"^A proxy, not a count of linkage contracts: 2 of the \d+ subjects recorded in the unit had "
            + @"revenue above 0 VND in 2025-01\.\.2025-12 through supermarket, convenienceStore, ocopPoint, agent, "
            + @"export\.$",
            Find(targets, "subjectsInLinkage")["proxyBasis"]!.GetValue<string>());
        // A sold in a supermarket; B and D, certified too, did not sell through a modern channel: 1 of 3.
        Assert.Equal((33.33m, false), Of("modernChannelParticipationPercent"));
        Assert.Equal((15m, false), Of("revenueGrowthPercent"));

        // The department's export carries the same figures on its "against targets" sheet.
        var csv = await (await f.Department.GetAsync("/api/reports/export.csv?sheet=targets&year=2025")).Content.ReadAsStringAsync();
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(10, lines.Length); // header, the plan's eight targets and the linkage proxy's row
        Assert.Contains($"7/KH-UBND,Tỉnh,{f.Province},Tổng số sản phẩm OCOP,3,,3,Có,100,", csv);
        Assert.Contains("7/KH-UBND,Huyện,Huyện Một,Sản phẩm mới đạt 3 sao trở lên,2,,1,Không,50,", csv);
        Assert.Contains($"7/KH-UBND,Tỉnh,{f.Province},Tăng trưởng doanh thu qua kênh phân phối,5,10,15,Không,,", csv);
        Assert.Equal((1m, false), Of("newProducts3Stars", "district"));

        // The first half: P2 re-certified in February, P1 new in March; the lot (June) and A's May sale fall in it too.
        var half = await (await f.Department.GetAsync("/api/reports/plan-progress?year=2025&half=1")).ExpectAsync(HttpStatusCode.OK);
        var halfTargets = half["plans"]![0]!["targets"]!.AsArray();
        Assert.Equal("2025-06", half["to"]!.GetValue<string>());
        Assert.Equal(1m, Find(halfTargets, "recertifiedProducts")["actual"]!.GetValue<decimal>());
        Assert.Equal(50m, Find(halfTargets, "newProducts3Stars", "district")["percentOfTarget"]!.GetValue<decimal>());
        Assert.Equal(15m, Find(halfTargets, "revenueGrowthPercent")["actual"]!.GetValue<decimal>());

        await (await f.Department.GetAsync("/api/reports/plan-progress")).ExpectProblemAsync(HttpStatusCode.BadRequest, "year");
        await (await f.Department.GetAsync("/api/reports/plan-progress?year=2025&half=3")).ExpectProblemAsync(HttpStatusCode.BadRequest, "half");
        await (await f.ProducerA.GetAsync("/api/reports/plan-progress?year=2025")).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Products_by_stars_and_group_and_the_certifications_of_a_period()
    {
        var f = await new PlanFixture(shared.App).BuildAsync();
        var year = await (await f.Department.GetAsync("/api/reports/products?year=2025")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(3, year["productsTotal"]!.GetValue<int>()); // P1, P2, P4 (its 2023 certificate held in 2025); P3 expired in 2024
        Assert.Equal(1, year["newlyCertified"]!.GetValue<int>());
        Assert.Equal(1, year["recertified"]!.GetValue<int>());
        var kinds = year["certifications"]!.AsArray().ToDictionary(c => c!["productId"]!.GetValue<string>(), c => c!["kind"]!.GetValue<string>());
        Assert.Equal(new Dictionary<string, string> { [f.P1] = "new", [f.P2] = "recertified" }, kinds);
        var stars = Assert.Single(year["byStars"]!.AsArray())!;
        Assert.Equal((4, 3), (stars["stars"]!.GetValue<int>(), stars["count"]!.GetValue<int>()));
        Assert.Equal("beverages", Assert.Single(year["byGroup"]!.AsArray())!["group"]!.GetValue<string>());

        var recorded = await (await f.Department.GetAsync("/api/reports/products?year=2025&units=asRecorded")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["Huyện Hai", "Huyện Một"], recorded["byUnit"]!.AsArray().Select(u => u!["district"]!.GetValue<string>()).Order());
        var own = await (await f.ProducerA.GetAsync("/api/reports/products?from=2025-01&to=2025-06")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, own["productsTotal"]!.GetValue<int>());
        await (await f.ProducerA.GetAsync($"/api/reports/products?year=2025&producerId={f.B}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await f.Department.GetAsync("/api/reports/products?year=2025&units=everything")).ExpectProblemAsync(HttpStatusCode.BadRequest, "units");
    }

    [Fact]
    public async Task The_watch_lists_expiring_and_expired_certificates_for_the_department_and_the_producer()
    {
        var f = await new PlanFixture(shared.App).BuildAsync();
        var list = await (await f.Department.GetAsync("/api/reports/certificates")).ExpectAsync(HttpStatusCode.OK);
        var states = list["items"]!.AsArray().ToDictionary(i => i!["productId"]!.GetValue<string>(), i => i!["state"]!.GetValue<string>());
        Assert.Equal(new Dictionary<string, string> { [f.P3] = "expired", [f.P4] = "expiring" }, states);
        var expiring = list["items"]!.AsArray().Single(i => i!["productId"]!.GetValue<string>() == f.P4)!;
        Assert.Equal(30, expiring["daysLeft"]!.GetValue<int>());
        Assert.Equal(1, list["expiring"]!.GetValue<int>());
        Assert.NotNull(list["watchedAt"]);
        var onlyExpiring = await (await f.Department.GetAsync("/api/reports/certificates?state=expiring")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([f.P4], onlyExpiring["items"]!.AsArray().Select(i => i!["productId"]!.GetValue<string>()));

        // A producer sees its own certificates only.
        var producerD = shared.App.Client(await shared.App.Client().ProducerKeyAsync(f.D));
        var own = await (await producerD.GetAsync("/api/reports/certificates")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([f.P4], own["items"]!.AsArray().Select(i => i!["productId"]!.GetValue<string>()));
        Assert.Empty((await (await f.ProducerA.GetAsync("/api/reports/certificates")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray());

        // Re-certified, the mark goes at the next run.
        var read = await shared.App.Client().GetAsync($"/api/products/{f.P3}");
        var edit = Api.ProductEdit(e =>
        {
            e["name"] = "Miến Dong Ba";
            e["certificate"] = new JsonObject { ["number"] = "9/QĐ-UBND", ["issueDate"] = "2026-01-20", ["issuingLevel"] = "province" };
            e.Remove("gtin");
        });
        await (await shared.App.Client().PutAsync($"/api/products/{f.P3}", edit, read.Etag())).ExpectAsync(HttpStatusCode.OK);
        await PlanFixture.InvokeWatchAsync(shared.App);
        var after = await (await f.Department.GetAsync("/api/reports/certificates")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([f.P4], after["items"]!.AsArray().Select(i => i!["productId"]!.GetValue<string>()));
        await (await f.Department.GetAsync("/api/reports/certificates?state=valid")).ExpectProblemAsync(HttpStatusCode.BadRequest, "state");
    }

    [Fact]
    public async Task History_recorded_in_Bac_Kan_rolls_into_Thai_Nguyen_or_shows_as_recorded()
    {
        var admin = shared.App.Client();
        var producer = Api.Producer("Bắc Kạn");
        producer["district"] = "Huyện Chợ Đồn";
        producer["commune"] = "Xã Bằng Lãng";
        var producerId = (await (await admin.PostAsync("/api/producers", Api.JsonBody(producer))).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var product = Api.Product(producerId, "2024-05-10");
        product.Remove("gtin");
        var productId = (await (await admin.PostAsync("/api/products", Api.JsonBody(product))).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        await PlanFixture.InvokeWatchAsync(shared.App);

        var thaiNguyen = shared.App.Client(await admin.IssueKeyAsync(new JsonObject { ["role"] = "department", ["province"] = "Thái Nguyên" }));
        JsonNode Mine(JsonObject report) => report["certifications"]!.AsArray().Single(c => c!["productId"]!.GetValue<string>() == productId)!;
        var current = await (await thaiNguyen.GetAsync("/api/reports/products?year=2024")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Thái Nguyên", current["province"]!.GetValue<string>());
        Assert.Equal(("Thái Nguyên", "new"), (Mine(current)["province"]!.GetValue<string>(), Mine(current)["kind"]!.GetValue<string>()));
        var recorded = await (await thaiNguyen.GetAsync("/api/reports/products?year=2024&units=asRecorded")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("Bắc Kạn", "Huyện Chợ Đồn"), (Mine(recorded)["province"]!.GetValue<string>(), Mine(recorded)["district"]!.GetValue<string>()));

        // The 2024 seed plan of Bắc Kạn counts it for Chợ Đồn, labelled by today's province or as the plan named it.
        JsonNode ChoDon(JsonObject report) => report["plans"]!.AsArray().Single(p => p!["number"]!.GetValue<string>() == "180/KH-UBND")!["targets"]!.AsArray()
            .Single(t => t!["metric"]!.GetValue<string>() == "newProducts3Stars" && t["unit"]!.GetValue<string>() == "Huyện Chợ Đồn")!;
        var progress = await (await thaiNguyen.GetAsync("/api/reports/plan-progress?year=2024")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Thái Nguyên (Huyện Chợ Đồn)", ChoDon(progress)["label"]!.GetValue<string>());
        Assert.Equal(1m, ChoDon(progress)["actual"]!.GetValue<decimal>());
        Assert.Equal(3m, ChoDon(progress)["min"]!.GetValue<decimal>());
        var asRecorded = await (await thaiNguyen.GetAsync("/api/reports/plan-progress?year=2024&units=asRecorded")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Huyện Chợ Đồn", ChoDon(asRecorded)["label"]!.GetValue<string>());

        var langSon = shared.App.Client(await admin.IssueKeyAsync(new JsonObject { ["role"] = "department", ["province"] = "Lạng Sơn" }));
        await (await langSon.GetAsync($"/api/reports/products?year=2024&province={Uri.EscapeDataString("Bắc Kạn")}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await langSon.GetAsync($"/api/reports/products?year=2024&producerId={producerId}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}

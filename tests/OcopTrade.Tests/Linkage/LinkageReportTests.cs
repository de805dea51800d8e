using System.Net;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Plans;
using OcopTrade.Tests.Support;
using OcopTrade.Tests.TradeEvents;

namespace OcopTrade.Tests.Linkage;

/// <summary>One province worked out by hand, in the current year Y:
/// A: two confirmed deals overlapping Y (one at the province's fair), 120 000 000 + 80 000 000.
/// B: one deal awaiting confirmation and one disputed: neither counts.
/// C: a confirmed deal for Y-1 only: counts in Y-1, not in Y.
/// One enquiry to A, sent at the fair.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class LinkageReportTests(SharedApp shared)
{
    private OcopApp App => shared.App;

    private sealed record Province(LinkageParties A, int Year, string FairId);

    private async Task<Province> BuildAsync()
    {
        var a = await LinkageSetup.BuildAsync(App);
        var y = LinkageSetup.Today(App).Year;
        var (fairId, _) = await EventWorld.Of(App, a.Province, a.Department).CreateEventAsync();
        await LinkageSetup.ConfirmedDealAsync(a, LinkageSetup.Deal(buyerId: a.BuyerId, value: 120_000_000,
            from: $"{y}-01-01", to: $"{y}-06-30"));
        await LinkageSetup.ConfirmedDealAsync(a, LinkageSetup.Deal(buyerId: a.BuyerId, value: 80_000_000,
            from: $"{y}-03-01", to: $"{y + 1}-02-28", eventId: fairId));
        var enquiry = LinkageSetup.Enquiry(a.ProductId);
        enquiry["eventId"] = fairId;
        await (await a.Buyer.PostAsync("/api/enquiries", Api.JsonBody(enquiry))).ExpectAsync(HttpStatusCode.Created);

        var b = await OtherProducerAsync(a);
        await (await b.PostAsync("/api/deals", Api.JsonBody(LinkageSetup.Deal(buyerId: a.BuyerId, from: $"{y}-05-01",
            to: $"{y}-05-31"))))
            .ExpectAsync(HttpStatusCode.Created);
        var disputed = await b.PostAsync("/api/deals", Api.JsonBody(LinkageSetup.Deal(buyerId: a.BuyerId,
            from: $"{y}-05-01", to: $"{y}-05-31")));
        var disputedId = (await disputed.ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        await (await LinkageSetup.PostAsync(a.Buyer, $"/api/deals/{disputedId}/decision",
            new JsonObject { ["status"] = "disputed", ["reason"] = "Chưa ký" },
                disputed.Etag())).ExpectAsync(HttpStatusCode.OK);

        var c = a with { Producer = await OtherProducerAsync(a) };
        await LinkageSetup.ConfirmedDealAsync(c, LinkageSetup.Deal(buyerId: a.BuyerId, value: 5_000_000,
            from: $"{y - 1}-01-01", to: $"{y - 1}-12-31"));
        return new Province(a, y, fairId);
    }

    private async Task<HttpClient> OtherProducerAsync(LinkageParties a)
    {
        var admin = App.Client();
        return App.Client(await admin.ProducerKeyAsync(await admin.CreateProducerAsync(a.Province)));
    }

    [Fact]
    public async Task Subjects_in_linkage_count_producers_with_a_confirmed_deal_overlapping_the_period_once()
    {
        var (a, y, fairId) = await BuildAsync();
        var report = await (await a.Department.GetAsync($"/api/reports/linkage?year={y}"))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, report["subjectsInLinkage"]!.GetValue<int>()); // A, once for its two deals
        Assert.Equal((4, 1, 1, 2), (report["dealsRecorded"]!.GetValue<int>(),
            report["dealsAwaitingConfirmation"]!.GetValue<int>(),
            report["dealsDisputed"]!.GetValue<int>(), report["dealsConfirmed"]!.GetValue<int>()));
        Assert.Equal(200_000_000, report["confirmedValueVnd"]!.GetValue<long>());
        Assert.Equal(1, report["enquiries"]!.GetValue<int>());
        var fair = Assert.Single(report["byEvent"]!.AsArray())!;
        Assert.Equal((fairId, 1, 1, 80_000_000L), (fair["eventId"]!.GetValue<string>(),
            fair["enquiries"]!.GetValue<int>(),
            fair["dealsConfirmed"]!.GetValue<int>(), fair["confirmedValueVnd"]!.GetValue<long>()));

        // The year before: only C's deal overlaps it.
        var before = await (await a.Department.GetAsync($"/api/reports/linkage?year={y - 1}"))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((1, 5_000_000L, 0), (before["subjectsInLinkage"]!.GetValue<int>(),
            before["confirmedValueVnd"]!.GetValue<long>(),
            before["enquiries"]!.GetValue<int>()));
        // A producer sees its own figures; another department, nothing of this province.
        var own = await (await a.Producer.GetAsync($"/api/reports/linkage?year={y}&producerId={a.ProducerId}"))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, own["dealsConfirmed"]!.GetValue<int>());
        var stranger = App.Client(await App.Client().IssueKeyAsync(new JsonObject
        {
            ["role"] = "department",
            ["province"] = "Tỉnh Khác Hẳn"
        }));
        await (await stranger.GetAsync($"/api/reports/linkage?year={y}&province={Uri.EscapeDataString(a.Province)}"))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_plan_metric_counts_confirmed_deals_and_keeps_the_revenue_proxy_beside_it()
    {
        var (a, y, _) = await BuildAsync();
        await (await a.Department.PostAsync("/api/plans", Api.JsonBody(PlanFixture.Plan(a.Province, y, "9/KH-LK",
            PlanFixture.Target("subjectsInLinkage", 1))))).ExpectAsync(HttpStatusCode.Created);
        var progress = await (await a.Department.GetAsync($"/api/reports/plan-progress?year={y}"))
            .ExpectAsync(HttpStatusCode.OK);
        var target = Assert.Single(progress["plans"]![0]!["targets"]!.AsArray())!;
        Assert.Equal((1m, true, 0m), (target["actual"]!.GetValue<decimal>(), target["met"]!.GetValue<bool>(),
            target["proxyActual"]!.GetValue<decimal>()));
        Assert.StartsWith("1 of the 3 subjects recorded in the unit have a deal", target["basis"]!.GetValue<string>());
        Assert.StartsWith("A proxy, not a count of linkage contracts", target["proxyBasis"]!.GetValue<string>());

        var sheet = await (await a.Department.GetAsync($"/api/reports/export.csv?sheet=linkage&year={y}"))
            .Content.ReadAsStringAsync();
        Assert.Contains($"Cả kỳ {y}-01…{y}-12,1,0,4,1,1,2,200000000,1", sheet);
        Assert.Contains($"Sự kiện Hội chợ OCOP {a.Province},1,,,,,1,80000000,1", sheet);
        var targets = await (await a.Department.GetAsync($"/api/reports/export.csv?sheet=targets&year={y}"))
            .Content.ReadAsStringAsync();
        Assert.Contains("Chủ thể tham gia liên kết sản xuất, tiêu thụ (ước tính theo kênh doanh thu)", targets);

        var dashboard = await (await a.Department.GetAsync($"/dashboard?year={y}")).Content.ReadAsStringAsync();
        Assert.Contains("<div class=\"kpi\" id=\"linkage\"><small>Chủ thể liên kết sản xuất, tiêu thụ "
            + "(có hợp đồng đã xác nhận)</small><b>1</b>", dashboard);
    }

    [Fact]
    public async Task An_events_results_count_the_enquiries_and_confirmed_deals_made_there_against_its_target()
    {
        var (a, _, fairId) = await BuildAsync();
        var results = await (await a.Department.GetAsync($"/api/events/{fairId}/results"))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, results["enquiries"]!["value"]!.GetValue<long>());
        Assert.Equal((1L, 1L, 100.0), (results["deals"]!["value"]!.GetValue<long>(),
            results["deals"]!["target"]!.GetValue<long>(), results["deals"]!["percent"]!.GetValue<double>()));
        Assert.Equal(80_000_000, results["dealValueVnd"]!["value"]!.GetValue<long>());

        // A deal can name only an event of its producer's province that was held, or it would count nowhere.
        var elsewhere = LinkageSetup.Deal(buyerId: a.BuyerId, eventId: "nosuchevent0");
        await (await a.Producer.PostAsync("/api/deals", Api.JsonBody(elsewhere)))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "eventId");
    }
}

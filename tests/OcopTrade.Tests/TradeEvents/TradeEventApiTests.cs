using System.Net;
using System.Text.Json.Nodes;
using OcopTrade.Functions.TradeEvents;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.TradeEvents;

[Collection(SharedAppCollection.Name)]
public class TradeEventApiTests(SharedApp shared)
{
    private Task<EventWorld> WorldAsync() => EventWorld.StartAsync(shared.App);

    [Fact]
    public async Task A_department_creates_events_of_its_own_province_only()
    {
        var world = await WorldAsync();
        var (id, _) = await world.CreateEventAsync();
        var read = await (await world.Department.GetAsync($"/api/events/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("fair", read["kind"]!.GetValue<string>());
        Assert.Equal(7_000_000, read["targets"]!["revenueVnd"]!.GetValue<long>());

        var other = await WorldAsync();
        await (await other.Department.GetAsync($"/api/events/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(id, await (await other.Department.GetAsync("/api/events")).Content.ReadAsStringAsync());
        await (await other.Department.PostAsync("/api/events", Api.JsonBody(world.EventBody())))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "province");
        var exhibitor = await world.ExhibitorAsync();
        await (await exhibitor.Client.PostAsync("/api/events", Api.JsonBody(world.EventBody())))
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Bad_event_input_is_a_problem_naming_the_field()
    {
        var world = await WorldAsync();
        await (await world.Department.PostAsync("/api/events", Api.JsonBody("{\"name\": "))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await world.Department.PostAsync("/api/events", new StringContent("name=x")))
            .ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        var body = world.EventBody();
        body["stallCount"] = 0;
        body["to"] = "2020-01-01";
        var problem = await (await world.Department.PostAsync("/api/events", Api.JsonBody(body)))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "stallCount");
        Assert.True(problem["errors"]!.AsObject().ContainsKey("to"));
        Assert.Empty(await (await world.Department.GetAsync("/api/events")).ExpectArrayAsync());
    }

    [Fact]
    public async Task An_event_is_replaced_only_with_the_etag_last_read_and_its_stalls_move_with_its_days()
    {
        var world = await WorldAsync();
        var (id, etag) = await world.CreateEventAsync();
        var (salesPointId, _) = await world.AcceptedAsync(await world.ExhibitorAsync(), id, 1);
        var later = world.EventBody(startsIn: 10);
        await (await world.Department.PutAsync($"/api/events/{id}", later, null)).ExpectProblemAsync(HttpStatusCode.PreconditionRequired);
        await (await world.Department.PutAsync($"/api/events/{id}", later, "\"stale\"")).ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        var moved = await world.Department.PutAsync($"/api/events/{id}", later, etag);
        await moved.ExpectAsync(HttpStatusCode.OK);
        await (await world.Department.PutAsync($"/api/events/{id}", later, etag)).ExpectProblemAsync(HttpStatusCode.PreconditionFailed);

        var stall = await (await world.Admin.GetAsync($"/api/sales-points/{salesPointId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(later["from"]!.GetValue<string>(), stall["validFrom"]!.GetValue<string>());
        Assert.Equal(id, stall["eventId"]!.GetValue<string>());
        var fewer = world.EventBody(stalls: 0 + 1, startsIn: 10);
        fewer["stallCount"] = 0;
        await (await world.Department.PutAsync($"/api/events/{id}", fewer, moved.Etag())).ExpectProblemAsync(HttpStatusCode.BadRequest, "stallCount");
    }

    [Fact]
    public async Task A_producer_applies_once_with_its_own_published_products()
    {
        var world = await WorldAsync();
        var (id, _) = await world.CreateEventAsync();
        var exhibitor = await world.ExhibitorAsync();
        Assert.Contains(id, await (await exhibitor.Client.GetAsync("/api/events")).Content.ReadAsStringAsync());

        var first = await EventWorld.ApplyAsync(exhibitor.Client, id, "key-1", exhibitor.ProductId);
        var applied = await first.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("submitted", applied["status"]!.GetValue<string>());
        var retried = await (await EventWorld.ApplyAsync(exhibitor.Client, id, "key-1", exhibitor.ProductId)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(applied["id"]!.GetValue<string>(), retried["id"]!.GetValue<string>());
        var second = await EventWorld.ApplyAsync(exhibitor.Client, id, "key-2", exhibitor.ProductId);
        await second.ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(first.Headers.Location, second.Headers.Location);

        var other = await world.ExhibitorAsync();
        await (await EventWorld.ApplyAsync(other.Client, id, "k", exhibitor.ProductId)).ExpectProblemAsync(HttpStatusCode.BadRequest, "productIds");
        var draft = (await (await other.Client.PostAsync("/api/products", Api.JsonBody(Api.Product())))
            .ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        await (await EventWorld.ApplyAsync(other.Client, id, "k", draft)).ExpectProblemAsync(HttpStatusCode.BadRequest, "productIds");
        var mine = await (await other.Client.GetAsync($"/api/events/{id}/applications")).ExpectArrayAsync();
        Assert.Empty(mine); // nothing was recorded, and another producer's application is not shown
    }

    [Fact]
    public async Task A_producer_of_another_province_does_not_see_the_event()
    {
        var world = await WorldAsync();
        var (id, _) = await world.CreateEventAsync();
        var stranger = await (await WorldAsync()).ExhibitorAsync();
        await (await EventWorld.ApplyAsync(stranger.Client, id, "k", stranger.ProductId)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_cancelled_event_refuses_applications_and_keeps_everything()
    {
        var world = await WorldAsync();
        var (id, _) = await world.CreateEventAsync();
        var exhibitor = await world.ExhibitorAsync();
        var (appId, _) = await world.AppliedAsync(exhibitor, id);
        await (await world.Department.PostAsync($"/api/events/{id}/cancel", Api.JsonBody(new JsonObject())))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "reason");
        var reason = Api.JsonBody(new JsonObject { ["reason"] = "Mưa bão" });
        var cancelled = await (await world.Department.PostAsync($"/api/events/{id}/cancel", reason)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("cancelled", cancelled["status"]!.GetValue<string>());
        Assert.Equal("Mưa bão", cancelled["cancelReason"]!.GetValue<string>());

        var late = await world.ExhibitorAsync();
        var refused = await (await EventWorld.ApplyAsync(late.Client, id, "k", late.ProductId)).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("cancelled", refused["detail"]!.GetValue<string>());
        var read = await (await world.Department.GetAsync($"/api/events/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Quảng trường trung tâm", read["place"]!.GetValue<string>());
        var applications = await (await world.Department.GetAsync($"/api/events/{id}/applications")).ExpectArrayAsync();
        Assert.Equal(appId, Assert.Single(applications)!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_event_not_open_refuses_applications()
    {
        var world = await WorldAsync();
        var (id, _) = await world.CreateEventAsync(world.EventBody(status: "closed"));
        var exhibitor = await world.ExhibitorAsync();
        var read = await (await world.Department.GetAsync($"/api/events/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("closed", read["status"]!.GetValue<string>());
        await (await EventWorld.ApplyAsync(exhibitor.Client, id, "k", exhibitor.ProductId)).ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_department_declines_with_a_reason_and_accepts_with_a_free_stall()
    {
        var world = await WorldAsync();
        var (id, _) = await world.CreateEventAsync(world.EventBody(stalls: 1));
        var (first, etag) = await world.AppliedAsync(await world.ExhibitorAsync(), id);
        await (await world.DecideAsync(id, first, etag, new JsonObject { ["accepted"] = false }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "reason");
        await (await world.DecideAsync(id, first, null, new JsonObject { ["accepted"] = true, ["stall"] = 1 }))
            .ExpectProblemAsync(HttpStatusCode.PreconditionRequired);
        await (await world.DecideAsync(id, first, "\"stale\"", new JsonObject { ["accepted"] = true, ["stall"] = 1 }))
            .ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        await (await world.DecideAsync(id, first, etag, new JsonObject { ["accepted"] = true, ["stall"] = 2 }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "stall");
        var other = await WorldAsync();
        await (await world.DecideAsync(id, first, etag, new JsonObject { ["accepted"] = true, ["stall"] = 1 }, other.Department))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        var accepted = await (await world.DecideAsync(id, first, etag, new JsonObject { ["accepted"] = true, ["stall"] = 1 }))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, accepted["stall"]!.GetValue<int>());

        var (second, secondEtag) = await world.AppliedAsync(await world.ExhibitorAsync(), id);
        await (await world.DecideAsync(id, second, secondEtag, new JsonObject { ["accepted"] = true, ["stall"] = 1 }))
            .ExpectProblemAsync(HttpStatusCode.Conflict);
        var declined = await (await world.DecideAsync(id, second, secondEtag,
            new JsonObject { ["accepted"] = false, ["reason"] = "Hết gian hàng" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("declined", declined["status"]!.GetValue<string>());
        var kept = await (await world.Department.GetAsync($"/api/events/{id}/applications/{second}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Hết gian hàng", kept["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_producer_withdraws_only_before_the_decision()
    {
        var world = await WorldAsync();
        var (id, _) = await world.CreateEventAsync();
        var exhibitor = await world.ExhibitorAsync();
        var (appId, etag) = await world.AppliedAsync(exhibitor, id);
        var withdraw = $"/api/events/{id}/applications/{appId}/withdraw";
        await (await (await world.ExhibitorAsync()).Client.PostAsync(withdraw, null)).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("withdrawn", (await (await exhibitor.Client.PostAsync(withdraw, null)).ExpectAsync(HttpStatusCode.OK))["status"]!.GetValue<string>());
        await (await exhibitor.Client.PostAsync(withdraw, null)).ExpectAsync(HttpStatusCode.OK);
        var current = (await world.Department.GetAsync($"/api/events/{id}/applications/{appId}")).Etag();
        await (await world.DecideAsync(id, appId, current, new JsonObject { ["accepted"] = true, ["stall"] = 1 }))
            .ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_sale_at_an_event_stall_is_fair_revenue_of_the_event_and_the_trace_page_names_the_event()
    {
        var world = await WorldAsync();
        var (id, _) = await world.CreateEventAsync();
        var exhibitor = await world.ExhibitorAsync();
        var (stall, till) = await world.AcceptedAsync(exhibitor, id, 2);
        var sold = await (await EventWorld.SellAsync(till, stall, exhibitor.Code, "fair-1")).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(700_000, sold["sale"]!["amountVnd"]!.GetValue<long>());

        var year = world.Today.Year;
        var report = await (await world.Department.GetAsync($"/api/reports/revenue?producerId={exhibitor.ProducerId}&year={year}"))
            .ExpectAsync(HttpStatusCode.OK);
        var fair = report["byChannel"]!.AsArray().Single(c => c!["channel"]!.GetValue<string>() == "fair")!;
        Assert.Equal(700_000, fair["revenueVnd"]!.GetValue<long>());
        var entries = await (await world.Admin.GetAsync($"/api/revenue?producerId={exhibitor.ProducerId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(id, Assert.Single(entries["items"]!.AsArray())!["eventId"]!.GetValue<string>());

        var page = await (await shared.App.Client(null).GetAsync($"/t/{exhibitor.Code}")).Content.ReadAsStringAsync();
        Assert.Contains($"<p>Đã bán tại Hội chợ OCOP {world.Province}</p>", page);
        var results = await (await world.Department.GetAsync($"/api/events/{id}/results")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(700_000, results["revenueVnd"]!["value"]!.GetValue<long>());
        Assert.Equal(10, results["revenueVnd"]!["percent"]!.GetValue<double>());
        Assert.Equal(1, results["sales"]!["value"]!.GetValue<long>());
        Assert.Equal(1, results["scans"]!["value"]!.GetValue<long>()); // the page view above, during the event's days
        Assert.Equal(new[] { 1L, 2L, 50L }, new[] { results["producers"]!["value"]!.GetValue<long>(),
            results["producers"]!["target"]!.GetValue<long>(), (long)results["producers"]!["percent"]!.GetValue<double>() });

        // The export's events sheet carries the same results, for the months the event's days fall in.
        var months = $"from={world.Today.AddDays(-1):yyyy-MM}&to={world.Today.AddDays(1):yyyy-MM}";
        var sheet = await (await world.Department.GetAsync($"/api/reports/export.csv?sheet=events&{months}"))
            .Content.ReadAsStringAsync();
        var row = Assert.Single(sheet.Split('\n'), l => l.StartsWith("Hội chợ OCOP " + world.Province, StringComparison.Ordinal));
        Assert.Contains(",1,2,1,4,1,2,700000,7000000,1,1,0,0,1,0", row);

        // And the department's dashboard lists the event with its revenue against the target.
        var dashboard = await world.Department.GetStringAsync($"/dashboard?year={world.Today.Year}");
        var section = dashboard[dashboard.IndexOf("id=\"events\"", StringComparison.Ordinal)..];
        Assert.Contains($"Hội chợ OCOP {world.Province}", section);
        Assert.Contains("700.000 ₫ / 7.000.000 ₫", section);
    }

    [Fact]
    public async Task An_event_stall_refuses_another_producers_product_and_sales_outside_the_events_days()
    {
        var world = await WorldAsync();
        var (id, _) = await world.CreateEventAsync();
        var exhibitor = await world.ExhibitorAsync();
        var neighbour = await world.ExhibitorAsync();
        var (stall, till) = await world.AcceptedAsync(exhibitor, id, 1);
        await (await EventWorld.SellAsync(till, stall, neighbour.Code, "n-1")).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "code");

        var (future, _) = await world.CreateEventAsync(world.EventBody(startsIn: 5));
        var (early, earlyTill) = await world.AcceptedAsync(await world.ExhibitorAsync(), future, 1);
        var own = await (await world.Department.GetAsync($"/api/sales-points/{early}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("fairStall", own["kind"]!.GetValue<string>());
        var products = await (await world.Department.GetAsync($"/api/events/{future}/applications")).ExpectArrayAsync();
        var exhibitorOfFuture = products[0]!["producerId"]!.GetValue<string>();
        Assert.Equal(exhibitorOfFuture, own["producerId"]!.GetValue<string>());
        var sales = new Azure.Data.Tables.TableClient(shared.Storage.ConnectionString, "Sales");
        await (await EventWorld.SellAsync(earlyTill, early, exhibitor.Code, "e-1")).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "code");
        var count = 0;
        await foreach (var _ in sales.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == stall || e.PartitionKey == early)) count++;
        Assert.Equal(0, count);
    }

    [Fact]
    public async Task Results_are_for_the_events_department_only()
    {
        var world = await WorldAsync();
        var (id, _) = await world.CreateEventAsync();
        var exhibitor = await world.ExhibitorAsync();
        await (await exhibitor.Client.GetAsync($"/api/events/{id}/results")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await (await WorldAsync()).Department.GetAsync($"/api/events/{id}/results")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var results = await (await world.Admin.GetAsync($"/api/events/{id}/results")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, results["stalls"]!["value"]!.GetValue<long>());
        Assert.Equal(2, results["stalls"]!["target"]!.GetValue<long>());
    }
}

internal static class EventAnswers
{
    public static async Task<JsonArray> ExpectArrayAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsArray();
    }
}

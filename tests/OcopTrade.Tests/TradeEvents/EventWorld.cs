using System.Net;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.TradeEvents;

/// <summary>An event of a province of its own (so tests sharing the app do not see each other's events), its
/// department, and producers of that province with published, labelled products.</summary>
internal sealed class EventWorld(OcopApp app, string province)
{
    public HttpClient Admin { get; } = app.Client();
    public HttpClient Department { get; private set; } = null!;
    public string Province => province;

    public static async Task<EventWorld> StartAsync(OcopApp app)
    {
        var world = new EventWorld(app, "Tỉnh Thử " + Guid.NewGuid().ToString("N")[..8]);
        world.Department = app.Client(await world.Admin.IssueKeyAsync(
            new JsonObject { ["role"] = "department", ["province"] = world.Province }));
        return world;
    }

    /// <summary>The world of a province whose department another test already holds.</summary>
    public static EventWorld Of(OcopApp app, string province, HttpClient department) =>
        new(app, province) { Department = department };

    public DateOnly Today => DateOnly.FromDateTime(app.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).DateTime);

    public JsonObject EventBody(int stalls = 2, int startsIn = -1, int days = 3, string status = "open") => new()
    {
        ["kind"] = "fair", ["name"] = "Hội chợ OCOP " + province, ["from"] = Day(startsIn),
        ["to"] = Day(startsIn + days - 1), ["placeKind"] = "inProvince", ["place"] = "Quảng trường trung tâm",
        ["organiser"] = "Sở Công Thương", ["province"] = province, ["stallCount"] = stalls,
        ["support"] = "Miễn phí gian hàng", ["status"] = status,
        ["targets"] = new JsonObject { ["producers"] = 2, ["products"] = 4, ["revenueVnd"] = 7_000_000, ["deals"] = 1 },
    };

    private string Day(int offset) => Today.AddDays(offset).ToString("yyyy-MM-dd");

    public async Task<(string Id, string ETag)> CreateEventAsync(JsonObject? body = null)
    {
        var response = await Department.PostAsync("/api/events", Api.JsonBody(body ?? EventBody()));
        var created = await response.ExpectAsync(HttpStatusCode.Created);
        return (created["id"]!.GetValue<string>(), response.Etag());
    }

    /// <summary>A producer of the province with one published product carrying a lot of 100.</summary>
    public async Task<Exhibitor> ExhibitorAsync(string? email = null)
    {
        var producer = Api.Producer(province);
        if (email is not null) producer["email"] = email;
        var producerId = (await (await Admin.PostAsync("/api/producers", Api.JsonBody(producer)))
            .ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var client = app.Client(await Admin.ProducerKeyAsync(producerId));
        var productId = (await (await client.PostAsync("/api/products", Api.JsonBody(Api.Product())))
            .ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        await (await client.PostAsync($"/api/products/{productId}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        var code = (await (await client.PostAsync($"/api/products/{productId}/batches", Api.JsonBody(new JsonObject
        {
            ["lotNumber"] = "H1", ["productionDate"] = "2026-10-01", ["bestBefore"] = "2027-10-01", ["quantity"] = 100,
        }))).ExpectAsync(HttpStatusCode.Created))["traceCode"]!.GetValue<string>();
        return new Exhibitor(producerId, client, productId, code);
    }

    public static Task<HttpResponseMessage> ApplyAsync(HttpClient producer, string eventId, string key,
        params string[] productIds)
    {
        var post = new HttpRequestMessage(HttpMethod.Post, $"/api/events/{eventId}/applications")
        {
            Content = Api.JsonBody(new JsonObject { ["productIds"] = new JsonArray([.. productIds.Select(p => JsonValue.Create(p))]) }),
        };
        post.Headers.Add("Idempotency-Key", key);
        return producer.SendAsync(post);
    }

    public async Task<(string Id, string ETag)> AppliedAsync(Exhibitor exhibitor, string eventId)
    {
        var response = await ApplyAsync(exhibitor.Client, eventId, Guid.NewGuid().ToString(), exhibitor.ProductId);
        return ((await response.ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>(), response.Etag());
    }

    public Task<HttpResponseMessage> DecideAsync(string eventId, string appId, string? etag, JsonObject decision,
        HttpClient? by = null)
    {
        var post = new HttpRequestMessage(HttpMethod.Post, $"/api/events/{eventId}/applications/{appId}/decision")
        {
            Content = Api.JsonBody(decision),
        };
        if (etag is not null) post.Headers.IfMatch.Add(System.Net.Http.Headers.EntityTagHeaderValue.Parse(etag));
        return (by ?? Department).SendAsync(post);
    }

    /// <summary>Accepted at <paramref name="stall"/>, with the till's key of that stall.</summary>
    public async Task<(string SalesPointId, HttpClient Till)> AcceptedAsync(Exhibitor exhibitor, string eventId, int stall)
    {
        var (appId, etag) = await AppliedAsync(exhibitor, eventId);
        var accepted = await (await DecideAsync(eventId, appId, etag, new JsonObject { ["accepted"] = true, ["stall"] = stall }))
            .ExpectAsync(HttpStatusCode.OK);
        var key = await (await Department.PostAsync($"/api/events/{eventId}/applications/{appId}/stall-key", null))
            .ExpectAsync(HttpStatusCode.Created);
        return (accepted["salesPointId"]!.GetValue<string>(), app.Client(key["key"]!.GetValue<string>()));
    }

    public static Task<HttpResponseMessage> SellAsync(HttpClient till, string salesPointId, string code, string id) =>
        till.PostAsync($"/api/sales-points/{salesPointId}/scans", Api.JsonBody(new JsonObject
        {
            ["id"] = id, ["code"] = code, ["kind"] = "sale", ["quantity"] = 2, ["unitPrice"] = 350_000,
        }));
}

internal sealed record Exhibitor(string ProducerId, HttpClient Client, string ProductId, string Code);

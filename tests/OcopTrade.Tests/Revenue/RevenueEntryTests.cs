using System.Net;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Revenue;

[Collection(SharedAppCollection.Name)]
public class RevenueEntryTests(SharedApp shared)
{
    private readonly HttpClient _admin = shared.App.Client();

    public static JsonObject Entry(string producerId, string channel, string month, long amountVnd, string? marketplace = null, string? id = null) => new()
    {
        ["id"] = id ?? Guid.NewGuid().ToString(),
        ["producerId"] = producerId,
        ["channel"] = channel,
        ["marketplace"] = marketplace,
        ["month"] = month,
        ["amountVnd"] = amountVnd,
        ["quantity"] = 10,
    };

    /// <summary>Posts an entry that must be created.</summary>
    public static async Task<JsonObject> RecordAsync(HttpClient client, JsonObject entry) =>
        await (await client.PostAsync("/api/revenue", Api.JsonBody(entry))).ExpectAsync(HttpStatusCode.Created);

    [Fact]
    public async Task An_entry_is_recorded_once_per_id_and_a_reused_id_is_refused()
    {
        var producerId = await _admin.CreateProducerAsync();
        var producer = shared.App.Client(await _admin.ProducerKeyAsync(producerId));
        var entry = Entry(producerId, "ecommerce", "2025-04", 1_250_000, "tiktokShop");

        var created = await (await producer.PostAsync("/api/revenue", Api.JsonBody(entry))).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(entry["id"]!.GetValue<string>(), created["id"]!.GetValue<string>());
        Assert.Equal("tiktokShop", created["marketplace"]!.GetValue<string>());
        Assert.Equal(1_250_000, created["amountVnd"]!.GetValue<long>());
        Assert.Equal("2025-04", created["month"]!.GetValue<string>());

        var replay = await (await producer.PostAsync("/api/revenue", Api.JsonBody(entry))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(created.ToJsonString(), replay.ToJsonString());

        entry["amountVnd"] = 9_999;
        await (await producer.PostAsync("/api/revenue", Api.JsonBody(entry))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "id");

        var list = await (await producer.GetAsync("/api/revenue")).ExpectAsync(HttpStatusCode.OK);
        var only = Assert.Single(list["items"]!.AsArray());
        Assert.Equal(1_250_000, only!["amountVnd"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("channel", "\"hypermarket\"")]
    [InlineData("marketplace", "null")] // e-commerce must say which marketplace
    [InlineData("month", "\"2025-13\"")]
    [InlineData("month", "\"2025-4\"")]
    [InlineData("amountVnd", "-5")]
    [InlineData("amountVnd", "12.5")]
    [InlineData("id", "\"has space\"")]
    [InlineData("quantity", "null")]
    public async Task Bad_fields_are_named_and_nothing_is_written(string field, string json)
    {
        var producerId = await _admin.CreateProducerAsync();
        var entry = Entry(producerId, "ecommerce", "2025-04", 100_000, "shopee");
        entry[field] = JsonNode.Parse(json);
        await (await _admin.PostAsync("/api/revenue", Api.JsonBody(entry))).ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        var list = await (await _admin.GetAsync($"/api/revenue?producerId={producerId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(list["items"]!.AsArray());
    }

    [Fact]
    public async Task Producers_touch_only_their_own_and_departments_only_their_province()
    {
        var mine = await _admin.CreateProducerAsync("Lai Châu");
        var other = await _admin.CreateProducerAsync("Bắc Kạn");
        var producer = shared.App.Client(await _admin.ProducerKeyAsync(mine));
        var department = shared.App.Client(await _admin.IssueKeyAsync(new JsonObject { ["role"] = "department", ["province"] = "Tỉnh Lai Châu" }));

        await (await producer.PostAsync("/api/revenue", Api.JsonBody(Entry(other, "fair", "2025-01", 1)))).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await producer.GetAsync($"/api/revenue?producerId={other}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await department.PostAsync("/api/revenue", Api.JsonBody(Entry(other, "fair", "2025-01", 1)))).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await department.PostAsync("/api/revenue", Api.JsonBody(Entry(mine, "fair", "2025-01", 1)))).ExpectAsync(HttpStatusCode.Created);
        await (await department.GetAsync($"/api/reports/revenue?province=B%E1%BA%AFc%20K%E1%BA%A1n&year=2025")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await producer.PostAsync("/api/revenue/rebuild-rollups", null)).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_correction_replaces_an_entry_without_overwriting_it()
    {
        var producerId = await _admin.CreateProducerAsync();
        var first = Entry(producerId, "supermarket", "2025-05", 1_800_000);
        await (await _admin.PostAsync("/api/revenue", Api.JsonBody(first))).ExpectAsync(HttpStatusCode.Created);
        var fix = Entry(producerId, "supermarket", "2025-05", 1_080_000);
        fix["replaces"] = first["id"]!.GetValue<string>();
        await (await _admin.PostAsync("/api/revenue", Api.JsonBody(fix))).ExpectAsync(HttpStatusCode.Created);

        var again = Entry(producerId, "supermarket", "2025-05", 1);
        again["replaces"] = first["id"]!.GetValue<string>();
        await (await _admin.PostAsync("/api/revenue", Api.JsonBody(again))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "replaces");
        var missing = Entry(producerId, "supermarket", "2025-05", 1);
        missing["adjusts"] = "no-such-entry";
        await (await _admin.PostAsync("/api/revenue", Api.JsonBody(missing))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "adjusts");

        // The audit trail: both entries stay, the old one says what replaced it.
        var items = (await (await _admin.GetAsync($"/api/revenue?producerId={producerId}")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray();
        Assert.Equal(2, items.Count);
        var old = items.Single(i => i!["id"]!.GetValue<string>() == first["id"]!.GetValue<string>())!;
        Assert.Equal(1_800_000, old["amountVnd"]!.GetValue<long>());
        Assert.Equal(fix["id"]!.GetValue<string>(), old["replacedBy"]!.GetValue<string>());

        var report = await (await _admin.GetAsync($"/api/reports/revenue?producerId={producerId}&year=2025")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1_080_000, report["revenueVnd"]!.GetValue<long>());
    }
}

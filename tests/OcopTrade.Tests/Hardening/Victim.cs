using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Images;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Hardening;

/// <summary>One producer's whole world in Lai Châu (record, draft product, lot, photo, sales point, revenue entry,
/// import, key), built through the API, and the same names pointing at nothing: what the abuse tests attack.</summary>
public sealed record Victim(IReadOnlyDictionary<string, string> Ids, string TraceCode, string ProducerKey)
{
    public const string Province = "Lai Châu";

    /// <summary>Replaces <c>{producer}</c>, <c>{product}</c>, <c>{batch}</c>, <c>{image}</c>, <c>{salesPoint}</c>,
    /// <c>{import}</c>, <c>{key}</c> and <c>{code}</c> in a route or body.</summary>
    public string Fill(string template)
    {
        foreach (var (name, id) in Ids) template = template.Replace("{" + name + "}", id);
        return template.Replace("{code}", TraceCode);
    }

    /// <summary>Ids shaped like real ones that name nothing: what an attacker sees for those must not differ.</summary>
    public Victim Missing() => new(Ids.ToDictionary(i => i.Key, i => i.Key == "key" ? "0123456789abcdef" : Functions.Platform.Ids.New()), TraceCode, ProducerKey);

    public static async Task<Victim> CreateAsync(OcopApp app)
    {
        var admin = app.Client();
        var producerId = await admin.CreateProducerAsync(Province);
        var key = await admin.ProducerKeyAsync(producerId);
        var keyId = (await (await admin.PostAsync("/api/keys", Api.JsonBody(new JsonObject { ["role"] = "producer", ["producerId"] = producerId })))
            .ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var producer = app.Client(key);
        var productId = (await (await producer.PostAsync("/api/products", Api.JsonBody(Api.Product()))).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var batch = await (await producer.PostAsync($"/api/products/{productId}/batches", Api.JsonBody(Lot()))).ExpectAsync(HttpStatusCode.Created);
        var imageId = (await (await producer.PostAsync($"/api/products/{productId}/images", Photo())).ExpectAsync(HttpStatusCode.Accepted))["id"]!.GetValue<string>();
        var salesPointId = await admin.CreateSalesPointAsync(Province);
        await (await producer.PostAsync("/api/revenue", Api.JsonBody(Revenue(producerId, "victim-1")))).ExpectAsync(HttpStatusCode.Created);
        var import = await producer.PostAsync("/api/revenue/imports", new StringContent(
            $"id,producerId,channel,month,amountVnd,quantity\r\nvictim-import-1,{producerId},fair,2025-02,200000,2\r\n", Encoding.UTF8, "text/csv"));
        var importId = (await import.ExpectAsync(HttpStatusCode.Accepted))["id"]!.GetValue<string>();

        // Background work settles first, so that "nothing changed" compares like with like.
        await Eventually.HoldsAsync(async () => await (await producer.GetAsync($"/api/revenue/imports/{importId}")).ReadObjectAsync(),
            s => s["status"]!.GetValue<string>() is "completed" or "rejected", because: "the victim's import finishes");
        await Eventually.HoldsAsync(async () => await (await producer.GetAsync($"/api/products/{productId}/images")).Content.ReadAsStringAsync(),
            s => !s.Contains("\"pending\""), because: "the victim's photo is processed");

        return new Victim(new Dictionary<string, string>
        {
            ["producer"] = producerId, ["product"] = productId, ["batch"] = batch["id"]!.GetValue<string>(), ["image"] = imageId,
            ["salesPoint"] = salesPointId, ["import"] = importId, ["key"] = keyId,
        }, batch["traceCode"]!.GetValue<string>(), key);
    }

    /// <summary>An upload body: a small JPEG unless told otherwise.</summary>
    public static ByteArrayContent Photo(byte[]? bytes = null, string type = "image/jpeg")
    {
        var content = new ByteArrayContent(bytes ?? TestImages.Jpeg());
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    public static JsonObject Lot() => new()
    {
        ["lotNumber"] = "L2026-11A", ["productionDate"] = "2026-10-01", ["bestBefore"] = "2027-10-01", ["quantity"] = 500,
        ["originArea"] = "Vùng chè cổ thụ Tả Phìn", ["originCommune"] = "Xã Tả Phìn", ["notes"] = "Vụ xuân",
    };

    public static JsonObject Revenue(string producerId, string id) => new()
    {
        ["id"] = id, ["producerId"] = producerId, ["channel"] = "supermarket", ["month"] = "2025-01", ["amountVnd"] = 1_000_000, ["quantity"] = 10,
    };

    /// <summary>Everything the owner can read of their world, as the owner (admin for the sales point) reads it.</summary>
    public async Task<string> SnapshotAsync(OcopApp app)
    {
        var owner = app.Client(ProducerKey);
        var admin = app.Client();
        var reads = new[]
        {
            (owner, "/api/producers/{producer}"), (owner, "/api/products/{product}"), (owner, "/api/products/{product}/batches"),
            (owner, "/api/products/{product}/images"), (owner, "/api/revenue?producerId={producer}"),
            (owner, "/api/revenue/imports/{import}"), (owner, "/api/reports/revenue?producerId={producer}&year=2025"),
            (admin, "/api/sales-points/{salesPoint}"), (admin, "/api/trace/flags?days=30"),
        };
        var snapshot = new StringBuilder();
        foreach (var (client, path) in reads)
        {
            var response = await client.GetAsync(Fill(path));
            snapshot.Append($"{path} {(int)response.StatusCode} {response.Headers.ETag}\n{await response.Content.ReadAsStringAsync()}\n");
        }
        return snapshot.ToString();
    }
}

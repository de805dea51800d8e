using System.Net;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Traceability.Resolver;

/// <summary>A published product with a GTIN of its own (so no other test's product answers for it) and its lots.
/// </summary>
public sealed class ResolverSetup(OcopApp app, HttpClient producer, string productId, string gtin13, string slug)
{
    public string Gtin13 => gtin13;
    public string Gtin14 => "0" + gtin13;
    public string Slug => slug;
    public HttpClient Producer => producer;

    public static async Task<ResolverSetup> PublishedAsync(OcopApp app, string name = "Chè Shan Tuyết Tả Phìn")
    {
        var admin = app.Client();
        var producer = app.Client(await admin.ProducerKeyAsync(await admin.CreateProducerAsync()));
        var gtin13 = NewGtin13();
        var product = Api.Product();
        product["name"] = name;
        product["gtin"] = gtin13;
        var created = await (await producer.PostAsync("/api/products", Api.JsonBody(product)))
            .ExpectAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<string>();
        var published = await (await producer.PostAsync($"/api/products/{id}/publish", null))
            .ExpectAsync(HttpStatusCode.OK);
        return new ResolverSetup(app, producer, id, gtin13, published["slug"]!.GetValue<string>());
    }

    /// <summary>A new lot: its trace code (ungrouped), the label's URL and the URL its QR code carries.</summary>
    public async Task<(string Code, string LabelUrl, string TraceUrl)> LotAsync(string lot)
    {
        var batch = await (await producer.PostAsync($"/api/products/{productId}/batches", Api.JsonBody(new JsonObject
        {
            ["lotNumber"] = lot, ["productionDate"] = "2026-10-01", ["bestBefore"] = "2027-10-01", ["quantity"] = 500,
        }))).ExpectAsync(HttpStatusCode.Created);
        return (batch["traceCode"]!.GetValue<string>().Replace("-", ""), batch["labelUrl"]!.GetValue<string>(),
            batch["traceUrl"]!.GetValue<string>());
    }

    /// <summary>A client that shows redirects instead of following them.</summary>
    public HttpClient Resolver() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };

    /// <summary>A GS1 Vietnam (893) GTIN-13 with a correct check digit.</summary>
    private static string NewGtin13()
    {
        var body = "893" + Random.Shared.NextInt64(0, 1_000_000_000).ToString("D9");
        return body + OcopTrade.Functions.Products.Gtin.CheckDigit(body);
    }
}

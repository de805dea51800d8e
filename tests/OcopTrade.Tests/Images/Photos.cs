using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Images;

/// <summary>What a producer's app does with photos, as the tests need it: a product of its own, uploads, the list.</summary>
public sealed class Photos(OcopApp app, HttpClient producer, string productId)
{
    public HttpClient Producer { get; } = producer;
    public string ProductId { get; } = productId;
    public string Base => $"/api/products/{ProductId}/images";

    public static async Task<Photos> ForNewProductAsync(OcopApp app, string province = "Lai Châu")
    {
        var admin = app.Client();
        var producerId = await admin.CreateProducerAsync(province);
        var producer = app.Client(await admin.ProducerKeyAsync(producerId));
        var product = await (await producer.PostAsync("/api/products", Api.JsonBody(Api.Product()))).ExpectAsync(HttpStatusCode.Created);
        return new Photos(app, producer, product["id"]!.GetValue<string>());
    }

    public async Task<string> UploadAsync(byte[] bytes, string contentType = "image/jpeg")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return (await (await Producer.PostAsync(Base, content)).ExpectAsync(HttpStatusCode.Accepted))["id"]!.GetValue<string>();
    }

    public async Task<JsonArray> ListAsync(HttpClient? client = null)
    {
        var response = await (client ?? Producer).GetAsync(Base);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
    }

    public async Task<JsonObject> WaitProcessedAsync(string imageId) =>
        await Eventually.HoldsAsync(async () => (await ListAsync()).Single(i => i!["id"]!.GetValue<string>() == imageId)!.AsObject(),
            image => image["status"]!.GetValue<string>() != "pending", because: "the photo is processed");

    public async Task<string> UploadProcessedAsync(byte[] bytes, string contentType = "image/jpeg")
    {
        var id = await UploadAsync(bytes, contentType);
        Assert.Equal("ready", (await WaitProcessedAsync(id))["status"]!.GetValue<string>());
        return id;
    }

    public Task<HttpResponseMessage> PatchAsync(string imageId, string json, HttpClient? client = null) =>
        (client ?? Producer).PatchAsync($"{Base}/{imageId}", Api.JsonBody(json));

    public Task<HttpResponseMessage> ReorderAsync(IEnumerable<string> ids, HttpClient? client = null) =>
        (client ?? Producer).PutAsync($"{Base}/order", Api.JsonBody(new JsonObject { ["imageIds"] = new JsonArray([.. ids.Select(i => JsonValue.Create(i))]) }));

    public static IEnumerable<string> Ids(JsonArray list) => list.Select(i => i!["id"]!.GetValue<string>());

    public static string Str(JsonNode? node, string name) => node![name]!.GetValue<string>();

    public OcopApp App { get; } = app;
}

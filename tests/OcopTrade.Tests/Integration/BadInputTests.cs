using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Integration;

/// <summary>Every hostile or careless body gets a 4xx problem naming the field, and leaves no product behind.</summary>
[Collection(SharedAppCollection.Name)]
public class BadInputTests(SharedApp shared)
{
    public static TheoryData<string, string, string> Bodies()
    {
        static string With(string field, JsonNode? value)
        {
            var body = Api.Product();
            body.Remove("producerId");
            body[field] = value;
            return body.ToJsonString();
        }
        static string WithCertificate(string field, JsonNode? value)
        {
            var body = Api.Product();
            body.Remove("producerId");
            body["certificate"]![field] = value;
            return body.ToJsonString();
        }
        return new()
        {
            { "malformed JSON", """{"name": "Chè", "group": "food" """, "body" },
            { "a JSON array", """[1,2,3]""", "body" },
            { "an empty body", "", "body" },
            { "an unknown field", With("colour", "xanh"), "colour" },
            { "a read-only field", With("status", "published"), "status" },
            { "a string for a number", With("priceVnd", "350000"), "priceVnd" },
            { "a fractional price", With("priceVnd", 350000.5), "priceVnd" },
            { "a negative price", With("priceVnd", -1), "priceVnd" },
            { "a zero price", With("priceVnd", 0), "priceVnd" },
            { "a negative stock", With("stock", -1), "stock" },
            { "a fractional stock", With("stock", 1.5), "stock" },
            { "2 stars", With("stars", 2), "stars" },
            { "6 stars", With("stars", 6), "stars" },
            { "an unknown group", With("group", "fruit"), "group" },
            { "a numeric enum", With("group", 1), "group" },
            { "an over-long name", With("name", new string('a', 201)), "name" },
            { "an over-long description", With("description", new string('a', 5001)), "description" },
            { "control characters", With("name", "Chè\u0000"), "name" },
            { "a noncharacter (U+FFFF, which XML forbids)", With("name", "Chè\uFFFF"), "name" },
            { "a noncharacter (U+FDD0)", With("description", "Chè shan tuyết \uFDD0"), "description" },
            { "a noncharacter of plane 1 (U+1FFFF)", With("ingredients", "Búp chè \U0001FFFF"), "ingredients" },
            { "an unpaired surrogate", With("name", "Chè LONE").Replace("LONE", "\\ud800"), "name" },
            { "an invalid GTIN", With("gtin", "8934567890121"), "gtin" },
            { "a certificate dated tomorrow", WithCertificate("issueDate", DateTime.UtcNow.AddHours(7).AddDays(1).ToString("yyyy-MM-dd")), "certificate.issueDate" },
            { "a non-date", WithCertificate("issueDate", "15/06/2025"), "certificate.issueDate" },
            { "an unknown standard", With("standards", new JsonArray("iso9999")), "standards[0]" },
        };
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Is_refused_with_the_field_named(string what, string json, string field)
    {
        var (producer, producerId) = await NewProducerAsync();
        var response = await producer.PostAsync("/api/products", new StringContent(json, Encoding.UTF8, "application/json"));
        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.False(string.IsNullOrEmpty(problem["detail"]?.GetValue<string>()), what);
        await AssertNoProductsAsync(producerId);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413()
    {
        var (producer, producerId) = await NewProducerAsync();
        var body = Api.Product();
        body["description"] = new string('a', 100_000);
        await (await PostLargeAsync(producer, Api.JsonBody(body))).ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        // A multi-megabyte body is refused at the server's limit, still with a problem answer.
        var huge = new StringContent("{\"name\":\"" + new string('a', 3 * 1024 * 1024) + "\"}", Encoding.UTF8, "application/json");
        await (await PostLargeAsync(producer, huge)).ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await AssertNoProductsAsync(producerId);
    }

    /// <summary>Sends a large body the way a careful client does (Expect: 100-continue), so the refusal arrives
    /// before the body is pushed into a connection the server is closing.</summary>
    private static Task<HttpResponseMessage> PostLargeAsync(HttpClient client, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/products") { Content = content };
        request.Headers.ExpectContinue = true;
        return client.SendAsync(request);
    }

    [Fact]
    public async Task A_wrong_content_type_is_415()
    {
        var (producer, producerId) = await NewProducerAsync();
        var form = new StringContent(Api.Product().ToJsonString(), Encoding.UTF8, "text/plain");
        await (await producer.PostAsync("/api/products", form)).ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await AssertNoProductsAsync(producerId);
    }

    [Theory]
    [InlineData("stars=abc")]
    [InlineData("group=fruit")]
    [InlineData("certificateState=forever")]
    public async Task A_bad_query_parameter_is_400_problem(string query)
    {
        var response = await shared.App.Client().GetAsync("/api/products?" + query);
        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(query.Split('=')[0], problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Vietnamese_text_round_trips_exactly()
    {
        var (producer, _) = await NewProducerAsync();
        const string name = "Rượu ngô men lá Mẫu Sơn – “đặc sản” Lạng Sơn 🍶";
        var body = Api.Product();
        body["name"] = name;
        var created = await (await producer.PostAsync("/api/products", Api.JsonBody(body))).ExpectAsync(HttpStatusCode.Created);
        var read = await (await producer.GetAsync($"/api/products/{created["id"]}")).ReadObjectAsync();
        Assert.Equal(name, read["name"]!.GetValue<string>());
    }

    private async Task<(HttpClient, string)> NewProducerAsync()
    {
        var admin = shared.App.Client();
        var producerId = await admin.CreateProducerAsync();
        return (shared.App.Client(await admin.ProducerKeyAsync(producerId)), producerId);
    }

    private async Task AssertNoProductsAsync(string producerId)
    {
        var list = await (await shared.App.Client().GetAsync($"/api/products?producerId={producerId}")).ReadObjectAsync();
        Assert.Empty(list["items"]!.AsArray());
    }
}

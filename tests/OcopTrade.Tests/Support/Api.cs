using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace OcopTrade.Tests.Support;

/// <summary>Small helpers that make the API tests read like what a client does.</summary>
public static class Api
{
    public static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent JsonBody(JsonNode node) => JsonBody(node.ToJsonString());

    public static async Task<JsonObject> ReadObjectAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    public static async Task<JsonObject> ExpectAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? [] : JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>A 4xx problem+json that names <paramref name="field"/>.</summary>
    public static async Task<JsonObject> ExpectProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        var problem = await response.ExpectAsync(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrEmpty(problem["title"]?.GetValue<string>()));
        if (field is not null)
            Assert.True(problem["errors"]?.AsObject().ContainsKey(field) == true, $"Problem does not name '{field}': {problem.ToJsonString()}");
        return problem;
    }

    public static JsonObject Producer(string province = "Lai Châu", string taxCode = "0314409058") => new()
    {
        ["legalName"] = "Hợp tác xã Chè Tam Đường",
        ["kind"] = "cooperative",
        ["taxCode"] = taxCode,
        ["province"] = province,
        ["commune"] = "Bình Lư",
        ["address"] = "Bản Nà Hiêng",
        ["phone"] = "0912 345 678",
        ["email"] = "htx.chetamduong@example.vn",
    };

    /// <summary>A complete listing that may be published today.</summary>
    public static JsonObject Product(string? producerId = null, string issueDate = "2025-06-15") => new()
    {
        ["producerId"] = producerId,
        ["name"] = "Chè Shan Tuyết Tả Phìn",
        ["description"] = "Chè shan tuyết cổ thụ hái tay ở độ cao 1.500 m.",
        ["group"] = "beverages",
        ["stars"] = 4,
        ["certificate"] = new JsonObject { ["number"] = "1234/QĐ-UBND", ["issueDate"] = issueDate, ["issuingLevel"] = "province" },
        ["priceVnd"] = 350000,
        ["unit"] = "hộp",
        ["netQuantity"] = "200 g",
        ["shelfLifeDays"] = 540,
        ["ingredients"] = "100% búp chè shan tuyết",
        ["rawMaterialArea"] = "Xã Tả Phìn, huyện Tam Đường",
        ["standards"] = new JsonArray("vietGap", "organic"),
        ["gtin"] = "8934567890120",
    };

    /// <summary>The editable fields of <see cref="Product"/>, as a PUT sends them.</summary>
    public static JsonObject ProductEdit(Action<JsonObject>? change = null)
    {
        var edit = Product();
        edit.Remove("producerId");
        change?.Invoke(edit);
        return edit;
    }

    public static Task<HttpResponseMessage> PutAsync(this HttpClient client, string url, JsonNode body, string? ifMatch)
    {
        var put = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonBody(body) };
        if (ifMatch is not null) put.Headers.IfMatch.Add(System.Net.Http.Headers.EntityTagHeaderValue.Parse(ifMatch));
        return client.SendAsync(put);
    }

    public static async Task<string> CreateProducerAsync(this HttpClient admin, string province = "Lai Châu")
    {
        var created = await (await admin.PostAsync("/api/producers", JsonBody(Producer(province)))).ExpectAsync(HttpStatusCode.Created);
        return created["id"]!.GetValue<string>();
    }

    public static async Task<string> IssueKeyAsync(this HttpClient admin, JsonObject request)
    {
        var issued = await (await admin.PostAsync("/api/keys", JsonBody(request))).ExpectAsync(HttpStatusCode.Created);
        return issued["key"]!.GetValue<string>();
    }

    public static async Task<string> CreateSalesPointAsync(this HttpClient admin, string province = "Lai Châu")
    {
        var created = await (await admin.PostAsync("/api/sales-points", JsonBody(new JsonObject
        {
            ["name"] = "Điểm giới thiệu và bán sản phẩm OCOP Lai Châu", ["kind"] = "ocopShowroom", ["province"] = province,
            ["commune"] = "Phường Tân Phong", ["address"] = "Số 1 Đại lộ Lê Lợi",
        }))).ExpectAsync(HttpStatusCode.Created);
        return created["id"]!.GetValue<string>();
    }

    public static Task<string> SalesPointKeyAsync(this HttpClient admin, string salesPointId) =>
        admin.IssueKeyAsync(new JsonObject { ["role"] = "salesPoint", ["salesPointId"] = salesPointId });

    public static Task<string> ProducerKeyAsync(this HttpClient admin, string producerId) =>
        admin.IssueKeyAsync(new JsonObject { ["role"] = "producer", ["producerId"] = producerId });

    public static string Etag(this HttpResponseMessage response) => response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("No ETag.");
}

using System.Net;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Linkage;

/// <summary>A province of its own with a producer, its published product, a verified buyer, and each one's client.
/// </summary>
public sealed record LinkageParties(
    string Province, string ProducerId, string ProducerKey, HttpClient Producer, string ProductId, string BuyerId,
    string BuyerKey, HttpClient Buyer, HttpClient Department);

public static class LinkageSetup
{
    public static JsonObject BuyerBody(string province, string taxCode = "0100109106") => new()
    {
        ["companyName"] = "Công ty Cổ phần Siêu thị Thử Nghiệm",
        ["kind"] = "supermarketChain",
        ["taxCode"] = taxCode,
        ["province"] = province,
        ["contactName"] = "Nguyễn Thị Mua",
        ["email"] = "mua.hang@example.vn",
        ["phone"] = "0987 654 321",
    };

    public static DateOnly Today(OcopApp app) =>
        DateOnly.FromDateTime(app.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).DateTime);

    public static async Task<JsonObject> RegisterAsync(OcopApp app, string province) =>
        await (await app.Client(null).PostAsync("/api/buyers", Api.JsonBody(BuyerBody(province))))
            .ExpectAsync(HttpStatusCode.Created);

    /// <summary>Registered without a key, verified by the department (with the ETag it read), given a key by
    /// admin.</summary>
    public static async Task<(string Id, string Key)> VerifiedBuyerAsync(OcopApp app, HttpClient department,
        string province)
    {
        var id = (await RegisterAsync(app, province))["id"]!.GetValue<string>();
        var read = await department.GetAsync($"/api/buyers/{id}");
        await (await PostAsync(department, $"/api/buyers/{id}/decision", new JsonObject { ["status"] = "verified" },
            read.Etag())).ExpectAsync(HttpStatusCode.OK);
        var key = await app.Client().IssueKeyAsync(new JsonObject { ["role"] = "buyer", ["buyerId"] = id });
        return (id, key);
    }

    public static async Task<string> PublishedProductAsync(OcopApp app, HttpClient producer, string? name = null)
    {
        var body = Api.Product(issueDate: Today(app).AddMonths(-1).ToString("yyyy-MM-dd"));
        body.Remove("gtin");
        if (name is not null) body["name"] = name;
        var id = (await (await producer.PostAsync("/api/products",
            Api.JsonBody(body))).ExpectAsync(HttpStatusCode.Created))
            ["id"]!.GetValue<string>();
        await (await producer.PostAsync($"/api/products/{id}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        return id;
    }

    public static async Task<LinkageParties> BuildAsync(OcopApp app)
    {
        var province = "Tỉnh Thử Liên Kết " + Guid.NewGuid().ToString("N")[..8];
        var admin = app.Client();
        var department = app.Client(await admin.IssueKeyAsync(new JsonObject
        {
            ["role"] = "department",
            ["province"] = province
        }));
        var producerId = await admin.CreateProducerAsync(province);
        var producerKey = await admin.ProducerKeyAsync(producerId);
        var producer = app.Client(producerKey);
        var productId = await PublishedProductAsync(app, producer);
        var (buyerId, buyerKey) = await VerifiedBuyerAsync(app, department, province);
        return new LinkageParties(province, producerId, producerKey, producer, productId, buyerId, buyerKey,
            app.Client(buyerKey), department);
    }

    /// <summary>A POST with If-Match, as answers and decisions are sent.</summary>
    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, JsonNode body, string? ifMatch)
    {
        var post = new HttpRequestMessage(HttpMethod.Post, url) { Content = Api.JsonBody(body) };
        if (ifMatch is not null) post.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(post);
    }

    public static JsonObject Enquiry(string productId, string kind = "quote", int quantity = 500) => new()
    {
        ["productId"] = productId, ["kind"] = kind, ["quantity"] = quantity,
        ["message"] = "Xin báo giá cho 500 hộp, giao tại Hà Nội.",
    };

    public static async Task<(string Id, string ETag)> SendEnquiryAsync(HttpClient buyer, string productId)
    {
        var response = await buyer.PostAsync("/api/enquiries", Api.JsonBody(Enquiry(productId)));
        var created = await response.ExpectAsync(HttpStatusCode.Created);
        return (created["id"]!.GetValue<string>(), response.Etag());
    }

    public static JsonObject Deal(string? producerId = null, string? buyerId = null, long value = 120_000_000,
        string from = "2025-03-01", string to = "2025-12-31", string? eventId = null) => new()
        {
            ["producerId"] = producerId, ["buyerId"] = buyerId, ["kind"] = "contract", ["valueVnd"] = value,
            ["periodFrom"] = from, ["periodTo"] = to, ["reference"] = "HĐ 12/2025/LK", ["eventId"] = eventId,
        };

    /// <summary>Recorded by the producer and confirmed by the buyer.</summary>
    public static async Task<string> ConfirmedDealAsync(LinkageParties p, JsonObject deal)
    {
        var response = await p.Producer.PostAsync("/api/deals", Api.JsonBody(deal));
        var id = (await response.ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        await (await PostAsync(p.Buyer, $"/api/deals/{id}/decision", new JsonObject { ["status"] = "confirmed" },
            response.Etag())).ExpectAsync(HttpStatusCode.OK);
        return id;
    }
}

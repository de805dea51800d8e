using System.Net;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Integration;

[Collection(SharedAppCollection.Name)]
public class ProductApiTests(SharedApp shared)
{
    private readonly HttpClient _admin = shared.App.Client();

    private async Task<(HttpClient Producer, string ProducerId)> NewProducerAsync(string province = "Lai Châu")
    {
        var producerId = await _admin.CreateProducerAsync(province);
        return (shared.App.Client(await _admin.ProducerKeyAsync(producerId)), producerId);
    }

    [Fact]
    public async Task A_producer_creates_reads_edits_and_publishes_its_listing()
    {
        var (producer, producerId) = await NewProducerAsync();
        var create = await producer.PostAsync("/api/products", Api.JsonBody(Api.Product()));
        var created = await create.ExpectAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<string>();
        Assert.Equal($"/api/products/{id}", create.Headers.Location?.OriginalString);
        Assert.Equal(producerId, created["producerId"]!.GetValue<string>());
        Assert.Equal("draft", created["status"]!.GetValue<string>());
        Assert.Equal("Chè Shan Tuyết Tả Phìn", created["name"]!.GetValue<string>());
        Assert.Equal("2028-06-15", created["certificate"]!["validUntil"]!.GetValue<string>());
        Assert.StartsWith("che-shan-tuyet-ta-phin-", created["slug"]!.GetValue<string>());

        var read = await producer.GetAsync($"/api/products/{id}");
        await read.ExpectAsync(HttpStatusCode.OK);

        var edit = Api.ProductEdit(e => { e["priceVnd"] = 390000; e["name"] = "Chè Shan Tuyết Tả Phìn hộp quà"; });
        var edited = await (await producer.PutAsync($"/api/products/{id}", edit, read.Etag())).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(390000, edited["priceVnd"]!.GetValue<long>());
        Assert.Equal(created["slug"]!.GetValue<string>(), edited["slug"]!.GetValue<string>()); // stable slug

        var published = await (await producer.PostAsync($"/api/products/{id}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("published", published["status"]!.GetValue<string>());

        var page = await shared.App.Client(null).GetAsync($"/p/{created["slug"]}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Chè Shan Tuyết Tả Phìn hộp quà", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Publishing_an_incomplete_listing_says_every_reason()
    {
        var (producer, _) = await NewProducerAsync();
        var id = (await (await producer.PostAsync("/api/products", Api.JsonBody("""{"name":"Miến dong","group":"food"}""")))
            .ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var problem = await (await producer.PostAsync($"/api/products/{id}/publish", null)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        var reasons = problem["errors"]!.AsObject().Select(e => e.Key).Order().ToArray();
        Assert.Equal(["certificate", "description", "netQuantity", "priceVnd", "shelfLifeDays", "stars", "unit"], reasons);
        var after = await (await producer.GetAsync($"/api/products/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("draft", after["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Replacing_without_If_Match_is_428_and_with_a_stale_one_412()
    {
        var (producer, _) = await NewProducerAsync();
        var create = await producer.PostAsync("/api/products", Api.JsonBody(Api.Product()));
        var id = (await create.ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var edit = Api.ProductEdit();
        await (await producer.PutAsync($"/api/products/{id}", edit, ifMatch: null)).ExpectProblemAsync(HttpStatusCode.PreconditionRequired);
        await (await producer.PutAsync($"/api/products/{id}", edit, create.Etag())).ExpectAsync(HttpStatusCode.OK);
        await (await producer.PutAsync($"/api/products/{id}", edit, create.Etag())).ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task Two_concurrent_writers_with_the_same_ETag_one_wins_and_nothing_is_lost_silently()
    {
        var (producer, _) = await NewProducerAsync();
        var create = await producer.PostAsync("/api/products", Api.JsonBody(Api.Product()));
        var id = (await create.ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var etag = create.Etag();

        Task<HttpResponseMessage> WriteAsync(long price) =>
            producer.PutAsync($"/api/products/{id}", Api.ProductEdit(e => e["priceVnd"] = price), etag);

        for (var round = 0; round < 5; round++)
        {
            var current = await producer.GetAsync($"/api/products/{id}");
            etag = current.Etag();
            var results = await Task.WhenAll(WriteAsync(100_000 + round), WriteAsync(200_000 + round));
            var statuses = results.Select(r => r.StatusCode).Order().ToArray();
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], statuses);
            var winner = await results.Single(r => r.StatusCode == HttpStatusCode.OK).ReadObjectAsync();
            var stored = await (await producer.GetAsync($"/api/products/{id}")).ReadObjectAsync();
            Assert.Equal(winner["priceVnd"]!.GetValue<long>(), stored["priceVnd"]!.GetValue<long>());
        }
    }

    [Fact]
    public async Task A_retried_create_with_the_same_Idempotency_Key_makes_one_product()
    {
        var (producer, producerId) = await NewProducerAsync();
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> CreateAsync(JsonObject body)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/products") { Content = Api.JsonBody(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await producer.SendAsync(request);
        }
        var first = await (await CreateAsync(Api.Product())).ExpectAsync(HttpStatusCode.Created);
        var again = await (await CreateAsync(Api.Product())).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(first["id"]!.GetValue<string>(), again["id"]!.GetValue<string>());
        var other = Api.Product();
        other["name"] = "Một sản phẩm khác";
        await (await CreateAsync(other)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "Idempotency-Key");

        var list = await (await producer.GetAsync($"/api/products?producerId={producerId}")).ReadObjectAsync();
        Assert.Single(list["items"]!.AsArray());
    }

    [Fact]
    public async Task Listing_filters_and_pages_with_continuation_tokens()
    {
        var (producer, producerId) = await NewProducerAsync("Bắc Kạn");
        for (var i = 0; i < 5; i++)
        {
            var body = Api.Product();
            body["stars"] = i % 2 == 0 ? 3 : 4;
            body["certificate"]!["issuingLevel"] = i % 2 == 0 ? "district" : "province";
            await (await producer.PostAsync("/api/products", Api.JsonBody(body))).ExpectAsync(HttpStatusCode.Created);
        }
        var threeStar = await (await producer.GetAsync("/api/products?stars=3")).ReadObjectAsync();
        Assert.Equal(3, threeStar["items"]!.AsArray().Count);
        Assert.All(threeStar["items"]!.AsArray(), p => Assert.Equal(3, p!["stars"]!.GetValue<int>()));

        var seen = new HashSet<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var url = $"/api/products?producerId={producerId}&pageSize=2" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token));
            var page = await (await producer.GetAsync(url)).ReadObjectAsync();
            foreach (var item in page["items"]!.AsArray()) Assert.True(seen.Add(item!["id"]!.GetValue<string>()));
            token = page["continuationToken"]?.GetValue<string>();
            pages++;
        } while (token is not null && pages < 10);
        Assert.Equal(5, seen.Count);
        Assert.True(pages >= 3);

        var byProvince = await (await _admin.GetAsync($"/api/products?province={Uri.EscapeDataString("bắc kạn")}&group=beverages&certificateState=valid")).ReadObjectAsync();
        Assert.Equal(5, byProvince["items"]!.AsArray().Count(p => p!["producerId"]!.GetValue<string>() == producerId));
        var expired = await (await _admin.GetAsync($"/api/products?producerId={producerId}&certificateState=expired")).ReadObjectAsync();
        Assert.Empty(expired["items"]!.AsArray());
    }

    [Fact]
    public async Task The_department_revokes_a_certificate_and_the_listing_comes_down()
    {
        var (producer, producerId) = await NewProducerAsync("Lạng Sơn");
        var id = (await (await producer.PostAsync("/api/products", Api.JsonBody(Api.Product()))).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        await (await producer.PostAsync($"/api/products/{id}/publish", null)).ExpectAsync(HttpStatusCode.OK);

        // The producer itself may not revoke.
        await (await producer.PostAsync($"/api/products/{id}/certificate/revocation", Api.JsonBody("""{"reason":"x"}"""))).ExpectProblemAsync(HttpStatusCode.Forbidden);

        var department = shared.App.Client(await _admin.IssueKeyAsync(new JsonObject { ["role"] = "department", ["province"] = "Tỉnh Lạng Sơn" }));
        var revoked = await (await department.PostAsync($"/api/products/{id}/certificate/revocation",
            Api.JsonBody("""{"reason":"Kiểm tra phát hiện vi phạm nhãn mác"}"""))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("suspended", revoked["status"]!.GetValue<string>());
        Assert.Equal("revoked", revoked["certificate"]!["state"]!.GetValue<string>());
        await (await producer.PostAsync($"/api/products/{id}/publish", null)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "certificate");
        Assert.Equal(HttpStatusCode.NotFound, (await shared.App.Client(null).GetAsync($"/p/{revoked["slug"]}")).StatusCode);
    }
}

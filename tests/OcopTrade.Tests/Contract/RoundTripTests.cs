using System.Net;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Images;
using OcopTrade.Tests.Plans;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Contract;

/// <summary>Read-modify-write as clients do it: what GET answered goes back as the PUT (or PATCH) body with its
/// ETag. Read-only members as read are accepted and ignored, a changed one is refused by name, and a stale
/// If-Match is a 412 before anything in the body is looked at.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class RoundTripTests(SharedApp shared)
{
    private readonly HttpClient _admin = shared.App.Client();

    private async Task<(HttpClient Producer, string Url)> NewProductAsync()
    {
        var producerId = await _admin.CreateProducerAsync();
        var producer = shared.App.Client(await _admin.ProducerKeyAsync(producerId));
        var created = await (await producer.PostAsync("/api/products", Api.JsonBody(Api.Product())))
            .ExpectAsync(HttpStatusCode.Created);
        return (producer, "/api/products/" + created["id"]!.GetValue<string>());
    }

    private static async Task<(JsonObject Body, string ETag)> ReadAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        return (await response.ExpectAsync(HttpStatusCode.OK), response.Etag());
    }

    [Fact]
    public async Task A_product_read_and_sent_back_unchanged_is_accepted()
    {
        var (producer, url) = await NewProductAsync();
        var (read, etag) = await ReadAsync(producer, url);
        var put = await producer.PutAsync(url, read, etag);
        var written = await put.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(read["id"]!.GetValue<string>(), written["id"]!.GetValue<string>());
        Assert.Equal(read["certificate"]!["number"]!.GetValue<string>(),
            written["certificate"]!["number"]!.GetValue<string>());
        Assert.NotEqual(etag, put.Etag());
    }

    [Fact]
    public async Task A_product_read_with_one_field_changed_is_stored()
    {
        var (producer, url) = await NewProductAsync();
        var (read, etag) = await ReadAsync(producer, url);
        read["priceVnd"] = 420000;
        read["description"] = "Chè hái tay, sao suốt.";
        await (await producer.PutAsync(url, read, etag)).ExpectAsync(HttpStatusCode.OK);

        var (after, _) = await ReadAsync(producer, url);
        Assert.Equal(420000, after["priceVnd"]!.GetValue<long>());
        Assert.Equal("Chè hái tay, sao suốt.", after["description"]!.GetValue<string>());
        Assert.Equal(read["createdAt"]!.GetValue<string>(), after["createdAt"]!.GetValue<string>());
    }

    public static TheoryData<string, string> ReadOnlyChanges() => new()
    {
        { "id", "\"someone-elses-id\"" },
        { "producerId", "\"another-producer\"" },
        { "province", "\"Hà Giang\"" },
        { "status", "\"published\"" },
        { "slug", "\"a-better-slug\"" },
        { "createdAt", "\"2020-01-01T00:00:00+00:00\"" },
        { "publishedAt", "\"2024-01-01T00:00:00+00:00\"" },
        { "certificate.validUntil", "\"2099-12-31\"" },
        { "certificate.state", "\"expired\"" },
    };

    [Theory]
    [MemberData(nameof(ReadOnlyChanges))]
    public async Task A_read_only_field_sent_changed_is_refused_by_name(string field, string json)
    {
        var (producer, url) = await NewProductAsync();
        var (read, etag) = await ReadAsync(producer, url);
        var value = JsonNode.Parse(json);
        var path = field.Split('.');
        (path.Length == 1 ? read : read[path[0]]!.AsObject())[path[^1]] = value;

        await (await producer.PutAsync(url, read, etag)).ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        var (after, afterETag) = await ReadAsync(producer, url);
        Assert.Equal(etag, afterETag);
        Assert.Equal("draft", after["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Read_only_fields_in_another_spelling_of_the_same_value_are_accepted()
    {
        var (producer, url) = await NewProductAsync();
        var (read, etag) = await ReadAsync(producer, url);
        var created = DateTimeOffset.Parse(read["createdAt"]!.GetValue<string>());
        read["createdAt"] = created.ToOffset(TimeSpan.FromHours(7)).ToString("O");
        await (await producer.PutAsync(url, read, etag)).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_stale_If_Match_with_a_GET_body_is_412()
    {
        var (producer, url) = await NewProductAsync();
        var (read, stale) = await ReadAsync(producer, url);
        var (again, fresh) = await ReadAsync(producer, url);
        again["priceVnd"] = 360000;
        await (await producer.PutAsync(url, again, fresh)).ExpectAsync(HttpStatusCode.OK);

        await (await producer.PutAsync(url, read, stale)).ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(360000, (await ReadAsync(producer, url)).Body["priceVnd"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("""{"name": 42, "colour": "xanh", "id": "not-this-one"}""")]
    [InlineData("""{"name": "Chè""")]
    public async Task A_stale_If_Match_is_412_before_the_body_is_validated(string body)
    {
        var (producer, url) = await NewProductAsync();
        var (_, stale) = await ReadAsync(producer, url);
        var (again, fresh) = await ReadAsync(producer, url);
        again["stock"] = 3;
        await (await producer.PutAsync(url, again, fresh)).ExpectAsync(HttpStatusCode.OK);

        var put = new HttpRequestMessage(HttpMethod.Put, url) { Content = Api.JsonBody(body) };
        put.Headers.IfMatch.Add(System.Net.Http.Headers.EntityTagHeaderValue.Parse(stale));
        await (await producer.SendAsync(put)).ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        // Without If-Match it is 428, also before the body.
        var bare = new HttpRequestMessage(HttpMethod.Put, url) { Content = Api.JsonBody(body) };
        await (await producer.SendAsync(bare)).ExpectProblemAsync(HttpStatusCode.PreconditionRequired);
    }

    [Fact]
    public async Task A_producer_read_and_sent_back_is_accepted_and_its_read_only_fields_guarded()
    {
        var url = "/api/producers/" + await _admin.CreateProducerAsync();
        var (read, etag) = await ReadAsync(_admin, url);
        read["address"] = "Bản Nà Hiêng, xã Bình Lư";
        var put = await _admin.PutAsync(url, read, etag);
        var written = await put.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Bản Nà Hiêng, xã Bình Lư", written["address"]!.GetValue<string>());

        var (again, fresh) = await ReadAsync(_admin, url);
        again["createdAt"] = "2001-01-01T00:00:00+00:00";
        await (await _admin.PutAsync(url, again, fresh)).ExpectProblemAsync(HttpStatusCode.BadRequest, "createdAt");
        await (await _admin.PutAsync(url, read, etag)).ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task A_plan_read_and_sent_back_is_accepted_and_its_read_only_fields_guarded()
    {
        var province = "Tỉnh Khứ Hồi " + Guid.NewGuid().ToString("N")[..8];
        var department = shared.App.Client(await _admin.IssueKeyAsync(
            new JsonObject { ["role"] = "department", ["province"] = province }));
        var plan = PlanFixture.Plan(province, 2026, "7/KH-UBND", PlanFixture.Target("newProducts3Stars", 4));
        var created = await (await department.PostAsync("/api/plans", Api.JsonBody(plan)))
            .ExpectAsync(HttpStatusCode.Created);
        var url = "/api/plans/" + created["id"]!.GetValue<string>();

        var (read, etag) = await ReadAsync(department, url);
        read["title"] = "Kế hoạch đã sửa";
        var replaced = await (await department.PutAsync(url, read, etag)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Kế hoạch đã sửa", replaced["title"]!.GetValue<string>());

        var (again, fresh) = await ReadAsync(department, url);
        again["recordedBy"] = "Admin:admin";
        await (await department.PutAsync(url, again, fresh))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "recordedBy");
    }

    [Fact]
    public async Task A_photo_read_and_sent_back_as_a_PATCH_is_accepted_and_its_read_only_fields_guarded()
    {
        var photos = await Photos.ForNewProductAsync(shared.App);
        var first = await photos.UploadAsync(TestImages.Jpeg(640, 480));
        var second = await photos.UploadAsync(TestImages.Jpeg(480, 640));
        var url = $"{photos.Base}/{second}";

        var read = await ReadPhotoAsync(photos.Producer, url);
        Assert.False(read["primary"]!.GetValue<bool>());
        read["altText"] = "Hộp chè nhìn nghiêng";
        var patched = await (await photos.PatchAsync(second, read.ToJsonString())).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Hộp chè nhìn nghiêng", patched["altText"]!.GetValue<string>());
        Assert.False(patched["primary"]!.GetValue<bool>());

        patched["width"] = 9999;
        await (await photos.PatchAsync(second, patched.ToJsonString()))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "width");
        Assert.True((await ReadPhotoAsync(photos.Producer, $"{photos.Base}/{first}"))["primary"]!.GetValue<bool>());
    }

    /// <summary>A photo has no ETag: its PATCH merges single properties, last writer wins.</summary>
    private static async Task<JsonObject> ReadPhotoAsync(HttpClient client, string url) =>
        await (await client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
}

using System.Net;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Integration;

[Collection(SharedAppCollection.Name)]
public class AccessTests(SharedApp shared)
{
    private readonly HttpClient _admin = shared.App.Client();

    [Fact]
    public async Task Calls_without_a_key_or_with_a_wrong_one_are_401()
    {
        await (await shared.App.Client(null).GetAsync("/api/products")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await shared.App.Client("ocop_not-a-real-key").GetAsync("/api/products")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await shared.App.Client(null).PostAsync("/api/keys", Api.JsonBody("""{"role":"admin"}"""))).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Keys_are_shown_once_and_only_an_admin_issues_them()
    {
        var producerId = await _admin.CreateProducerAsync();
        var issued = await (await _admin.PostAsync("/api/keys", Api.JsonBody(new JsonObject { ["role"] = "producer", ["producerId"] = producerId })))
            .ExpectAsync(HttpStatusCode.Created);
        var key = issued["key"]!.GetValue<string>();
        Assert.StartsWith("ocop_", key);
        Assert.True(key.Length >= 40);
        var producer = shared.App.Client(key);
        await (await producer.PostAsync("/api/keys", Api.JsonBody(new JsonObject { ["role"] = "admin" }))).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await _admin.PostAsync("/api/keys", Api.JsonBody("""{"role":"producer","producerId":"nosuchprodu1"}"""))).ExpectProblemAsync(HttpStatusCode.BadRequest, "producerId");
        await (await _admin.PostAsync("/api/keys", Api.JsonBody("""{"role":"department"}"""))).ExpectProblemAsync(HttpStatusCode.BadRequest, "province");
    }

    [Fact]
    public async Task A_revoked_key_stops_working()
    {
        var producerId = await _admin.CreateProducerAsync();
        var issued = await (await _admin.PostAsync("/api/keys", Api.JsonBody(new JsonObject { ["role"] = "producer", ["producerId"] = producerId })))
            .ExpectAsync(HttpStatusCode.Created);
        var producer = shared.App.Client(issued["key"]!.GetValue<string>());
        await (await producer.GetAsync("/api/products")).ExpectAsync(HttpStatusCode.OK);
        await (await _admin.DeleteAsync($"/api/keys/{issued["id"]}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await producer.GetAsync("/api/products")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task One_producer_cannot_see_or_touch_anothers_products_and_gets_404_not_403()
    {
        var aliceId = await _admin.CreateProducerAsync();
        var bobId = await _admin.CreateProducerAsync();
        var alice = shared.App.Client(await _admin.ProducerKeyAsync(aliceId));
        var bob = shared.App.Client(await _admin.ProducerKeyAsync(bobId));

        var create = await alice.PostAsync("/api/products", Api.JsonBody(Api.Product()));
        var draft = await create.ExpectAsync(HttpStatusCode.Created);
        var id = draft["id"]!.GetValue<string>();
        var edit = Api.ProductEdit(e => e["name"] = "Bị sửa trộm");

        await (await bob.GetAsync($"/api/products/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await bob.PutAsync($"/api/products/{id}", edit, create.Etag())).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await bob.PostAsync($"/api/products/{id}/publish", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await bob.PostAsync($"/api/products/{id}/unpublish", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await bob.GetAsync($"/api/producers/{aliceId}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        // A product for someone else's producer id is refused, naming the field.
        await (await bob.PostAsync("/api/products", Api.JsonBody(Api.Product(aliceId)))).ExpectProblemAsync(HttpStatusCode.BadRequest, "producerId");
        // Bob's list does not contain Alice's draft, even when he asks for her id.
        var bobsList = await (await bob.GetAsync($"/api/products?producerId={aliceId}")).ReadObjectAsync();
        Assert.Empty(bobsList["items"]!.AsArray());
        var producers = await (await bob.GetAsync("/api/producers")).ReadObjectAsync();
        Assert.Equal([bobId], producers["items"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()));

        var unchanged = await (await alice.GetAsync($"/api/products/{id}")).ReadObjectAsync();
        Assert.Equal("Chè Shan Tuyết Tả Phìn", unchanged["name"]!.GetValue<string>());
        Assert.Equal("draft", unchanged["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_department_sees_its_province_only_and_a_sales_point_sees_published_listings_only()
    {
        var inProvince = await _admin.CreateProducerAsync("Lai Châu");
        var elsewhere = await _admin.CreateProducerAsync("Thái Nguyên");
        var mine = shared.App.Client(await _admin.ProducerKeyAsync(inProvince));
        var theirs = shared.App.Client(await _admin.ProducerKeyAsync(elsewhere));
        var draftId = (await (await mine.PostAsync("/api/products", Api.JsonBody(Api.Product()))).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var publishedId = (await (await mine.PostAsync("/api/products", Api.JsonBody(Api.Product()))).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        await (await mine.PostAsync($"/api/products/{publishedId}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        var foreignId = (await (await theirs.PostAsync("/api/products", Api.JsonBody(Api.Product()))).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();

        var department = shared.App.Client(await _admin.IssueKeyAsync(new JsonObject { ["role"] = "department", ["province"] = "lai châu" }));
        await (await department.GetAsync($"/api/products/{draftId}")).ExpectAsync(HttpStatusCode.OK);
        await (await department.GetAsync($"/api/products/{foreignId}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await department.GetAsync($"/api/producers/{elsewhere}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var listed = await (await department.GetAsync("/api/products?pageSize=200")).ReadObjectAsync();
        Assert.DoesNotContain(listed["items"]!.AsArray(), p => p!["province"]!.GetValue<string>() != "Lai Châu");
        var foreignProducer = Api.Producer("Thái Nguyên");
        await (await department.PostAsync("/api/producers", Api.JsonBody(foreignProducer))).ExpectProblemAsync(HttpStatusCode.BadRequest, "province");

        var salesPoint = shared.App.Client(await _admin.SalesPointKeyAsync(await _admin.CreateSalesPointAsync()));
        await (await salesPoint.GetAsync($"/api/products/{publishedId}")).ExpectAsync(HttpStatusCode.OK);
        await (await salesPoint.GetAsync($"/api/products/{draftId}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await salesPoint.PostAsync($"/api/products/{publishedId}/unpublish", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
        var seen = await (await salesPoint.GetAsync("/api/products?pageSize=200")).ReadObjectAsync();
        Assert.All(seen["items"]!.AsArray(), p => Assert.Equal("published", p!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Answers_carry_security_headers_and_keyed_answers_are_not_cached()
    {
        var response = await _admin.GetAsync("/api/products");
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.True(response.Headers.CacheControl?.NoStore);
    }
}

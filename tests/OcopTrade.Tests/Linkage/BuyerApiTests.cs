using System.Net;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Linkage;

[Collection(SharedAppCollection.Name)]
public sealed class BuyerApiTests(SharedApp shared)
{
    private OcopApp App => shared.App;

    private async Task<(string Province, HttpClient Department)> DepartmentAsync()
    {
        var province = "Tỉnh Thử Bên Mua " + Guid.NewGuid().ToString("N")[..8];
        var key = await App.Client().IssueKeyAsync(new JsonObject { ["role"] = "department", ["province"] = province });
        return (province, App.Client(key));
    }

    [Fact]
    public async Task A_buyer_registers_without_a_key_and_the_department_of_its_province_verifies_it()
    {
        var (province, department) = await DepartmentAsync();
        var registered = await LinkageSetup.RegisterAsync(App, province);
        Assert.Equal("pending", registered["status"]!.GetValue<string>());
        Assert.Equal("0987654321", registered["phone"]!.GetValue<string>());
        var id = registered["id"]!.GetValue<string>();

        var pending = await (await department.GetAsync("/api/buyers?status=pending")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([id], pending["items"]!.AsArray().Select(b => b!["id"]!.GetValue<string>()));

        var read = await department.GetAsync($"/api/buyers/{id}");
        var verified = await (await LinkageSetup.PostAsync(department, $"/api/buyers/{id}/decision",
            new JsonObject { ["status"] = "verified" }, read.Etag())).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("verified", verified["status"]!.GetValue<string>());

        // Decided once: a second decision, even with the fresh ETag, is a conflict.
        var again = await department.GetAsync($"/api/buyers/{id}");
        await (await LinkageSetup.PostAsync(department, $"/api/buyers/{id}/decision",
            new JsonObject { ["status"] = "rejected", ["reason"] = "Trùng" }, again.Etag()))
            .ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_rejection_needs_a_reason_and_a_stale_or_missing_If_Match_changes_nothing()
    {
        var (province, department) = await DepartmentAsync();
        var id = (await LinkageSetup.RegisterAsync(App, province))["id"]!.GetValue<string>();
        var read = await department.GetAsync($"/api/buyers/{id}");
        var url = $"/api/buyers/{id}/decision";

        await (await LinkageSetup.PostAsync(department, url, new JsonObject { ["status"] = "rejected" }, read.Etag()))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "reason");
        await (await LinkageSetup.PostAsync(department, url, new JsonObject { ["status"] = "verified" }, null))
            .ExpectProblemAsync((HttpStatusCode)428);
        await (await LinkageSetup.PostAsync(department, url, new JsonObject { ["status"] = "verified" }, "\"stale\""))
            .ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        var rejected = await (await LinkageSetup.PostAsync(department, url,
            new JsonObject { ["status"] = "rejected", ["reason"] = "Mã số thuế không khớp đăng ký kinh doanh." },
                read.Etag()))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Mã số thuế không khớp đăng ký kinh doanh.", rejected["reason"]!.GetValue<string>());

        // Nothing is deleted: the rejected registration stays, and it gets no key.
        Assert.Equal("rejected", (await (await department.GetAsync($"/api/buyers/{id}")).ExpectAsync(HttpStatusCode.OK))
            ["status"]!.GetValue<string>());
        await (await App.Client().PostAsync("/api/keys", Api.JsonBody(new JsonObject
        {
            ["role"] = "buyer",
            ["buyerId"] = id
        })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "buyerId");
    }

    [Fact]
    public async Task Bad_registrations_are_refused_field_by_field_and_store_nothing()
    {
        var (province, department) = await DepartmentAsync();
        var anonymous = App.Client(null);
        var body = LinkageSetup.BuyerBody(province);
        body["kind"] = "bank";
        await (await anonymous.PostAsync("/api/buyers",
            Api.JsonBody(body))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        body = LinkageSetup.BuyerBody(province, taxCode: "0100109107");
        body["email"] = "not an address";
        body.Remove("contactName");
        var problem = await (await anonymous.PostAsync("/api/buyers",
            Api.JsonBody(body))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["contactName", "email", "taxCode"], problem["errors"]!.AsObject().Select(e => e.Key).Order());
        await (await anonymous.PostAsync("/api/buyers",
            Api.JsonBody("{\"companyName\":"))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await anonymous.PostAsync("/api/buyers", new StringContent("companyName=x", System.Text.Encoding.UTF8,
            "application/x-www-form-urlencoded"))).ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Empty((await (await department.GetAsync("/api/buyers")).ExpectAsync(HttpStatusCode.OK))
            ["items"]!.AsArray());
    }

    [Fact]
    public async Task A_retried_registration_with_the_same_Idempotency_Key_registers_once()
    {
        var (province, department) = await DepartmentAsync();
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> SendAsync(JsonObject body)
        {
            var post = new HttpRequestMessage(HttpMethod.Post, "/api/buyers") { Content = Api.JsonBody(body) };
            post.Headers.Add("Idempotency-Key", key);
            return await App.Client(null).SendAsync(post);
        }
        var first = await (await SendAsync(LinkageSetup.BuyerBody(province))).ExpectAsync(HttpStatusCode.Created);
        var replay = await (await SendAsync(LinkageSetup.BuyerBody(province))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(first["id"]!.GetValue<string>(), replay["id"]!.GetValue<string>());
        var other = LinkageSetup.BuyerBody(province);
        other["companyName"] = "Công ty khác";
        await (await SendAsync(other)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Single((await (await department.GetAsync("/api/buyers")).ExpectAsync(HttpStatusCode.OK))
            ["items"]!.AsArray());
    }

    [Fact]
    public async Task Another_province_producers_and_buyers_cannot_see_or_decide_a_registration()
    {
        var (province, _) = await DepartmentAsync();
        var (_, otherDepartment) = await DepartmentAsync();
        var id = (await LinkageSetup.RegisterAsync(App, province))["id"]!.GetValue<string>();
        await (await otherDepartment.GetAsync($"/api/buyers/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await LinkageSetup.PostAsync(otherDepartment, $"/api/buyers/{id}/decision",
            new JsonObject { ["status"] = "verified" }, "*")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await otherDepartment.GetAsync($"/api/buyers?province={Uri.EscapeDataString(province)}"))
            .ExpectProblemAsync(HttpStatusCode.NotFound);

        var producerId = await App.Client().CreateProducerAsync(province);
        var producer = App.Client(await App.Client().ProducerKeyAsync(producerId));
        await (await producer.GetAsync("/api/buyers")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await producer.GetAsync($"/api/buyers/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_buyer_key_reads_its_own_record_and_nothing_made_for_the_other_roles()
    {
        var (province, department) = await DepartmentAsync();
        var (id, key) = await LinkageSetup.VerifiedBuyerAsync(App, department, province);
        var buyer = App.Client(key);
        Assert.Equal(id,
            (await (await buyer.GetAsync($"/api/buyers/{id}"))
                .ExpectAsync(HttpStatusCode.OK))["id"]!.GetValue<string>());
        var other = (await LinkageSetup.RegisterAsync(App, province))["id"]!.GetValue<string>();
        await (await buyer.GetAsync($"/api/buyers/{other}")).ExpectProblemAsync(HttpStatusCode.NotFound);

        // Endpoints written for producers and departments answer a buyer 403, never another producer's records.
        foreach (var url in new[] { "/api/producers", "/api/products", "/api/buyers",
            "/api/reports/linkage?year=2025" })
            await (await buyer.GetAsync(url)).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }
}

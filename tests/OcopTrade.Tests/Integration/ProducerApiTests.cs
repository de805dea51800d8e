using System.Net;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Integration;

[Collection(SharedAppCollection.Name)]
public class ProducerApiTests(SharedApp shared)
{
    private readonly HttpClient _admin = shared.App.Client();

    [Fact]
    public async Task Create_read_replace_and_list_producers()
    {
        var body = Api.Producer("Bắc Kạn");
        body["district"] = "Ba Bể"; // recorded before the district level was abolished
        body["kind"] = "householdBusiness";
        body["taxCode"] = "001204012345";
        var create = await _admin.PostAsync("/api/producers", Api.JsonBody(body));
        var created = await create.ExpectAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<string>();
        Assert.Equal("0912345678", created["phone"]!.GetValue<string>());
        Assert.Equal("Ba Bể", created["district"]!.GetValue<string>());
        Assert.Equal("householdBusiness", created["kind"]!.GetValue<string>());

        var read = await _admin.GetAsync($"/api/producers/{id}");
        Assert.Equal("Hợp tác xã Chè Tam Đường", (await read.ExpectAsync(HttpStatusCode.OK))["legalName"]!.GetValue<string>());

        body["legalName"] = "Hộ kinh doanh Bà Triệu Thị Mai";
        var replaced = await (await _admin.PutAsync($"/api/producers/{id}", body, read.Etag())).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Hộ kinh doanh Bà Triệu Thị Mai", replaced["legalName"]!.GetValue<string>());
        await (await _admin.PutAsync($"/api/producers/{id}", body, read.Etag())).ExpectProblemAsync(HttpStatusCode.PreconditionFailed);

        var list = await (await _admin.GetAsync("/api/producers?province=B%E1%BA%AFc%20K%E1%BA%A1n&kind=householdBusiness")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(list["items"]!.AsArray(), p => p!["id"]!.GetValue<string>() == id);
        Assert.All(list["items"]!.AsArray(), p => Assert.Equal("householdBusiness", p!["kind"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Vietnamese_is_written_as_itself_and_markup_stays_escaped()
    {
        var body = Api.Producer();
        body["legalName"] = "Hợp tác xã Mường Tè <b>&</b>";
        var created = await (await _admin.PostAsync("/api/producers", Api.JsonBody(body))).ExpectAsync(HttpStatusCode.Created);
        var raw = await (await _admin.GetAsync($"/api/producers/{created["id"]}")).Content.ReadAsStringAsync();
        // Escaped, each letter with a diacritic costs a phone 6 bytes instead of 2 or 3.
        Assert.Contains("\"Hợp tác xã Mường Tè \\u003Cb\\u003E\\u0026\\u003C/b\\u003E\"", raw);
    }

    [Theory]
    [InlineData("taxCode", "0314409059")]
    [InlineData("taxCode", "12345")]
    [InlineData("phone", "0212345678")]
    [InlineData("email", "not-an-email")]
    [InlineData("legalName", "")]
    [InlineData("province", "   ")]
    public async Task Invalid_fields_are_named_and_nothing_is_written(string field, string value)
    {
        var body = Api.Producer();
        body["legalName"] = "Unique " + Guid.NewGuid();
        body[field] = value;
        await (await _admin.PostAsync("/api/producers", Api.JsonBody(body))).ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        var all = await (await _admin.GetAsync("/api/producers?pageSize=200")).ReadObjectAsync();
        Assert.DoesNotContain(all["items"]!.AsArray(), p => p!["legalName"]!.GetValue<string>() == body["legalName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Only_admin_and_departments_register_producers()
    {
        var producerId = await _admin.CreateProducerAsync();
        var producer = shared.App.Client(await _admin.ProducerKeyAsync(producerId));
        await (await producer.PostAsync("/api/producers", Api.JsonBody(Api.Producer()))).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }
}

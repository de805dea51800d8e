using System.Net;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Integration;

/// <summary>The certificate is the province's decision: a producer's change to it is a claim the department confirms,
/// and until then the listing keeps the certificate in force, revoked or expired included (security issue #19).
/// </summary>
[Collection(SharedAppCollection.Name)]
public class CertificateClaimTests(SharedApp shared)
{
    private const string Province = "Lạng Sơn";
    private readonly HttpClient _admin = shared.App.Client();
    private readonly HttpClient _public = shared.App.Client(null);

    private sealed record Listing(HttpClient Producer, string ProducerId, string Id, string TraceCode)
    {
        public string Url(string path = "") => $"/api/products/{Id}{path}";
    }

    private async Task<Listing> ListingAsync(string issueDate = "2025-06-15")
    {
        var producerId = await _admin.CreateProducerAsync(Province);
        var producer = shared.App.Client(await _admin.ProducerKeyAsync(producerId));
        var created = await (await producer.PostAsync("/api/products", Api.JsonBody(Api.Product(issueDate: issueDate))))
            .ExpectAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<string>();
        var lot = new JsonObject
        {
            ["lotNumber"] = "L2026-11", ["productionDate"] = "2026-10-01", ["bestBefore"] = "2027-10-01",
            ["quantity"] = 100,
        };
        var batch = await (await producer.PostAsync($"/api/products/{id}/batches", Api.JsonBody(lot)))
            .ExpectAsync(HttpStatusCode.Created);
        return new Listing(producer, producerId, id, batch["traceCode"]!.GetValue<string>());
    }

    private async Task<HttpClient> DepartmentAsync(string province = "Tỉnh " + Province)
    {
        var key = await _admin.IssueKeyAsync(new JsonObject { ["role"] = "department", ["province"] = province });
        return shared.App.Client(key);
    }

    private static Task<HttpResponseMessage> PublishAsync(Listing listing) =>
        listing.Producer.PostAsync(listing.Url("/publish"), null);

    /// <summary>POST …/certificate/{confirm|reject|revocation}, with a reason when one is given.</summary>
    private static Task<HttpResponseMessage> DecideAsync(
        HttpClient client, Listing listing, string decision, string? reason = null) =>
        client.PostAsync(listing.Url("/certificate/" + decision),
            reason is null ? null : Api.JsonBody(new JsonObject { ["reason"] = reason }));

    private static async Task<JsonObject> ReadAsync(HttpClient client, Listing listing) =>
        await (await client.GetAsync(listing.Url())).ExpectAsync(HttpStatusCode.OK);

    /// <summary>A PUT of the product as it is, with its certificate changed the way a client would.</summary>
    private static async Task<JsonObject> EditCertificateAsync(
        HttpClient client, Listing listing, Action<JsonObject> change)
    {
        var read = await client.GetAsync(listing.Url());
        var current = await read.ExpectAsync(HttpStatusCode.OK);
        var certificate = new JsonObject();
        foreach (var field in new[] { "number", "issueDate", "issuingLevel" })
            certificate[field] = current["certificate"]![field]!.DeepClone();
        change(certificate);
        var edit = Api.ProductEdit(e => e["certificate"] = certificate);
        return await (await client.PutAsync(listing.Url(), edit, read.Etag())).ExpectAsync(HttpStatusCode.OK);
    }

    private async Task<(JsonObject Json, string Page)> TraceAsync(Listing listing)
    {
        var json = await (await _public.GetAsync($"/api/trace/{listing.TraceCode}")).ExpectAsync(HttpStatusCode.OK);
        var page = await _public.GetStringAsync($"/t/{listing.TraceCode.Replace("-", "")}");
        return (json, page);
    }

    private static string State(JsonObject product) => product["certificate"]!["state"]!.GetValue<string>();

    private static string Pending(JsonObject product, string field) =>
        product["pendingCertificate"]![field]!.GetValue<string>();

    [Fact]
    public async Task A_producer_editing_a_revoked_certificates_number_only_claims_it_and_the_listing_stays_revoked()
    {
        var listing = await ListingAsync();
        await (await PublishAsync(listing)).ExpectAsync(HttpStatusCode.OK);
        var department = await DepartmentAsync();
        await (await DecideAsync(department, listing, "revocation", "Kiểm tra phát hiện vi phạm nhãn mác"))
            .ExpectAsync(HttpStatusCode.OK);

        var edited = await EditCertificateAsync(listing.Producer, listing, c => c["number"] = "1235/QĐ-UBND");
        Assert.Equal("1234/QĐ-UBND", edited["certificate"]!["number"]!.GetValue<string>());
        Assert.Equal("revoked", State(edited));
        Assert.Equal("1235/QĐ-UBND", Pending(edited, "number"));

        await (await PublishAsync(listing)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "certificate");
        var (trace, page) = await TraceAsync(listing);
        Assert.Equal("revoked", trace["certificate"]!["state"]!.GetValue<string>());
        Assert.True(trace["certificateLapsed"]!.GetValue<bool>());
        Assert.Contains("giấy chứng nhận OCOP của sản phẩm đã bị thu hồi", page);
        Assert.DoesNotContain("Còn hiệu lực", page);

        // Only the department lifts the revocation, by confirming the claim.
        var confirmed = await (await DecideAsync(department, listing, "confirm")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("1235/QĐ-UBND", confirmed["certificate"]!["number"]!.GetValue<string>());
        Assert.Equal("valid", State(confirmed));
        Assert.Null(confirmed["pendingCertificate"]);
        await (await PublishAsync(listing)).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_2019_certificate_moved_to_2026_by_the_producer_stays_expired_until_the_department_confirms()
    {
        var listing = await ListingAsync(issueDate: "2019-05-10");
        var claimed = await EditCertificateAsync(listing.Producer, listing, c => c["issueDate"] = "2026-05-10");
        Assert.Equal("expired", State(claimed));
        Assert.Equal("2022-05-10", claimed["certificate"]!["validUntil"]!.GetValue<string>());
        Assert.Equal(("2026-05-10", "2029-05-10"), (Pending(claimed, "issueDate"), Pending(claimed, "validUntil")));

        await (await PublishAsync(listing)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "certificate");
        var (trace, page) = await TraceAsync(listing);
        Assert.Equal("expired", trace["certificate"]!["state"]!.GetValue<string>());
        Assert.Contains("giấy chứng nhận OCOP đã hết hạn ngày 10/05/2022", page);
        var department = await DepartmentAsync();
        Assert.Equal("expired", State(await ReadAsync(department, listing)));

        var confirmed = await (await DecideAsync(department, listing, "confirm")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("2029-05-10", confirmed["certificate"]!["validUntil"]!.GetValue<string>());
        var published = await (await PublishAsync(listing)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("published", "valid"), (published["status"]!.GetValue<string>(), State(published)));
    }

    [Fact]
    public async Task A_rejected_claim_leaves_the_listing_as_it_was()
    {
        var listing = await ListingAsync();
        var slug = (await (await PublishAsync(listing)).ExpectAsync(HttpStatusCode.OK))["slug"]!.GetValue<string>();
        await EditCertificateAsync(listing.Producer, listing, c => c["number"] = "9999/QĐ-UBND");
        // While it waits, the public page shows the certificate in force.
        var page = await _public.GetStringAsync($"/p/{slug}");
        Assert.Contains("1234/QĐ-UBND", page);
        Assert.DoesNotContain("9999/QĐ-UBND", page);

        var department = await DepartmentAsync();
        var before = await ReadAsync(department, listing);
        await (await department.PostAsync(listing.Url("/certificate/reject"), Api.JsonBody("{}")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "reason");
        var rejected = await (await DecideAsync(department, listing, "reject", "Không có quyết định số 9999"))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Null(rejected["pendingCertificate"]);
        foreach (var field in new[] { "certificate", "status", "name", "priceVnd", "publishedAt" })
            Assert.Equal(before[field]!.ToJsonString(), rejected[field]!.ToJsonString());
        await (await DecideAsync(department, listing, "reject", "Lần nữa"))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "pendingCertificate");
        await (await DecideAsync(department, listing, "confirm"))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "pendingCertificate");
    }

    [Fact]
    public async Task A_producer_cannot_decide_its_own_claim_nor_another_province_decide_it()
    {
        var listing = await ListingAsync();
        await EditCertificateAsync(listing.Producer, listing, c => c["issueDate"] = "2026-01-10");
        await (await DecideAsync(listing.Producer, listing, "confirm")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await DecideAsync(listing.Producer, listing, "reject", "Tự từ chối"))
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
        var elsewhere = await DepartmentAsync("Tỉnh Lai Châu");
        await (await DecideAsync(elsewhere, listing, "confirm")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await elsewhere.GetAsync(listing.Url("/certificate/history")))
            .ExpectProblemAsync(HttpStatusCode.NotFound);

        var after = await ReadAsync(listing.Producer, listing);
        Assert.Equal("2025-06-15", after["certificate"]!["issueDate"]!.GetValue<string>());
        Assert.Equal("2026-01-10", Pending(after, "issueDate"));
    }

    [Fact]
    public async Task A_producer_cannot_remove_the_recorded_certificate_and_edits_the_rest_while_a_claim_waits()
    {
        var listing = await ListingAsync();
        await EditCertificateAsync(listing.Producer, listing, c => c["number"] = "77/QĐ-UBND");
        var read = await listing.Producer.GetAsync(listing.Url());
        var removal = Api.ProductEdit(e => e.Remove("certificate"));
        await (await listing.Producer.PutAsync(listing.Url(), removal, read.Etag()))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "certificate");

        // The edit form sends the certificate in force: the price changes, the claim keeps waiting.
        var priced = await (await listing.Producer.PutAsync(listing.Url(), Api.ProductEdit(e => e["priceVnd"] = 420000),
            read.Etag())).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(420000, priced["priceVnd"]!.GetValue<long>());
        Assert.Equal("1234/QĐ-UBND", priced["certificate"]!["number"]!.GetValue<string>());
        Assert.Equal("77/QĐ-UBND", Pending(priced, "number"));
    }

    [Fact]
    public async Task Confirming_a_claim_changed_since_it_was_read_is_412_and_leaves_no_trace_in_the_history()
    {
        var listing = await ListingAsync();
        await EditCertificateAsync(listing.Producer, listing, c => c["number"] = "5/QĐ-UBND");
        var department = await DepartmentAsync();
        var seen = (await department.GetAsync(listing.Url())).Etag();
        await EditCertificateAsync(listing.Producer, listing, c => c["number"] = "6/QĐ-UBND");

        var confirm = new HttpRequestMessage(HttpMethod.Post, listing.Url("/certificate/confirm"));
        confirm.Headers.TryAddWithoutValidation("If-Match", seen);
        await (await department.SendAsync(confirm)).ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        var after = await ReadAsync(department, listing);
        Assert.Equal("1234/QĐ-UBND", after["certificate"]!["number"]!.GetValue<string>());
        Assert.Equal("6/QĐ-UBND", Pending(after, "number"));
        var history = await (await department.GetAsync(listing.Url("/certificate/history")))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["claim", "claim"], history["items"]!.AsArray().Select(i => i!["action"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_certificate_history_lists_every_change_with_who_when_before_and_after()
    {
        var listing = await ListingAsync();
        var department = await DepartmentAsync();
        var started = DateTimeOffset.UtcNow.AddSeconds(-5);
        await EditCertificateAsync(listing.Producer, listing, c => c["number"] = "1/QĐ-UBND");
        await (await DecideAsync(department, listing, "reject", "Sai số")).ExpectAsync(HttpStatusCode.OK);
        await EditCertificateAsync(listing.Producer, listing, c => c["number"] = "2/QĐ-UBND");
        await (await DecideAsync(department, listing, "confirm")).ExpectAsync(HttpStatusCode.OK);
        await (await DecideAsync(department, listing, "revocation", "Vi phạm")).ExpectAsync(HttpStatusCode.OK);
        // The department's own edit is the authority's: it takes effect at once and lifts the revocation.
        var direct = await EditCertificateAsync(department, listing, c => c["issueDate"] = "2026-02-01");
        Assert.Equal("valid", State(direct));
        Assert.Equal("2026-02-01", direct["certificate"]!["issueDate"]!.GetValue<string>());

        var history = await (await department.GetAsync(listing.Url("/certificate/history")))
            .ExpectAsync(HttpStatusCode.OK);
        var items = history["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        string[] Each(Func<JsonObject, JsonNode?> pick) => [.. items.Select(i => pick(i)!.GetValue<string>())];
        Assert.Equal(["claim", "reject", "claim", "confirm", "revoke", "edit"], Each(i => i["action"]));
        Assert.Equal(["producer", "department", "producer", "department", "department", "department"],
            Each(i => i["actor"]!["role"]));
        Assert.Equal(listing.ProducerId, items[0]["actor"]!["id"]!.GetValue<string>());
        Assert.Equal("Tỉnh " + Province, items[1]["actor"]!["id"]!.GetValue<string>());
        var times = Each(i => i["at"]).Select(DateTimeOffset.Parse).ToList();
        Assert.Equal(times.Order(), times);
        Assert.All(times, t => Assert.True(t >= started && t.Offset == TimeSpan.Zero, $"{t:O}: not UTC or too early"));

        Assert.Equal("1234/QĐ-UBND", items[0]["before"]!["certificate"]!["number"]!.GetValue<string>());
        Assert.Equal("1/QĐ-UBND", items[0]["after"]!["pending"]!["number"]!.GetValue<string>());
        Assert.Equal("Sai số", items[1]["reason"]!.GetValue<string>());
        Assert.Null(items[1]["after"]!["pending"]);
        Assert.Equal("2/QĐ-UBND", items[3]["after"]!["certificate"]!["number"]!.GetValue<string>());
        Assert.Equal([false, true, false], new[] { items[4]["before"], items[4]["after"], items[5]["after"] }
            .Select(r => r!["revoked"]!.GetValue<bool>()));

        // The producer reads its own product's history (a rejection's reason is meant for it).
        await (await listing.Producer.GetAsync(listing.Url("/certificate/history"))).ExpectAsync(HttpStatusCode.OK);
    }
}

using System.Net;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Traceability.Resolver;

/// <summary>The resolver checked as GS1's resolver test suite (gs1/GS1DL-resolver-testsuite) checks one: each test
/// names what of the GS1-Conformant Resolver standard 1.2.0 it exercises, an item of its conformance statement
/// (section 5) or a section, and the suite's own probes (the URI with "/foo" appended, the Link header's
/// rel/title/hreflang/type, the linkset's anchor and defaultLink).</summary>
[Collection(SharedAppCollection.Name)]
public class ResolverConformanceTests(SharedApp shared)
{
    private const string Linkset = "application/linkset+json";

    private static async Task<JsonObject> LinksetOf(HttpResponseMessage response, string mediaType = Linkset)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        return (JsonNode.Parse(await response.Content.ReadAsStringAsync())!["linkset"]!.AsArray().Single()!).AsObject();
    }

    /// <summary>Where a redirect goes, without its query (which the resolver passes on, tested on its own).</summary>
    private static string Target(HttpResponseMessage response) =>
        response.Headers.Location!.GetLeftPart(UriPartial.Path);

    [Fact]
    public async Task Item_1_and_3_SHALL_support_GET_HEAD_and_OPTIONS_and_CORS()
    {
        var setup = await ResolverSetup.PublishedAsync(shared.App);
        var client = setup.Resolver();
        var uri = $"/01/{setup.Gtin14}";
        var get = await client.GetAsync(uri);
        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, uri));
        var options = await client.SendAsync(new HttpRequestMessage(HttpMethod.Options, uri));
        Assert.Equal(HttpStatusCode.TemporaryRedirect, get.StatusCode);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, head.StatusCode);
        Assert.Equal(get.Headers.Location, head.Headers.Location);
        Assert.Equal(HttpStatusCode.NoContent, options.StatusCode);
        foreach (var response in new[] { get, head, options })
        {
            Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
            var methods = response.Headers.GetValues("Access-Control-Allow-Methods").Single();
            Assert.All(new[] { "GET", "HEAD", "OPTIONS" }, m => Assert.Contains(m, methods));
        }
        Assert.Contains("Link", get.Headers.GetValues("Access-Control-Expose-Headers").Single());
    }

    [Theory]
    [InlineData("/01/{gtin14}/foo")] // the test suite's own probe: the URI with "/foo" appended
    [InlineData("/01/08934567890121")] // wrong check digit
    [InlineData("/01/893456789012")] // 12 digits that are no GTIN-12
    [InlineData("/01/{gtin14}/21/S1/10/L1")] // qualifiers out of order
    [InlineData("/01/{gtin14}/10/L%201")] // a space is not in GS1 character set 82
    [InlineData("/01/{gtin14}/10/123456789012345678901")] // longer than AI (10) allows
    [InlineData("/01/{gtin14}/10/L1/21/S%231")]
    public async Task Item_7_and_9_SHALL_report_an_invalid_URI_with_400_and_SHALL_NOT_use_200_for_an_error(
        string uri)
    {
        var setup = await ResolverSetup.PublishedAsync(shared.App);
        var response = await setup.Resolver().GetAsync(uri.Replace("{gtin14}", setup.Gtin14));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotEmpty((await response.ReadObjectAsync())["errors"]!.AsObject());
    }

    [Fact]
    public async Task Item_14_SHALL_recognise_one_default_link_redirect_to_it_with_307_and_list_all_links()
    {
        var setup = await ResolverSetup.PublishedAsync(shared.App);
        var response = await setup.Resolver().GetAsync($"/01/{setup.Gtin14}");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.EndsWith($"/p/{setup.Slug}", Target(response));
        var link = string.Join(", ", response.Headers.GetValues("Link"));
        Assert.Contains(
            $"/p/{setup.Slug}>; rel=\"https://gs1.org/voc/pip\"; type=\"text/html\"; hreflang=\"vi\"; title=\"", link);
        Assert.Contains("rel=\"https://gs1.org/voc/certificationInfo\"", link);
        Assert.Contains("rel=\"linkset\"", link);
    }

    [Fact]
    public async Task Item_19_a_lots_default_link_is_its_trace_page_and_the_query_string_goes_on_to_it()
    {
        var setup = await ResolverSetup.PublishedAsync(shared.App);
        var (code, _, traceUrl) = await setup.LotAsync("L-01");
        var response = await setup.Resolver().GetAsync(new Uri(traceUrl).PathAndQuery + "&sp=sp-01");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.EndsWith($"/t/{code}?c={code}&sp=sp-01", response.Headers.Location!.ToString());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Theory]
    [InlineData(13)]
    [InlineData(14)]
    public async Task URI_syntax_4_1_a_GTIN_13_is_resolved_as_its_GTIN_14(int digits)
    {
        var setup = await ResolverSetup.PublishedAsync(shared.App);
        var gtin = digits == 13 ? setup.Gtin13 : setup.Gtin14;
        var client = setup.Resolver();
        Assert.EndsWith($"/p/{setup.Slug}", Target(await client.GetAsync($"/01/{gtin}")));
        var set = await LinksetOf(await client.GetAsync($"/01/{gtin}?linkType=linkset"));
        Assert.EndsWith($"/01/{setup.Gtin14}", set["anchor"]!.GetValue<string>());
    }

    [Fact]
    public async Task Items_17_and_18_redirect_to_the_requested_linkType_and_answer_404_for_one_it_lacks()
    {
        var setup = await ResolverSetup.PublishedAsync(shared.App);
        var (code, _, traceUrl) = await setup.LotAsync("A/B");
        var lot = new Uri(traceUrl).PathAndQuery;
        var client = setup.Resolver();
        async Task<string> To(string linkType) =>
            (await client.GetAsync($"{lot}&linkType={Uri.EscapeDataString(linkType)}")).Headers.Location!.ToString();
        Assert.EndsWith($"/p/{setup.Slug}?c={code}", await To("gs1:pip"));
        Assert.EndsWith($"/t/{code}?c={code}", await To("gs1:traceability"));
        Assert.EndsWith($"/api/ocop-certificates/{setup.Gtin14}?c={code}",
            await To("https://gs1.org/voc/certificationInfo"));
        Assert.EndsWith($"/api/recall-status?gtin={setup.Gtin14}&lot=A%2FB&c={code}", await To("gs1:recallStatus"));
        var missing = await client.GetAsync($"{lot}&linkType=gs1:epil");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("?linkType=linkset", null)]
    [InlineData("?linkType=all", null)]
    [InlineData("", Linkset)]
    [InlineData("", "application/json")] // 2.10: the same answer is recommended for plain JSON
    public async Task Section_2_10_a_linkset_is_RFC_9264_with_every_link_complete_and_a_lot_has_its_products_links(
        string query, string? accept)
    {
        var setup = await ResolverSetup.PublishedAsync(shared.App);
        var (code, _, traceUrl) = await setup.LotAsync("L-02");
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(traceUrl).PathAndQuery + query.Replace('?', '&'));
        if (accept is not null) request.Headers.Add("Accept", accept);
        var response = await setup.Resolver().SendAsync(request);
        var set = await LinksetOf(response, accept ?? Linkset);
        Assert.Contains("Accept", response.Headers.Vary);
        Assert.EndsWith($"/01/{setup.Gtin14}/10/L-02", set["anchor"]!.GetValue<string>());
        Assert.EndsWith($"/t/{code}", set["https://gs1.org/voc/defaultLink"]![0]!["href"]!.GetValue<string>());
        foreach (var type in new[] { "pip", "certificationInfo", "traceability", "recallStatus" })
        {
            var target = set["https://gs1.org/voc/" + type]!.AsArray().Single()!;
            Assert.StartsWith("http", target["href"]!.GetValue<string>());
            Assert.False(string.IsNullOrEmpty(target["title"]!.GetValue<string>()));
            Assert.Contains("/", target["type"]!.GetValue<string>());
            Assert.Equal("vi", target["hreflang"]!.AsArray().Single()!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_lot_is_never_called_genuine_without_its_own_valid_code()
    {
        var setup = await ResolverSetup.PublishedAsync(shared.App);
        var (_, _, first) = await setup.LotAsync("L-03");
        var (otherCode, _, _) = await setup.LotAsync("L-04");
        var lot = new Uri(first).AbsolutePath;
        var client = setup.Resolver();

        var withoutCode = await LinksetOf(await client.GetAsync(lot + "?linkType=linkset"));
        Assert.Null(withoutCode["https://gs1.org/voc/traceability"]);
        Assert.DoesNotContain("xác minh", withoutCode.ToJsonString(new() { Encoder = null }));
        Assert.Null(withoutCode["https://gs1.org/voc/defaultLink"]);
        var scanned = await client.GetAsync(lot);
        Assert.Equal(HttpStatusCode.NotFound, scanned.StatusCode);
        Assert.Contains("Không xác minh được sản phẩm", await scanned.Content.ReadAsStringAsync());
        Assert.EndsWith($"/p/{setup.Slug}", Target(await client.GetAsync(lot + "?linkType=gs1:pip")));

        foreach (var forged in new[] { otherCode, "7K3M9Q2XA1B" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{lot}?c={forged}")).StatusCode);
            var linkset = await client.GetAsync($"{lot}?c={forged}&linkType=linkset");
            Assert.Equal(HttpStatusCode.NotFound, linkset.StatusCode);
            Assert.Equal("application/problem+json", linkset.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Item_25_SHOULD_tolerate_a_trailing_slash()
    {
        var setup = await ResolverSetup.PublishedAsync(shared.App);
        var client = setup.Resolver();
        var plain = await client.GetAsync($"/01/{setup.Gtin14}");
        var slash = await client.GetAsync($"/01/{setup.Gtin14}/");
        Assert.Equal(plain.StatusCode, slash.StatusCode);
        Assert.Equal(plain.Headers.Location, slash.Headers.Location);
    }

    [Fact]
    public async Task A_serial_answers_as_its_lot_and_keeps_its_place_in_the_anchor()
    {
        var setup = await ResolverSetup.PublishedAsync(shared.App);
        var (code, _, traceUrl) = await setup.LotAsync("L-05");
        var uri = new Uri(traceUrl);
        var client = setup.Resolver();
        var serial = $"{uri.AbsolutePath}/21/S-0001{uri.Query}";
        Assert.EndsWith($"/t/{code}", Target(await client.GetAsync(serial)));
        var set = await LinksetOf(await client.GetAsync(serial + "&linkType=linkset"));
        Assert.EndsWith("/10/L-05/21/S-0001", set["anchor"]!.GetValue<string>());
    }

    [Fact]
    public async Task Item_8_a_valid_URI_with_an_unknown_GTIN_is_a_plain_404()
    {
        var setup = await ResolverSetup.PublishedAsync(shared.App);
        var response = await setup.Resolver().GetAsync("/01/00000000000000");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Items_21_and_22_the_description_file_at_well_known_gs1resolver_declares_primary_key_01()
    {
        var setup = await ResolverSetup.PublishedAsync(shared.App);
        var response = await setup.Resolver().GetAsync("/.well-known/gs1resolver");
        var description = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["01"], description["supportedPrimaryKeys"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.Equal("gs1:", description["supportedLinkType"]![0]!["prefix"]!.GetValue<string>());
        Assert.StartsWith("http", description["resolverRoot"]!.GetValue<string>());
        Assert.False(description["linkTypeDefaultCanBeLinkset"]!.GetValue<bool>());
        Assert.Equal("https://ref.gs1.org/standards/resolver/linkset-context",
            description["jsonLdContextLocation"]!.GetValue<string>());
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task The_certification_info_link_shows_the_OCOP_certificate()
    {
        var setup = await ResolverSetup.PublishedAsync(shared.App);
        var certificate = await (await setup.Resolver().GetAsync($"/api/ocop-certificates/{setup.Gtin13}"))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(setup.Gtin14, certificate["gtin"]!.GetValue<string>());
        Assert.Equal(4, certificate["stars"]!.GetValue<int>());
        Assert.Equal("province", certificate["level"]!.GetValue<string>());
        Assert.Equal("1234/QĐ-UBND", certificate["number"]!.GetValue<string>());
        Assert.Equal("valid", certificate["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_label_printed_before_lots_took_their_GS1_form_still_resolves()
    {
        var setup = await ResolverSetup.PublishedAsync(shared.App);
        var (code, _, _) = await setup.LotAsync("Lô 5 #2");
        var legacy = $"/01/{setup.Gtin14}/10/{Uri.EscapeDataString("Lô 5 #2")}?c={code}";
        Assert.EndsWith($"/t/{code}", Target(await setup.Resolver().GetAsync(legacy)));
        var recall = await setup.Resolver().GetAsync(legacy + "&linkType=gs1:recallStatus");
        Assert.Contains($"lot={Uri.EscapeDataString("Lô 5 #2")}&", recall.Headers.Location!.OriginalString);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Images;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Hardening;

/// <summary>What a visitor's browser gets: every HTML page with security headers and a strict CSP, text that
/// looks like markup shown as text, and uploaded files never served from the app's origin as something runnable.</summary>
[Collection(SharedAppCollection.Name)]
public class PageSafetyTests(SharedApp shared)
{
    private const string Hostile = "<script>alert('pwned')</script><img src=x onerror=alert(1)>";
    private readonly HttpClient _admin = shared.App.Client();

    private async Task<(string Slug, string Code, string Gtin, string Lot)> HostileListingAsync()
    {
        var producer = shared.App.Client(await _admin.ProducerKeyAsync(await _admin.CreateProducerAsync()));
        var product = Api.Product();
        product["name"] = "Chè " + Hostile;
        product["description"] = Hostile + " \"quoted\" & more";
        var id = (await (await producer.PostAsync("/api/products", Api.JsonBody(product))).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        await (await producer.PostAsync($"/api/products/{id}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        var lot = Victim.Lot();
        lot["notes"] = Hostile;
        lot["originArea"] = Hostile;
        var batch = await (await producer.PostAsync($"/api/products/{id}/batches", Api.JsonBody(lot))).ExpectAsync(HttpStatusCode.Created);
        var slug = (await (await producer.GetAsync($"/api/products/{id}")).ReadObjectAsync())["slug"]!.GetValue<string>();
        return (slug, batch["traceCode"]!.GetValue<string>(), "08934567890120", lot["lotNumber"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_product_named_like_a_script_renders_as_text_on_its_page_and_its_trace_page()
    {
        var (slug, code, _, _) = await HostileListingAsync();
        using var visitor = shared.App.Client(null);
        foreach (var path in new[] { $"/p/{slug}", $"/t/{code}" })
        {
            var response = await visitor.GetAsync(path);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("&lt;script&gt;alert(", html);
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img src=x", html);
        }
    }

    [Fact]
    public async Task Every_html_page_carries_security_headers_and_a_policy_that_runs_no_foreign_or_inline_script()
    {
        var (slug, code, gtin, lot) = await HostileListingAsync();
        using var visitor = shared.App.Client(null);
        var pages = new[]
        {
            $"/p/{slug}", "/p/khong-co-san-pham-nay", $"/t/{code}", "/t/0000-0000-000", $"/01/{gtin}/10/{lot}?c={code.Replace("-", "")}", "/api/docs/",
        };
        foreach (var path in pages)
        {
            var response = await visitor.GetAsync(path);
            Assert.True(response.Content.Headers.ContentType?.MediaType == "text/html", $"{path} is {response.Content.Headers.ContentType}");
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.Contains("base-uri 'none'", csp);
            Assert.Contains("form-action 'none'", csp);
            Assert.DoesNotContain("*", csp);
            Assert.DoesNotMatch(@"(^|\s)(https?|blob):(\s|;|$)", csp); // no whole scheme may load anything
            if (!path.StartsWith("/api/docs", StringComparison.Ordinal))
            {
                Assert.StartsWith("default-src 'none'", csp);
                Assert.DoesNotContain("script-src", csp);
                Assert.DoesNotContain("unsafe", csp);
            }
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.True(response.Headers.Contains("Referrer-Policy"), path);
        }
    }

    [Fact]
    public async Task Uploads_are_served_only_as_images_from_storage_never_from_the_apps_origin()
    {
        var producer = shared.App.Client(await _admin.ProducerKeyAsync(await _admin.CreateProducerAsync()));
        var id = (await (await producer.PostAsync("/api/products", Api.JsonBody(Api.Product()))).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();

        foreach (var (bytes, type) in new[] { (TestImages.Svg, "image/svg+xml"), ("<html><script>alert(1)</script></html>"u8.ToArray(), "text/html") })
        {
            await (await producer.PostAsync($"/api/products/{id}/images", Victim.Photo(bytes, type))).ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        }

        // A lying type changes nothing: the bytes decide.
        var accepted = await producer.PostAsync($"/api/products/{id}/images", Victim.Photo(TestImages.Jpeg(), "image/png"));
        await accepted.ExpectAsync(HttpStatusCode.Accepted);
        var image = await Eventually.HoldsAsync(async () => JsonNode.Parse(await (await producer.GetAsync($"/api/products/{id}/images")).Content.ReadAsStringAsync())!.AsArray().Single()!,
            i => i["status"]!.GetValue<string>() != "pending", because: "the photo is processed");
        Assert.Equal("ready", image["status"]!.GetValue<string>());

        using var anonymous = new HttpClient();
        foreach (var rendition in image["renditions"]!.AsArray())
        {
            var url = new Uri(rendition!["url"]!.GetValue<string>());
            Assert.NotEqual(shared.App.BaseAddress.GetLeftPart(UriPartial.Authority), url.GetLeftPart(UriPartial.Authority));
            var response = await anonymous.GetAsync(url);
            Assert.Contains(response.Content.Headers.ContentType?.MediaType, new[] { "image/webp", "image/jpeg" });
        }
        // What the app itself answers at the image's address (if anything) is never the uploaded bytes.
        var own = await producer.GetAsync(accepted.Headers.Location);
        Assert.True(own.StatusCode == HttpStatusCode.NotFound || own.Content.Headers.ContentType?.MediaType is "application/json" or "application/problem+json",
            $"{own.StatusCode} {own.Content.Headers.ContentType}");
    }
}

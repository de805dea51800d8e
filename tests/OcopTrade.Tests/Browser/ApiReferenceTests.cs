using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Browser;

/// <summary>What an integrator reads before writing a client: the OpenAPI document and the API reference page.</summary>
[Collection(SharedAppCollection.Name)]
public sealed partial class ApiReferenceTests(SharedApp shared)
{
    private readonly HttpClient _anonymous = shared.App.Client(null);

    private static readonly string[] Routes =
    [
        "/api/health", "/api/keys", "/api/keys/{id}", "/api/producers", "/api/producers/{id}", "/api/products", "/api/products/{id}",
        "/api/products/{id}/publish", "/api/products/{id}/unpublish", "/api/products/{id}/certificate/revocation",
        "/api/products/{id}/certificate/confirm", "/api/products/{id}/certificate/reject",
        "/api/products/{id}/certificate/history",
        "/p/{slug}",
    ];

    private async Task<JsonObject> OpenApiAsync()
    {
        var response = await _anonymous.GetAsync("/api/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_every_route()
    {
        var document = await OpenApiAsync();
        Assert.Matches(@"^3\.\d+\.\d+$", document["openapi"]?.GetValue<string>() ?? "");
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToHashSet();
        var missing = Routes.Where(r => !paths.Contains(r)).ToList();
        Assert.True(missing.Count == 0, $"Missing from the OpenAPI paths: {string.Join(", ", missing)}; it has: {string.Join(", ", paths.Order())}");
    }

    [Fact]
    public async Task The_OpenAPI_document_says_calls_carry_the_x_api_key_header()
    {
        var document = await OpenApiAsync();
        var schemes = document["components"]?["securitySchemes"]?.AsObject() ?? [];
        var apiKey = schemes.Where(s => s.Value?["type"]?.GetValue<string>() == "apiKey"
                                        && s.Value?["in"]?.GetValue<string>() == "header"
                                        && s.Value?["name"]?.GetValue<string>() == "x-api-key")
            .Select(s => s.Key).ToList();
        Assert.True(apiKey.Count == 1, $"No single x-api-key header scheme in components.securitySchemes: {schemes.ToJsonString()}");
        // The document requires it, so generated clients and the reference page's "try it" send the key.
        var required = (document["security"]?.AsArray() ?? []).SelectMany(r => r!.AsObject().Select(kv => kv.Key));
        Assert.Contains(apiKey[0], required);
    }

    [Fact]
    public async Task The_API_reference_page_is_served_with_its_scripts_from_the_app_itself()
    {
        var page = await _anonymous.GetAsync("/api/docs/");
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"GET /api/docs/ was {(int)page.StatusCode}: {html}");
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);

        var sources = ScriptSource().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups["src"].Value)).ToList();
        Assert.NotEmpty(sources);
        var docs = new Uri(shared.App.BaseAddress, "/api/docs/");
        foreach (var src in sources)
        {
            var url = new Uri(docs, src);
            Assert.True(url.GetLeftPart(UriPartial.Authority) == docs.GetLeftPart(UriPartial.Authority),
                $"The reference page loads a script from another origin: {src}");
            var script = await _anonymous.GetAsync(url);
            Assert.True(script.StatusCode == HttpStatusCode.OK, $"Script {src} ({url}) was {(int)script.StatusCode}");
            Assert.True((await script.Content.ReadAsByteArrayAsync()).Length > 0, $"Script {src} is empty");
        }
    }

    [GeneratedRegex("""<script\b[^>]*\bsrc\s*=\s*["'](?<src>[^"']+)["']""", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptSource();
}

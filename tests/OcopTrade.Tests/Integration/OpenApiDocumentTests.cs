using System.Text.Json.Nodes;
using OcopTrade.Functions.Platform;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Integration;

/// <summary>What a client generator reads from /api/openapi.json: every operation named after its function, its
/// errors as problem+json, the bodies it takes, and no property required that the app leaves out.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class OpenApiDocumentTests(SharedApp shared)
{
    private static readonly string[] Verbs = ["get", "put", "post", "delete", "patch"];

    private async Task<JsonObject> DocumentAsync()
    {
        using var client = shared.App.Client(null);
        return JsonNode.Parse(await client.GetStringAsync("/api/openapi.json"))!.AsObject();
    }

    private static IEnumerable<(string Name, JsonObject Operation)> Operations(JsonObject document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(o => Verbs.Contains(o.Key)).Select(o => ($"{o.Key} {path.Key}", o.Value!.AsObject())));

    [Fact]
    public async Task Every_operation_is_named_after_its_function_and_described()
    {
        var functions = HttpFunction.All(typeof(HttpPolicy).Assembly).Select(f => f.Name).ToHashSet();
        var operations = Operations(await DocumentAsync()).ToList();
        Assert.All(operations, o => Assert.True(
            functions.Contains(o.Operation["operationId"]?.GetValue<string>() ?? "")
            && !string.IsNullOrWhiteSpace(o.Operation["description"]?.GetValue<string>()),
            $"{o.Name}: operationId {o.Operation["operationId"]}, description {o.Operation["description"]}"));
    }

    [Fact]
    public async Task Every_error_an_operation_lists_is_a_problem_and_every_operation_lists_500()
    {
        foreach (var (name, operation) in Operations(await DocumentAsync()))
        {
            var responses = operation["responses"]!.AsObject();
            Assert.True(responses.ContainsKey("500"), $"{name} does not list 500");
            var errors = responses.Where(r => r.Key[0] is '4' or '5' && !(name.StartsWith("get /api/health")))
                .Where(r => r.Value!["content"]?["text/html"] is null);
            Assert.All(errors, r => Assert.True(r.Value!["content"]?["application/problem+json"] is not null,
                $"{name} {r.Key} is not application/problem+json: {r.Value!.ToJsonString()}"));
        }
    }

    [Theory]
    [InlineData("/api/revenue/imports", "post", "text/csv")]
    [InlineData("/api/plans/import", "post", "text/csv")]
    [InlineData("/api/products/{id}/images", "post", "multipart/form-data")]
    [InlineData("/api/products/{id}/images/{imageId}", "patch", "application/json")]
    [InlineData("/api/products/{id}/images/order", "put", "application/json")]
    [InlineData("/api/products/{id}/images/upload-url", "post", "application/json")]
    public async Task An_operation_that_reads_a_body_declares_it(string path, string verb, string contentType)
    {
        var body = (await DocumentAsync())["paths"]![path]![verb]!["requestBody"];
        Assert.True(body?["content"]?[contentType] is not null, $"{verb} {path} declares no {contentType} body: {body}");
    }

    [Fact]
    public async Task No_property_that_may_be_null_is_required_because_the_app_leaves_nulls_out()
    {
        var schemas = (await DocumentAsync())["components"]!["schemas"]!.AsObject();
        foreach (var (name, schema) in schemas)
        {
            var required = schema!["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? [];
            var nullable = required.Where(p => MayBeNull(schema["properties"]![p]!)).ToList();
            Assert.True(nullable.Count == 0, $"{name} requires {string.Join(", ", nullable)}, which may be null");
        }
    }

    [Fact]
    public async Task The_document_names_a_contact_and_its_server_without_a_trailing_slash()
    {
        var document = await DocumentAsync();
        Assert.NotNull(document["info"]!["contact"]?["email"]);
        Assert.All(document["servers"]!.AsArray(), s => Assert.False(s!["url"]!.GetValue<string>().EndsWith('/')));
    }

    private static bool MayBeNull(JsonNode property) =>
        property["type"] is JsonArray types && types.Any(t => t!.GetValue<string>() == "null")
        || (property["oneOf"]?.AsArray() ?? []).Any(s => s!["type"]?.GetValue<string>() == "null");
}

using System.Collections.Concurrent;
using System.Text.Json;
using Json.Pointer;
using Json.Schema;

namespace OcopTrade.Tests.Support;

/// <summary>The app's OpenAPI document as a judge of its answers: for a request it finds the operation (by method
/// and path template) and says how the answer departs from what the operation declares: a status it does not
/// list, a content type it does not list for that status, or a JSON body its schema refuses.</summary>
public sealed class ApiContract
{
    private static readonly Uri DocumentUri = new("https://ocoptrade.test/openapi.json");
    private readonly JsonElement _paths;
    private readonly List<PathTemplate> _templates;
    private readonly BuildOptions _build;
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new();

    public ApiContract(string documentJson)
    {
        var root = JsonDocument.Parse(documentJson).RootElement;
        _paths = root.GetProperty("paths");
        _templates = _paths.EnumerateObject().Select(p => new PathTemplate(p.Name))
            .OrderByDescending(t => t.Literals).ToList();
        var registry = new SchemaRegistry();
        registry.Register(DocumentUri, new JsonElementBaseDocument(root, DocumentUri));
        _build = new BuildOptions { SchemaRegistry = registry };
    }

    /// <summary>The operation a request reaches, as "METHOD /template", or null when the document describes no
    /// operation there (pages, static files): those answers are not judged. HEAD is judged as its GET.</summary>
    public string? OperationOf(HttpMethod method, string path)
    {
        var verb = method == HttpMethod.Head ? "get" : method.Method.ToLowerInvariant();
        var template = _templates.FirstOrDefault(t =>
            t.Matches(path) && _paths.GetProperty(t.Text).TryGetProperty(verb, out _));
        return template is null ? null : $"{verb} {template.Text}";
    }

    /// <summary>What is wrong with the answer; empty when it is what the document says.</summary>
    public IReadOnlyList<string> Violations(string operation, int status, string? mediaType, ReadOnlySpan<byte> body)
    {
        var (verb, path) = (operation[..operation.IndexOf(' ')], operation[(operation.IndexOf(' ') + 1)..]);
        var responses = _paths.GetProperty(path).GetProperty(verb).GetProperty("responses");
        if (!responses.TryGetProperty(status.ToString(), out var response))
            return [$"status {status} is not declared (declared: {string.Join(", ", Names(responses))})"];
        if (body.IsEmpty) return [];
        if (!response.TryGetProperty("content", out var content)
            || !content.TryGetProperty(mediaType ?? "", out var media))
            return [$"content type {mediaType} is not declared for {status} (declared: "
                + $"{string.Join(", ", content.ValueKind == JsonValueKind.Object ? Names(content) : [])})"];
        if (!IsJson(mediaType) || !media.TryGetProperty("schema", out _)) return [];
        var pointer = JsonPointer.Create("paths", path, verb, "responses", status.ToString(), "content", mediaType!,
            "schema");
        return SchemaErrors(pointer, body);
    }

    private List<string> SchemaErrors(JsonPointer pointer, ReadOnlySpan<byte> body)
    {
        JsonElement instance;
        try { instance = JsonDocument.Parse(body.ToArray()).RootElement; }
        catch (JsonException e) { return [$"the body is not JSON: {e.Message}"]; }
        // A '+' in the fragment (application/problem+json) would be read as a space: it goes percent-encoded.
        var schema = _schemas.GetOrAdd(pointer.ToString(), p => JsonSchema.FromText(JsonSerializer.Serialize(
            new Dictionary<string, string> { ["$ref"] = DocumentUri + "#" + p.Replace("+", "%2B") }), _build));
        var results = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid) return [];
        return (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}"))
            .DefaultIfEmpty("the body does not match the schema").ToList();
    }

    public static bool IsJson(string? mediaType) =>
        mediaType is "application/json" || (mediaType?.EndsWith("+json", StringComparison.Ordinal) ?? false);

    private static IEnumerable<string> Names(JsonElement element) => element.EnumerateObject().Select(p => p.Name);

    private sealed class PathTemplate(string text)
    {
        private readonly string[] _segments = text.Trim('/').Split('/');
        public string Text { get; } = text;
        public int Literals => _segments.Count(s => !s.StartsWith('{'));

        public bool Matches(string path)
        {
            var segments = path.Trim('/').Split('/');
            return segments.Length == _segments.Length && _segments.Zip(segments).All(p =>
                p.First.StartsWith('{') ? p.Second.Length > 0 : p.First.Equals(p.Second, StringComparison.Ordinal));
        }
    }
}

/// <summary>Holds every answer a test client receives to the app's document: an answer the document does not
/// describe fails the test that received it, naming operation, status and what is wrong.</summary>
public sealed class ContractCheck(Func<Task<ApiContract>> contract, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var judge = await contract();
        if (judge.OperationOf(request.Method, request.RequestUri!.AbsolutePath) is not { } operation) return response;
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var body = await BodyAsync(request, response, mediaType, cancellationToken);
        var violations = judge.Violations(operation, (int)response.StatusCode, mediaType, body);
        if (violations.Count > 0)
            throw new ContractViolation($"{request.Method} {request.RequestUri.PathAndQuery} answered "
                + $"{(int)response.StatusCode} {mediaType}, which {operation} does not declare:\n  "
                + string.Join("\n  ", violations) + "\nBody: " + Truncated(body));
        return response;
    }

    /// <summary>JSON is read (and kept for the test); other bodies are only judged by their content type, and
    /// a body the answer has is stood in for by one byte so streams stay unread.</summary>
    private static async Task<byte[]> BodyAsync(HttpRequestMessage request, HttpResponseMessage response,
        string? mediaType, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Head) return [];
        if (ApiContract.IsJson(mediaType))
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            return await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
        var empty = response.Content.Headers.ContentLength == 0 || (mediaType is null
            && response.Content.Headers.ContentLength is null);
        return empty ? [] : [0];
    }

    private static string Truncated(byte[] body) =>
        body.Length == 0 ? "(none)" : System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 600)));
}

public sealed class ContractViolation(string message) : Exception(message);

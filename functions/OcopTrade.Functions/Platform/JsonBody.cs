using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace OcopTrade.Functions.Platform;

/// <summary>Reads a JSON request body under a size limit and turns every way it can be wrong into a problem
/// that names the field, instead of the framework's generic 400 or a 500.</summary>
public static partial class JsonBody
{
    public const long DefaultLimit = 64 * 1024;

    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(
        HttpRequest request, CancellationToken cancellationToken, long limit = DefaultLimit) where T : class
    {
        var (bytes, problem) = await ReadBytesAsync(request, limit, cancellationToken);
        return problem is not null ? (null, problem) : Deserialize<T>(bytes!);
    }

    /// <summary>Reads the body of a replacement, which may be what GET answered: read-only members equal to
    /// <paramref name="stored"/> (the record as GET shows it) are dropped, changed ones refused by name.</summary>
    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadReplacementAsync<T>(
        HttpRequest request, object stored, CancellationToken cancellationToken, long limit = DefaultLimit)
        where T : class
    {
        var (bytes, problem) = await ReadBytesAsync(request, limit, cancellationToken);
        if (problem is not null) return (null, problem);
        if (ParseObject(bytes!) is not { } body) return Deserialize<T>(bytes!);

        var errors = new FieldErrors();
        var members = body.Count;
        ReadOnlyFields.Strip(body, JsonSerializer.SerializeToNode(stored, stored.GetType(), Json.Options),
            Json.Options.GetTypeInfo(typeof(T)), errors);
        if (errors.Any) return (null, Problems.Invalid(errors.ToDictionary()));
        return Deserialize<T>(members == body.Count ? bytes! : Rewrite(body) ?? bytes!);
    }

    /// <summary>The body without the dropped members; null when it holds text no writer takes (an unpaired
    /// surrogate), and then the original is read so its fields are reported as usual.</summary>
    private static byte[]? Rewrite(JsonObject body)
    {
        try { return JsonSerializer.SerializeToUtf8Bytes(body, Json.Options); }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException) { return null; }
    }

    private static async Task<(byte[]? Bytes, ProblemHttpResult? Problem)> ReadBytesAsync(
        HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
            return (null, Problems.UnsupportedMediaType("application/json"));
        if (request.ContentLength > limit)
            return (null, Problems.TooLarge(limit));

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
                return (null, Problems.TooLarge(limit));
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
            return (null, Problems.Invalid("body", "The request body is empty; send a JSON object."));
        return (buffer.ToArray(), null);
    }

    /// <summary>The body as an object to strip, or null when it is not one: then the reader reports why.</summary>
    private static JsonObject? ParseObject(byte[] bytes)
    {
        try
        {
            if (JsonNode.Parse(bytes) is not JsonObject body) return null;
            _ = body.Count; // members are read lazily: a duplicate name throws here, not while stripping
            return body;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private static (T? Value, ProblemHttpResult? Problem) Deserialize<T>(ReadOnlySpan<byte> bytes) where T : class
    {
        try
        {
            var value = JsonSerializer.Deserialize<T>(bytes, Json.Options);
            return value is null
                ? (null, Problems.Invalid("body", "The request body must be a JSON object, not null."))
                : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Problems.Invalid(FieldOf(e), Describe(e)));
        }
    }

    private static string FieldOf(JsonException e)
    {
        var unmapped = UnmappedProperty().Match(e.Message);
        if (!unmapped.Success) return FieldOf(e.Path);
        var parent = FieldOf(e.Path);
        var name = unmapped.Groups[1].Value;
        return parent == "body" || parent.EndsWith(name, StringComparison.Ordinal) ? (parent == "body" ? name : parent) : parent + "." + name;
    }

    [System.Text.RegularExpressions.GeneratedRegex("The JSON property '([^']+)' could not be mapped")]
    private static partial System.Text.RegularExpressions.Regex UnmappedProperty();

    /// <summary>"$.certificate.issueDate" → "certificate.issueDate", the name a client sent.</summary>
    public static string FieldOf(string? jsonPath)
    {
        if (string.IsNullOrEmpty(jsonPath) || jsonPath == "$") return "body";
        return jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');
    }

    private static string Describe(JsonException e)
    {
        var message = e.Message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
            return "This field is unknown or read-only.";
        if (message.Contains("could not be converted", StringComparison.Ordinal))
            return "This field has the wrong type or format.";
        if (e.InnerException is FormatException or InvalidOperationException)
            return "This field has the wrong type or format.";
        return "The body is not valid JSON here.";
    }
}

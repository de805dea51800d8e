using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace OcopTrade.Cli;

/// <summary>A refused or failed request, with the server's problem details in words. <c>Refused</c>: a 4xx, the
/// request itself was wrong (retrying will not help); otherwise the server or network failed.</summary>
public sealed class ApiException(string message, bool refused) : Exception(message)
{
    public bool Refused { get; } = refused;
}

/// <summary>The few calls the tool makes, with the key in x-api-key.</summary>
public sealed class OcopApi : IDisposable
{
    private readonly HttpClient _http;

    public OcopApi(string url, string key)
    {
        _http = new HttpClient { BaseAddress = new Uri(url.TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(10) };
        _http.DefaultRequestHeaders.Add("x-api-key", key);
    }

    public async Task<(JsonObject Status, string Location)> UploadAsync(string path, string contentType, bool allOrNothing, CancellationToken ct)
    {
        await using var file = File.OpenRead(path);
        using var content = new StreamContent(file);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await _http.PostAsync("api/revenue/imports" + (allOrNothing ? "?allOrNothing=true" : ""), content, ct);
        var status = await ReadAsync(response, ct);
        return (status, response.Headers.Location?.ToString().TrimStart('/') ?? $"api/revenue/imports/{status["id"]}");
    }

    public async Task<JsonObject> GetAsync(string path, CancellationToken ct)
    {
        using var response = await _http.GetAsync(path, ct);
        return await ReadAsync(response, ct);
    }

    public async Task<byte[]> DownloadAsync(string path, CancellationToken ct)
    {
        using var response = await _http.GetAsync(path, ct);
        if (!response.IsSuccessStatusCode) await ReadAsync(response, ct);
        return await response.Content.ReadAsByteArrayAsync(ct);
    }

    public async Task<JsonObject> PostAsync(string path, CancellationToken ct)
    {
        using var response = await _http.PostAsync(path, null, ct);
        return await ReadAsync(response, ct);
    }

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        JsonObject? json = null;
        try { json = JsonNode.Parse(body) as JsonObject; } catch (System.Text.Json.JsonException) { }
        if (response.IsSuccessStatusCode && json is not null) return json;
        // problem+json: the Vietnamese title, the English detail and the fields it names.
        var words = json is null ? body : string.Join(" ", new[] { json["title"]?.ToString(), json["detail"]?.ToString() }.Where(s => !string.IsNullOrEmpty(s)));
        if (json?["errors"] is JsonObject errors)
            words += " " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value!.AsArray().Select(v => v!.ToString()))}"));
        throw new ApiException($"{(int)response.StatusCode} {words}".Trim(), (int)response.StatusCode is >= 400 and < 500);
    }

    public void Dispose() => _http.Dispose();
}

using System.Net;
using System.Text.Json.Nodes;

namespace OcopTrade.Functions.Syndication;

/// <summary>What a marketplace said about a listing.</summary>
public abstract record PublishOutcome;
public sealed record Published(string ExternalId, string Url) : PublishOutcome;
public sealed record Refused(IReadOnlyList<MarketplaceReason> Reasons) : PublishOutcome;

/// <summary>One refusal in the marketplace's own terms; <see cref="ReasonTexts"/> turns it into words for a producer.</summary>
public sealed record MarketplaceReason(string Code, string? Field, string Message);

/// <summary>The marketplace asks us to slow down (429 beyond what the resilience pipeline waits out inline).</summary>
public sealed class MarketplaceThrottledException(string channel, TimeSpan retryAfter)
    : Exception($"{channel} answered 429; retry after {retryAfter.TotalSeconds:F0} s.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>The marketplace failed (5xx, timeout, open circuit); the job is retried by the queue.</summary>
public sealed class MarketplaceUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The marketplace refused our credentials: no retry helps until someone fixes them.</summary>
public class MarketplaceAuthException(string message) : Exception(message);

public interface IMarketplaceConnector
{
    string Channel { get; }

    /// <summary>Creates or updates the listing with this SKU; never creates a second one.</summary>
    Task<PublishOutcome> PublishAsync(MarketplaceCredential credential, MarketplaceListing listing, string? externalId, CancellationToken cancellationToken);

    /// <summary>Takes the listing down (hidden or unlisted, never deleted: the marketplace keeps its reviews).</summary>
    Task DelistAsync(MarketplaceCredential credential, string externalId, CancellationToken cancellationToken);
}

/// <summary>What every connector does the same way: classify an answer the resilience pipeline gave up on.</summary>
public static class MarketplaceAnswers
{
    /// <summary>Turns throttling, failures and refused credentials into exceptions; returns for 2xx and 4xx refusals.</summary>
    public static void ThrowIfNotUsable(string channel, HttpResponseMessage response)
    {
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
            throw new MarketplaceThrottledException(channel, RetryAfter(response) ?? TimeSpan.FromSeconds(5));
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            throw new MarketplaceAuthException($"{channel} refused the producer's credentials ({(int)response.StatusCode}).");
        if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout)
            throw new MarketplaceUnavailableException($"{channel} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
    }

    public static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
            _ => null,
        };

    public static async Task<JsonObject> BodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try { return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) as JsonObject ?? []; }
        catch (System.Text.Json.JsonException) { return []; }
    }

    public static List<MarketplaceReason> Reasons(JsonArray? details) =>
        details?.OfType<JsonObject>().Select(d => new MarketplaceReason(
            d["code"]?.GetValue<string>() ?? "UNKNOWN", d["field"]?.GetValue<string>(), d["message"]?.GetValue<string>() ?? "")).ToList() ?? [];

    public static string? Text(this JsonNode? node) =>
        node is JsonValue v ? (v.TryGetValue(out string? s) ? s : v.ToJsonString()) : null;
}

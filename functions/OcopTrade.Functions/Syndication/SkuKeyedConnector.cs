using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OcopTrade.Functions.Syndication;

/// <summary>The flow voso and postmart share: update the listing we know; otherwise create it, and when the
/// marketplace answers that the SKU exists (a first attempt created it and crashed before we recorded its id),
/// update that one. Subclasses say only how each marketplace names things.</summary>
public abstract partial class SkuKeyedConnector(HttpClient http) : IMarketplaceConnector
{
    public abstract string Channel { get; }
    protected abstract string CreatePath { get; }
    protected abstract HttpMethod UpdateMethod { get; }
    protected abstract string UpdatePath(string externalId);
    protected abstract (HttpMethod Method, string Path) DelistRequest(string externalId);
    protected abstract void Authorize(HttpRequestMessage request, MarketplaceCredential credential);
    protected abstract JsonObject Body(MarketplaceListing listing);
    /// <summary>The existing listing's id in a duplicate-SKU answer.</summary>
    protected abstract string? ExistingId(JsonObject conflict);
    protected abstract PublishOutcome Outcome(HttpResponseMessage response, JsonObject json);

    public async Task<PublishOutcome> PublishAsync(MarketplaceCredential credential, MarketplaceListing listing, string? externalId, CancellationToken cancellationToken)
    {
        var body = Body(listing);
        if (externalId is not null)
        {
            using var update = await SendAsync(UpdateMethod, UpdatePath(externalId), credential, body, cancellationToken);
            if (update.StatusCode != HttpStatusCode.NotFound) return await OutcomeAsync(update, cancellationToken);
        }
        using var create = await SendAsync(HttpMethod.Post, CreatePath, credential, body, cancellationToken);
        if (create.StatusCode == HttpStatusCode.Conflict)
        {
            var existing = ExistingId(await MarketplaceAnswers.BodyAsync(create, cancellationToken))
                ?? throw new MarketplaceUnavailableException($"{Channel} reported a duplicate SKU without naming the existing listing.");
            using var update = await SendAsync(UpdateMethod, UpdatePath(existing), credential, body, cancellationToken);
            return await OutcomeAsync(update, cancellationToken);
        }
        return await OutcomeAsync(create, cancellationToken);
    }

    public async Task DelistAsync(MarketplaceCredential credential, string externalId, CancellationToken cancellationToken)
    {
        var (method, path) = DelistRequest(externalId);
        using var response = await SendAsync(method, path, credential, null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return; // already gone
        MarketplaceAnswers.ThrowIfNotUsable(Channel, response);
        if (!response.IsSuccessStatusCode) throw new MarketplaceUnavailableException($"{Channel} refused the delisting ({(int)response.StatusCode}).");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, MarketplaceCredential credential, JsonObject? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        Authorize(request, credential);
        if (body is not null) request.Content = JsonContent.Create(body);
        return await http.SendAsync(request, cancellationToken);
    }

    private async Task<PublishOutcome> OutcomeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        MarketplaceAnswers.ThrowIfNotUsable(Channel, response);
        return Outcome(response, await MarketplaceAnswers.BodyAsync(response, cancellationToken));
    }

    protected static List<MarketplaceReason> ReasonsOr(JsonArray? details, string code, string? message)
    {
        var reasons = MarketplaceAnswers.Reasons(details);
        if (reasons.Count == 0) reasons.Add(new(code, null, message ?? ""));
        return reasons;
    }
}

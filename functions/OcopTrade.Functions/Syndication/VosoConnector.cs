using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OcopTrade.Functions.Syndication;

/// <summary>voso.vn through the contract in simulators/OcopTrade.MarketplaceSimulator/CONTRACTS.md ("voso"): a
/// bearer token per seller; POST creates, PUT updates, DELETE hides; 409 SKU_DUPLICATE names the existing product.</summary>
public sealed class VosoConnector(HttpClient http) : IMarketplaceConnector
{
    public string Channel => Channels.Voso.Name;

    public async Task<PublishOutcome> PublishAsync(MarketplaceCredential credential, MarketplaceListing listing, string? externalId, CancellationToken cancellationToken)
    {
        var body = Body(listing);
        if (externalId is not null)
        {
            using var update = await SendAsync(HttpMethod.Put, $"v1/products/{Uri.EscapeDataString(externalId)}", credential, body, cancellationToken);
            if (update.StatusCode != HttpStatusCode.NotFound) return await OutcomeAsync(update, cancellationToken);
        }
        using var create = await SendAsync(HttpMethod.Post, "v1/products", credential, body, cancellationToken);
        if (create.StatusCode == HttpStatusCode.Conflict)
        {
            // A first attempt created it and crashed before recording the id: update that one instead.
            var existing = (await MarketplaceAnswers.BodyAsync(create, cancellationToken))["error"]?["productId"].Text()
                ?? throw new MarketplaceUnavailableException("voso reported a duplicate SKU without its product id.");
            using var update = await SendAsync(HttpMethod.Put, $"v1/products/{Uri.EscapeDataString(existing)}", credential, body, cancellationToken);
            return await OutcomeAsync(update, cancellationToken);
        }
        return await OutcomeAsync(create, cancellationToken);
    }

    public async Task DelistAsync(MarketplaceCredential credential, string externalId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"v1/products/{Uri.EscapeDataString(externalId)}", credential, null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return; // already gone
        MarketplaceAnswers.ThrowIfNotUsable(Channel, response);
        if (!response.IsSuccessStatusCode) throw new MarketplaceUnavailableException($"voso refused the delisting ({(int)response.StatusCode}).");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, MarketplaceCredential credential, JsonObject? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential.Secret());
        if (body is not null) request.Content = JsonContent.Create(body);
        return await http.SendAsync(request, cancellationToken);
    }

    private async Task<PublishOutcome> OutcomeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        MarketplaceAnswers.ThrowIfNotUsable(Channel, response);
        var json = await MarketplaceAnswers.BodyAsync(response, cancellationToken);
        if (response.IsSuccessStatusCode && json["data"] is JsonObject data)
            return new Published(data["productId"].Text()!, data["url"].Text()!);
        var reasons = MarketplaceAnswers.Reasons(json["error"]?["details"] as JsonArray);
        if (reasons.Count == 0) reasons.Add(new(json["error"]?["code"].Text() ?? $"HTTP_{(int)response.StatusCode}", null, json["error"]?["message"].Text() ?? ""));
        return new Refused(reasons);
    }

    private static JsonObject Body(MarketplaceListing l) => new()
    {
        ["sku"] = l.Sku,
        ["name"] = l.Title,
        ["description"] = l.Description,
        ["categoryId"] = l.CategoryId,
        ["price"] = l.PriceVnd,
        ["stock"] = l.Stock,
        ["weightGram"] = l.WeightGrams,
        ["images"] = new JsonArray([.. l.Images.Select(i => JsonValue.Create(i.Url))]),
        ["attributes"] = new JsonArray([.. l.Attributes.Select(a => (JsonNode)new JsonObject { ["name"] = a.Key, ["value"] = a.Value })]),
    };
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OcopTrade.Functions.Syndication;

/// <summary>postmart.vn through the contract in CONTRACTS.md ("postmart"): X-Api-Key and X-Shop-Code per seller;
/// items keyed by itemCode (our SKU); 409 ITEM_CODE_EXISTS names the existing item.</summary>
public sealed class PostmartConnector(HttpClient http) : IMarketplaceConnector
{
    public string Channel => Channels.Postmart.Name;

    public async Task<PublishOutcome> PublishAsync(MarketplaceCredential credential, MarketplaceListing listing, string? externalId, CancellationToken cancellationToken)
    {
        var body = Body(listing);
        if (externalId is not null)
        {
            using var update = await SendAsync(HttpMethod.Put, $"items/{Uri.EscapeDataString(externalId)}", credential, body, cancellationToken);
            if (update.StatusCode != HttpStatusCode.NotFound) return await OutcomeAsync(update, cancellationToken);
        }
        using var create = await SendAsync(HttpMethod.Post, "items", credential, body, cancellationToken);
        if (create.StatusCode == HttpStatusCode.Conflict)
        {
            var existing = (await MarketplaceAnswers.BodyAsync(create, cancellationToken))["result"]?["itemId"].Text()
                ?? throw new MarketplaceUnavailableException("postmart reported a duplicate item code without its item id.");
            using var update = await SendAsync(HttpMethod.Put, $"items/{Uri.EscapeDataString(existing)}", credential, body, cancellationToken);
            return await OutcomeAsync(update, cancellationToken);
        }
        return await OutcomeAsync(create, cancellationToken);
    }

    public async Task DelistAsync(MarketplaceCredential credential, string externalId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, $"items/{Uri.EscapeDataString(externalId)}/deactivate", credential, null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return;
        MarketplaceAnswers.ThrowIfNotUsable(Channel, response);
        if (!response.IsSuccessStatusCode) throw new MarketplaceUnavailableException($"postmart refused the delisting ({(int)response.StatusCode}).");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, MarketplaceCredential credential, JsonObject? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Api-Key", credential.Secret());
        request.Headers.Add("X-Shop-Code", credential.Account);
        if (body is not null) request.Content = JsonContent.Create(body);
        return await http.SendAsync(request, cancellationToken);
    }

    private async Task<PublishOutcome> OutcomeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        MarketplaceAnswers.ThrowIfNotUsable(Channel, response);
        var json = await MarketplaceAnswers.BodyAsync(response, cancellationToken);
        if (response.IsSuccessStatusCode && json["success"]?.GetValue<bool>() == true && json["result"] is JsonObject result)
            return new Published(result["itemId"].Text()!, result["link"].Text()!);
        var reasons = MarketplaceAnswers.Reasons(json["errors"] as JsonArray);
        if (reasons.Count == 0) reasons.Add(new(json["errorCode"].Text() ?? $"HTTP_{(int)response.StatusCode}", null, json["message"].Text() ?? ""));
        return new Refused(reasons);
    }

    private static JsonObject Body(MarketplaceListing l) => new()
    {
        ["itemCode"] = l.Sku,
        ["title"] = l.Title,
        ["content"] = l.Description,
        ["categoryCode"] = l.CategoryId,
        ["salePrice"] = l.PriceVnd,
        ["quantity"] = l.Stock,
        ["weightKg"] = Math.Round(l.WeightGrams / 1000.0, 3),
        ["imageUrls"] = new JsonArray([.. l.Images.Select(i => JsonValue.Create(i.Url))]),
        ["attributes"] = new JsonObject([.. l.Attributes.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)JsonValue.Create(a.Value)))]),
    };
}

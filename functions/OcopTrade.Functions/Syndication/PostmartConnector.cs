using System.Text.Json.Nodes;

namespace OcopTrade.Functions.Syndication;

/// <summary>postmart.vn through the contract in CONTRACTS.md ("postmart"): X-Api-Key and X-Shop-Code per seller;
/// items keyed by itemCode (our SKU); 409 ITEM_CODE_EXISTS names the existing item.</summary>
public sealed class PostmartConnector(HttpClient http) : SkuKeyedConnector(http)
{
    public override string Channel => Channels.Postmart.Name;
    protected override string CreatePath => "items";
    protected override HttpMethod UpdateMethod => HttpMethod.Put;
    protected override string UpdatePath(string externalId) => $"items/{Uri.EscapeDataString(externalId)}";
    protected override (HttpMethod, string) DelistRequest(string externalId) => (HttpMethod.Post, UpdatePath(externalId) + "/deactivate");

    protected override string OrdersPath(DateTimeOffset since, int page) =>
        $"orders?updatedAfter={Iso(since)}&page={page}&pageSize={OrdersPageSize}";

    protected override (JsonArray?, bool) OrdersPage(JsonObject json) =>
        (json["result"]?["orders"] as JsonArray, json["result"]?["hasMore"]?.GetValue<bool>() == true);

    protected override void Authorize(HttpRequestMessage request, MarketplaceCredential credential)
    {
        request.Headers.Add("X-Api-Key", credential.Secret());
        request.Headers.Add("X-Shop-Code", credential.Account);
    }

    protected override string? ExistingId(JsonObject conflict) => conflict["result"]?["itemId"].Text();

    protected override PublishOutcome Outcome(HttpResponseMessage response, JsonObject json) =>
        response.IsSuccessStatusCode && json["success"]?.GetValue<bool>() == true && json["result"] is JsonObject result
            ? new Published(result["itemId"].Text()!, result["link"].Text()!)
            : new Refused(ReasonsOr(json["errors"] as JsonArray, json["errorCode"].Text() ?? $"HTTP_{(int)response.StatusCode}", json["message"].Text()));

    protected override JsonObject Body(MarketplaceListing l) => new()
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

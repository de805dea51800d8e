using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace OcopTrade.Functions.Syndication;

/// <summary>voso.vn through the contract in simulators/OcopTrade.MarketplaceSimulator/CONTRACTS.md ("voso"): a
/// bearer token per seller; POST creates, PUT updates, DELETE hides; 409 SKU_DUPLICATE names the existing product.</summary>
public sealed class VosoConnector(HttpClient http) : SkuKeyedConnector(http)
{
    public override string Channel => Channels.Voso.Name;
    protected override string CreatePath => "v1/products";
    protected override HttpMethod UpdateMethod => HttpMethod.Put;
    protected override string UpdatePath(string externalId) => $"v1/products/{Uri.EscapeDataString(externalId)}";
    protected override (HttpMethod, string) DelistRequest(string externalId) => (HttpMethod.Delete, UpdatePath(externalId));

    protected override string OrdersPath(DateTimeOffset since, int page) =>
        $"v1/orders?updatedFrom={Iso(since)}&page={page}&pageSize={OrdersPageSize}";

    protected override (JsonArray?, bool) OrdersPage(JsonObject json) =>
        (json["data"] as JsonArray, json["hasMore"]?.GetValue<bool>() == true);

    protected override void Authorize(HttpRequestMessage request, MarketplaceCredential credential) =>
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential.Secret());

    protected override string? ExistingId(JsonObject conflict) => conflict["error"]?["productId"].Text();

    protected override PublishOutcome Outcome(HttpResponseMessage response, JsonObject json) =>
        response.IsSuccessStatusCode && json["data"] is JsonObject data
            ? new Published(data["productId"].Text()!, data["url"].Text()!)
            : new Refused(ReasonsOr(json["error"]?["details"] as JsonArray, json["error"]?["code"].Text() ?? $"HTTP_{(int)response.StatusCode}", json["error"]?["message"].Text()));

    protected override JsonObject Body(MarketplaceListing l) => new()
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

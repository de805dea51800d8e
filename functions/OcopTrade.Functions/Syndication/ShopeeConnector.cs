using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;

namespace OcopTrade.Functions.Syndication;

/// <summary>Shopee Open Platform v2's request signing for shop-level APIs: HMAC-SHA256 keyed by the partner key
/// over <c>partner_id + api path + timestamp + access_token + shop_id</c>, lower-case hex, sent with those values
/// as query parameters (open.shopee.com, developer guide "API calls"; the timestamp is valid for 5 minutes).</summary>
public static class ShopeeSigner
{
    public static string Sign(string partnerKey, string partnerId, string path, long timestamp, string accessToken, string shopId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(partnerKey),
            Encoding.UTF8.GetBytes(partnerId + path + timestamp.ToString(CultureInfo.InvariantCulture) + accessToken + shopId)));

    public static string SignedPath(string partnerKey, string partnerId, string path, long timestamp, string accessToken, string shopId) =>
        $"{path.TrimStart('/')}?partner_id={Uri.EscapeDataString(partnerId)}&timestamp={timestamp}" +
        $"&access_token={Uri.EscapeDataString(accessToken)}&shop_id={Uri.EscapeDataString(shopId)}" +
        $"&sign={Sign(partnerKey, partnerId, path, timestamp, accessToken, shopId)}";
}

/// <summary>Shopee through Open Platform v2 (CONTRACTS.md, "shopee"): the app's partner id and key, the producer's
/// shop id (Account) and access token: the producer's authorisation in the secret store
/// (ShopeeConnector.Authorisation.cs), or a configured Secret. Photos are uploaded first
/// (media_space/upload_image), then the item is added with <c>item_sku</c> = our SKU; a duplicate-SKU answer
/// carries the existing item_id, which is updated.</summary>
public sealed partial class ShopeeConnector(
    HttpClient http, IConfiguration configuration, Platform.PublicPhotos photos, TimeProvider clock,
    MarketplaceAuthorisationStore authorisations, IMarketplaceTokenVault vault, ILogger<ShopeeConnector> logger)
    : IMarketplaceConnector
{
    public string Channel => Channels.Shopee.Name;

    private string PartnerId => configuration["Syndication:Marketplaces:shopee:PartnerId"] ?? "1000001";
    private string PartnerKey => configuration["Syndication:Marketplaces:shopee:PartnerKey"] ?? "sim-shopee-partner-key";

    public async Task<PublishOutcome> PublishAsync(MarketplaceCredential credential, MarketplaceListing listing, string? externalId, CancellationToken cancellationToken)
    {
        var imageIds = new JsonArray();
        foreach (var image in listing.Images)
            imageIds.Add(await UploadAsync(credential, image, cancellationToken));
        var body = Body(listing, imageIds);
        if (externalId is not null && long.TryParse(externalId, out var itemId))
        {
            body["item_id"] = itemId;
            var (updated, updateJson) = await CallAsync("/api/v2/product/update_item", credential, body, cancellationToken);
            if (updateJson["error"].Text() != "product.error_item_not_found") return Outcome(updated, updateJson);
            body.Remove("item_id");
        }
        var (ok, json) = await CallAsync("/api/v2/product/add_item", credential, body, cancellationToken);
        if (json["error"].Text() == "product.error_item_sku_duplicate" && json["response"]?["item_id"] is JsonNode existing)
        {
            body["item_id"] = existing.GetValue<long>();
            (ok, json) = await CallAsync("/api/v2/product/update_item", credential, body, cancellationToken);
        }
        return Outcome(ok, json);
    }

    public async Task DelistAsync(MarketplaceCredential credential, string externalId, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["item_list"] = new JsonArray(new JsonObject { ["item_id"] = long.Parse(externalId, CultureInfo.InvariantCulture), ["unlist"] = true }) };
        var (ok, json) = await CallAsync("/api/v2/product/unlist_item", credential, body, cancellationToken);
        if (!ok) throw new MarketplaceUnavailableException($"shopee refused the unlisting: {json["error"].Text()} {json["message"].Text()}");
    }

    private PublishOutcome Outcome(bool ok, JsonObject json)
    {
        if (ok && json["response"]?["item_id"] is JsonNode id)
            return new Published(id.GetValue<long>().ToString(CultureInfo.InvariantCulture), $"https://shopee.vn/product/-/{id.GetValue<long>()}");
        var reasons = MarketplaceAnswers.Reasons(json["response"]?["errors"] as JsonArray);
        if (reasons.Count == 0) reasons.Add(new(json["error"].Text() ?? "error_unknown", null, json["message"].Text() ?? ""));
        return new Refused(reasons);
    }

    private async Task<string> UploadAsync(MarketplaceCredential credential, ListingImage image, CancellationToken cancellationToken)
    {
        var bytes = (await photos.Container.GetBlobClient(image.BlobName)
            .DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
        // A factory: a retried call after a token refresh sends a fresh form (a sent one is disposed with its request).
        HttpContent Form()
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new("image/jpeg");
            return new MultipartFormDataContent { { file, "image", Path.GetFileName(image.BlobName) } };
        }
        var (ok, json) = await CallAsync("/api/v2/media_space/upload_image", credential, (Func<HttpContent>)Form,
            cancellationToken);
        return ok && json["response"]?["image_info"]?["image_id"].Text() is { } id
            ? id
            : throw new MarketplaceUnavailableException($"shopee did not take a photo: {json["error"].Text()} {json["message"].Text()}");
    }

    /// <summary>A signed call: POST with <paramref name="body"/> (a JSON object, or a factory of other content),
    /// or GET with <paramref name="query"/> appended. An access token Shopee refuses is refreshed once and the call
    /// made once more, never in a loop.</summary>
    private async Task<(bool Ok, JsonObject Json)> CallAsync(
        string path, MarketplaceCredential credential, object? body, CancellationToken cancellationToken,
            string query = "")
    {
        var token = await AccessTokenAsync(credential, cancellationToken);
        var (status, json) = await SendSignedAsync(path, credential.Account, token, body, query, cancellationToken);
        if (credential.AuthorisedProducerId is { } producerId && RefusedToken(json))
        {
            token = await RefreshAsync(producerId, token, cancellationToken);
            (status, json) = await SendSignedAsync(path, credential.Account, token, body, query, cancellationToken);
        }
        if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            throw new MarketplaceAuthException($"{Channel} refused the producer's credentials ({(int)status}).");
        if (json["error"].Text() is "error_sign" or "error_auth" || RefusedToken(json))
            throw new MarketplaceAuthException(
                $"shopee refused the request signature or token ({json["error"].Text()}).");
        return (status is >= HttpStatusCode.OK and < HttpStatusCode.MultipleChoices
            && string.IsNullOrEmpty(json["error"].Text()), json);
    }

    /// <summary>Shopee's answer to an expired or revoked access token (its own spelling, and the correct one).
    /// </summary>
    private static bool RefusedToken(JsonObject json) =>
        json["error"].Text() is "invalid_acceess_token" or "invalid_access_token";

    /// <summary>One signed request; refused credentials come back as an answer (the caller may refresh), throttling
    /// and failures as exceptions. Shopee wants the access token in the query string: this client logs no requests
    /// (SyndicationModule), and the HTTP client trace (OpenTelemetry.Instrumentation.Http ≥ 1.8.1) and .NET's own
    /// HTTP events write query values as "Redacted" / "*" by default, so the token reaches no log or telemetry.
    /// </summary>
    private async Task<(HttpStatusCode Status, JsonObject Json)> SendSignedAsync(
        string path, string shopId, string token, object? body, string query, CancellationToken cancellationToken)
    {
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        var signed = ShopeeSigner.SignedPath(PartnerKey, PartnerId, path, timestamp, token, shopId);
        using var request = new HttpRequestMessage(body is null ? HttpMethod.Get : HttpMethod.Post, signed + query)
        {
            Content = body switch
            {
                null => null,
                Func<HttpContent> content => content(),
                _ => JsonContent.Create((JsonObject)body),
            },
        };
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden))
            MarketplaceAnswers.ThrowIfNotUsable(Channel, response);
        return (response.StatusCode, await MarketplaceAnswers.BodyAsync(response, cancellationToken));
    }

    private static JsonObject Body(MarketplaceListing l, JsonArray imageIds) => new()
    {
        ["item_sku"] = l.Sku,
        ["item_name"] = l.Title,
        ["description"] = l.Description,
        ["category_id"] = long.Parse(l.CategoryId, CultureInfo.InvariantCulture),
        ["original_price"] = l.PriceVnd,
        ["seller_stock"] = new JsonArray(new JsonObject { ["stock"] = l.Stock }),
        ["weight"] = Math.Round(l.WeightGrams / 1000.0, 3),
        ["item_status"] = "NORMAL",
        ["image"] = new JsonObject { ["image_id_list"] = imageIds },
        ["attribute_list"] = new JsonArray([.. l.Attributes.Select(a => (JsonNode)new JsonObject { ["name"] = a.Key, ["value"] = a.Value })]),
    };
}

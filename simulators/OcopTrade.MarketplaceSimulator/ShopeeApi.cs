using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace OcopTrade.MarketplaceSimulator;

/// <summary>The slice of Shopee Open Platform v2 the connector uses: common parameters in the query
/// (<c>partner_id, timestamp, access_token, shop_id, sign</c>), the sign being HMAC-SHA256 with the partner key
/// over <c>partner_id + path + timestamp + access_token + shop_id</c>, in lower-case hex; bodies and answers in
/// Shopee's shape (<c>{error, message, request_id, response}</c>). See CONTRACTS.md for what is simulated.</summary>
public static class ShopeeApi
{
    public static readonly long[] Categories = [100780, 100781, 100782, 100017, 100636, 100788];

    public static void Map(RouteGroupBuilder api, IConfiguration configuration)
    {
        var partnerId = configuration["Simulator:shopee:PartnerId"] ?? "1000001";
        var partnerKey = configuration["Simulator:shopee:PartnerKey"] ?? "sim-shopee-partner-key";

        api.MapPost("/media_space/upload_image", async (HttpRequest request, Marketplaces all) =>
        {
            var shopee = all["shopee"];
            if (Authenticate(request, partnerId, partnerKey) is { } denied) return denied;
            if (!request.HasFormContentType) return Error(400, "error_param", "Send the image as multipart/form-data field 'image'.");
            var form = await request.ReadFormAsync();
            if (form.Files["image"] is not { Length: > 0 } file) return Error(400, "error_param", "Field 'image' is required.");
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer);
            var bytes = buffer.ToArray();
            var id = "sg-11134201-" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..24];
            shopee.Images[id] = bytes;
            return Ok(new JsonObject { ["image_info"] = new JsonObject { ["image_id"] = id } });
        }).DisableAntiforgery();

        api.MapPost("/product/add_item", async (HttpRequest request, Marketplaces all) =>
        {
            var shopee = all["shopee"];
            if (Authenticate(request, partnerId, partnerKey) is { } denied) return denied;
            if (await SimulatorApp.ReadObjectAsync(request) is not { } body) return Error(400, "error_param", "Body must be a JSON object.");
            if (Validate(body, shopee) is { Count: > 0 } violations) return Invalid(shopee, violations);
            var (listing, created) = shopee.Create(request.Query["shop_id"]!, body.Str("item_sku")!, body);
            if (!created)
                return Error(400, "product.error_item_sku_duplicate", "item_sku already used by another item of this shop.",
                    new JsonObject { ["item_id"] = long.Parse(listing.Id) });
            return Ok(new JsonObject { ["item_id"] = long.Parse(listing.Id), ["item_status"] = "NORMAL" });
        });

        api.MapPost("/product/update_item", async (HttpRequest request, Marketplaces all) =>
        {
            var shopee = all["shopee"];
            if (Authenticate(request, partnerId, partnerKey) is { } denied) return denied;
            if (await SimulatorApp.ReadObjectAsync(request) is not { } body) return Error(400, "error_param", "Body must be a JSON object.");
            var itemId = body.Num("item_id")?.ToString("0");
            if (itemId is null || shopee.Find(request.Query["shop_id"]!, itemId) is not { } listing)
                return Error(400, "product.error_item_not_found", "Item not found.");
            if (Validate(body, shopee) is { Count: > 0 } violations) return Invalid(shopee, violations);
            shopee.Update(listing, body);
            return Ok(new JsonObject { ["item_id"] = long.Parse(listing.Id), ["item_status"] = "NORMAL" });
        });

        ShopeeOrders.Map(api, partnerId, partnerKey);
        ShopeeAuthApi.Map(api, partnerId, partnerKey);

        api.MapPost("/product/unlist_item", async (HttpRequest request, Marketplaces all) =>
        {
            var shopee = all["shopee"];
            if (Authenticate(request, partnerId, partnerKey) is { } denied) return denied;
            if (await SimulatorApp.ReadObjectAsync(request) is not { } body || body["item_list"] is not JsonArray items)
                return Error(400, "error_param", "item_list is required.");
            var success = new JsonArray();
            var failure = new JsonArray();
            foreach (var item in items.OfType<JsonObject>())
            {
                var itemId = item.Num("item_id")?.ToString("0");
                if (itemId is not null && shopee.Find(request.Query["shop_id"]!, itemId) is { } listing)
                {
                    shopee.Delist(listing);
                    success.Add(new JsonObject { ["item_id"] = long.Parse(itemId), ["unlist"] = true });
                }
                else failure.Add(new JsonObject { ["item_id"] = itemId, ["failed_reason"] = "item not found" });
            }
            return Ok(new JsonObject { ["success_list"] = success, ["failure_list"] = failure });
        });
    }

    /// <summary>The documented base string for shop-level APIs, signed with the partner key.</summary>
    public static string Sign(string partnerKey, string partnerId, string path, string timestamp, string accessToken, string shopId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(partnerKey),
            Encoding.UTF8.GetBytes(partnerId + path + timestamp + accessToken + shopId)));

    internal static IResult? Authenticate(HttpRequest request, string partnerId, string partnerKey)
    {
        var q = request.Query;
        string? Get(string name) => q[name].ToString() is { Length: > 0 } v ? v : null;
        if (Get("partner_id") != partnerId) return Error(403, "error_auth", "Invalid partner_id.");
        if (Get("timestamp") is not { } ts || !long.TryParse(ts, out var seconds) ||
            Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > 300)
            return Error(403, "error_param", "Invalid timestamp: it expires after 5 minutes.");
        if (Get("access_token") is not { } token || Get("shop_id") is not { } shop) return Error(403, "error_auth", "access_token and shop_id are required.");
        var expected = Sign(partnerKey, partnerId, request.Path.Value!, ts, token, shop);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected),
            Encoding.ASCII.GetBytes(Get("sign") ?? "")))
            return Error(403, "error_sign", "Wrong sign.");
        // Shopee's answer to an expired or unknown access token, in its own spelling.
        return request.HttpContext.RequestServices.GetRequiredService<ShopeeTokens>().Valid(token, shop) == false
            ? Error(403, "invalid_acceess_token", "Invalid access_token.") : null;
    }

    internal static IResult Ok(JsonObject response) => Results.Json(new JsonObject
    {
        ["error"] = "", ["message"] = "", ["request_id"] = Guid.NewGuid().ToString("N"), ["response"] = response,
    }, SimulatorApp.Json);

    internal static IResult Error(int status, string error, string message, JsonObject? response = null) =>
        Results.Json(new JsonObject
        {
            ["error"] = error, ["message"] = message, ["request_id"] = Guid.NewGuid().ToString("N"), ["response"] = response,
        }, SimulatorApp.Json, statusCode: status);

    /// <summary>Shopee answers one error code per call; the simulator adds every violation under <c>response.errors</c>
    /// so a producer fixes everything in one pass.</summary>
    private static IResult Invalid(Marketplace shopee, List<Violation> violations)
    {
        Interlocked.Increment(ref shopee.Rejections);
        var first = violations[0];
        return Error(400, first.Code, first.Message, new JsonObject
        {
            ["errors"] = new JsonArray([.. violations.Select(v => (JsonNode)new JsonObject { ["code"] = v.Code, ["field"] = v.Field, ["message"] = v.Message })]),
        });
    }

    public static List<Violation> Validate(JsonObject body, Marketplace shopee)
    {
        var errors = new List<Violation>();
        if (string.IsNullOrWhiteSpace(body.Str("item_sku"))) errors.Add(new("product.error_param", "item_sku", "item_sku is required."));
        var name = body.Str("item_name");
        if (Rules.Length(name) is < 10 or > 120) errors.Add(new("product.error_item_name_length", "item_name", "item_name must be 10 to 120 characters."));
        var description = body.Str("description");
        if (Rules.Length(description) is < 20 or > 3000) errors.Add(new("product.error_description_length", "description", "description must be 20 to 3000 characters."));
        if (Rules.HasProhibitedClaim(description) || Rules.HasProhibitedClaim(name))
            errors.Add(new("product.error_prohibited_content", "description", "Prohibited content (medical claim)."));
        if (body.Num("original_price") is not { } price || price < 1000) errors.Add(new("product.error_price_invalid", "original_price", "original_price too low."));
        if (body.Num("category_id") is not { } category || !Categories.Contains((long)category))
            errors.Add(new("product.error_category_invalid", "category_id", "Invalid category_id."));
        if (body.Num("weight") is not > 0) errors.Add(new("product.error_weight_invalid", "weight", "weight (kg) must be positive."));
        var images = (body["image"] as JsonObject)?["image_id_list"] as JsonArray ?? [];
        if (shopee.Faults.RequireImages && images.Count == 0) errors.Add(new("product.error_image_required", "image", "At least one image_id is required."));
        if (images.Count > 9) errors.Add(new("product.error_image_count", "image", "At most 9 images."));
        if (images.Any(i => i?.GetValue<string>() is not { } id || !shopee.Images.ContainsKey(id)))
            errors.Add(new("product.error_image_not_found", "image", "Unknown image_id; upload it with media_space/upload_image first."));
        return errors;
    }
}

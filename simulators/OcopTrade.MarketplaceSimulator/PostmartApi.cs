using System.Text.Json.Nodes;

namespace OcopTrade.MarketplaceSimulator;

/// <summary>postmart.vn as OcopTrade's contract describes it (CONTRACTS.md, "postmart"): an API key and a shop
/// code per seller, items keyed by the seller's item code, answers wrapped in <c>{success, result}</c>.</summary>
public static class PostmartApi
{
    public static readonly string[] Categories = ["PM-THUCPHAM", "PM-DOUONG", "PM-DUOCLIEU", "PM-DETMAY", "PM-LUUNIEM", "PM-DULICH"];

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/items", async (HttpRequest request, Marketplaces all) =>
        {
            var postmart = all["postmart"];
            if (Seller(request) is not { } seller) return Unauthorized();
            if (await SimulatorApp.ReadObjectAsync(request) is not { } body) return Invalid(postmart, [new("INVALID_JSON", "body", "Body must be a JSON object.")]);
            if (Validate(body, postmart.Faults.RequireImages) is { Count: > 0 } violations) return Invalid(postmart, violations);
            var (listing, created) = postmart.Create(seller, body.Str("itemCode")!, body);
            if (!created)
                return Results.Json(new { success = false, errorCode = "ITEM_CODE_EXISTS", message = "Mã sản phẩm đã tồn tại.", result = new { itemId = listing.Id } },
                    SimulatorApp.Json, statusCode: 409);
            return Results.Json(new { success = true, result = View(postmart, listing) }, SimulatorApp.Json);
        });
        api.MapPut("/items/{itemId}", async (string itemId, HttpRequest request, Marketplaces all) =>
        {
            var postmart = all["postmart"];
            if (Seller(request) is not { } seller) return Unauthorized();
            if (postmart.Find(seller, itemId) is not { } listing) return NotFound();
            if (await SimulatorApp.ReadObjectAsync(request) is not { } body) return Invalid(postmart, [new("INVALID_JSON", "body", "Body must be a JSON object.")]);
            if (Validate(body, postmart.Faults.RequireImages) is { Count: > 0 } violations) return Invalid(postmart, violations);
            postmart.Update(listing, body);
            return Results.Json(new { success = true, result = View(postmart, listing) }, SimulatorApp.Json);
        });
        api.MapPost("/items/{itemId}/deactivate", (string itemId, HttpRequest request, Marketplaces all) =>
        {
            var postmart = all["postmart"];
            if (Seller(request) is not { } seller) return Unauthorized();
            if (postmart.Find(seller, itemId) is not { } listing) return NotFound();
            postmart.Delist(listing);
            return Results.Json(new { success = true, result = View(postmart, listing) }, SimulatorApp.Json);
        });
        api.MapGet("/orders", (HttpRequest request, Marketplaces all) =>
        {
            var postmart = all["postmart"];
            if (Seller(request) is not { } seller) return Unauthorized();
            if (OrderHooks.Since(request.Query["updatedAfter"]) is not { } since)
                return Invalid(postmart, [new("PARAM_INVALID", "updatedAfter", "updatedAfter is an ISO 8601 moment.")]);
            if (OrderHooks.PageSize(request.Query["pageSize"]) is not { } size)
                return Invalid(postmart, [new("PARAM_INVALID", "pageSize", "pageSize is 1 to 100.")]);
            var page = postmart.Orders.ContractPage(seller, since, request.Query["page"], size);
            page["orders"] = page["data"]!.DeepClone();
            page.Remove("data");
            return Results.Json(new JsonObject { ["success"] = true, ["result"] = page }, SimulatorApp.Json);
        });
    }

    private static object View(Marketplace postmart, Listing l) => new { itemId = l.Id, itemCode = l.Sku, link = postmart.UrlOf(l), active = l.Active };

    private static string? Seller(HttpRequest request) =>
        !string.IsNullOrEmpty(request.Headers["X-Api-Key"]) && request.Headers["X-Shop-Code"].ToString() is { Length: > 0 } shop ? shop : null;

    private static IResult Unauthorized() =>
        Results.Json(new { success = false, errorCode = "AUTH_FAILED", message = "X-Api-Key and X-Shop-Code are required." }, SimulatorApp.Json, statusCode: 401);

    private static IResult NotFound() =>
        Results.Json(new { success = false, errorCode = "ITEM_NOT_FOUND", message = "No such item for this shop." }, SimulatorApp.Json, statusCode: 404);

    private static IResult Invalid(Marketplace postmart, List<Violation> violations)
    {
        Interlocked.Increment(ref postmart.Rejections);
        return Results.Json(new
        {
            success = false, errorCode = "INVALID_DATA", message = "Dữ liệu sản phẩm không hợp lệ.",
            errors = violations.Select(v => new { code = v.Code, field = v.Field, message = v.Message }),
        }, SimulatorApp.Json, statusCode: 400);
    }

    public static List<Violation> Validate(JsonObject body, bool requireImages)
    {
        var errors = new List<Violation>();
        if (string.IsNullOrWhiteSpace(body.Str("itemCode"))) errors.Add(new("ITEM_CODE_REQUIRED", "itemCode", "Item code is required."));
        var title = body.Str("title");
        if (string.IsNullOrWhiteSpace(title)) errors.Add(new("TITLE_REQUIRED", "title", "Title is required."));
        else if (Rules.Length(title) > 150) errors.Add(new("TITLE_TOO_LONG", "title", "Title is longer than 150 characters."));
        var content = body.Str("content");
        if (Rules.Length(content) < 10) errors.Add(new("CONTENT_TOO_SHORT", "content", "Content needs at least 10 characters."));
        if (Rules.Length(content) > 5000) errors.Add(new("CONTENT_TOO_LONG", "content", "Content is longer than 5000 characters."));
        if (Rules.HasHtml(content)) errors.Add(new("CONTENT_HTML", "content", "HTML is not allowed."));
        if (Rules.HasProhibitedClaim(content) || Rules.HasProhibitedClaim(title))
            errors.Add(new("CLAIM_NOT_ALLOWED", "content", "Medical claims are not allowed."));
        if (body.Num("salePrice") is not { } price || price < 1000) errors.Add(new("PRICE_INVALID", "salePrice", "Price must be at least 1,000 VND."));
        if (!Categories.Contains(body.Str("categoryCode"))) errors.Add(new("CATEGORY_NOT_FOUND", "categoryCode", "Unknown category."));
        if (body.Num("weightKg") is not > 0) errors.Add(new("WEIGHT_INVALID", "weightKg", "Weight must be positive."));
        if (body.Num("quantity") is not >= 0) errors.Add(new("QUANTITY_INVALID", "quantity", "Quantity must be zero or more."));
        var images = body.Count("imageUrls");
        if (requireImages && images == 0) errors.Add(new("IMAGE_REQUIRED", "imageUrls", "At least one image is required."));
        if (images > 8) errors.Add(new("IMAGE_LIMIT", "imageUrls", "At most 8 images."));
        return errors;
    }
}

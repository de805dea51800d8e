using System.Text.Json.Nodes;

namespace OcopTrade.MarketplaceSimulator;

/// <summary>voso.vn as OcopTrade's contract describes it (CONTRACTS.md, "voso"): bearer token per seller, JSON
/// products keyed by the seller's SKU.</summary>
public static class VosoApi
{
    public static readonly string[] Categories = ["VS-1001", "VS-1002", "VS-1003", "VS-1004", "VS-1005", "VS-1006"];

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/products", async (HttpRequest request, Marketplaces all) =>
        {
            var voso = all["voso"];
            if (Seller(request) is not { } seller) return Unauthorized();
            if (await SimulatorApp.ReadObjectAsync(request) is not { } body) return Invalid(voso, [new("INVALID_JSON", "body", "Body must be a JSON object.")]);
            if (Validate(body, voso.Faults.RequireImages) is { Count: > 0 } violations) return Invalid(voso, violations);
            var (listing, created) = voso.Create(seller, body.Str("sku")!, body);
            if (!created)
                return Results.Json(new { error = new { code = "SKU_DUPLICATE", message = "A product with this SKU already exists.", productId = listing.Id } },
                    SimulatorApp.Json, statusCode: 409);
            return Results.Json(new { data = View(voso, listing) }, SimulatorApp.Json, statusCode: 201);
        });
        api.MapPut("/products/{productId}", async (string productId, HttpRequest request, Marketplaces all) =>
        {
            var voso = all["voso"];
            if (Seller(request) is not { } seller) return Unauthorized();
            if (voso.Find(seller, productId) is not { } listing) return NotFound();
            if (await SimulatorApp.ReadObjectAsync(request) is not { } body) return Invalid(voso, [new("INVALID_JSON", "body", "Body must be a JSON object.")]);
            if (Validate(body, voso.Faults.RequireImages) is { Count: > 0 } violations) return Invalid(voso, violations);
            if (body.Str("sku") != listing.Sku) return Invalid(voso, [new("SKU_IMMUTABLE", "sku", "The SKU of a product cannot change.")]);
            voso.Update(listing, body);
            return Results.Json(new { data = View(voso, listing) }, SimulatorApp.Json);
        });
        api.MapDelete("/products/{productId}", (string productId, HttpRequest request, Marketplaces all) =>
        {
            var voso = all["voso"];
            if (Seller(request) is not { } seller) return Unauthorized();
            if (voso.Find(seller, productId) is not { } listing) return NotFound();
            voso.Delist(listing);
            return Results.Json(new { data = View(voso, listing) }, SimulatorApp.Json);
        });
        api.MapGet("/orders", (HttpRequest request, Marketplaces all) =>
        {
            var voso = all["voso"];
            if (Seller(request) is not { } seller) return Unauthorized();
            if (OrderHooks.Since(request.Query["updatedFrom"]) is not { } since)
                return Invalid(voso, [new("UPDATED_FROM_INVALID", "updatedFrom",
                    "updatedFrom is an ISO 8601 moment.")]);
            if (OrderHooks.PageSize(request.Query["pageSize"]) is not { } size)
                return Invalid(voso, [new("PAGE_SIZE_INVALID", "pageSize", "pageSize is 1 to 100.")]);
            return Results.Json(voso.Orders.ContractPage(seller, since, request.Query["page"], size),
                SimulatorApp.Json);
        });
    }

    private static object View(Marketplace voso, Listing l) =>
        new { productId = l.Id, sku = l.Sku, url = voso.UrlOf(l), status = l.Active ? "ACTIVE" : "INACTIVE" };

    private static string? Seller(HttpRequest request) =>
        request.Headers.Authorization.ToString() is { } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal) && auth.Length > 7 ? auth[7..] : null;

    private static IResult Unauthorized() =>
        Results.Json(new { error = new { code = "UNAUTHORIZED", message = "Missing or invalid bearer token." } }, SimulatorApp.Json, statusCode: 401);

    private static IResult NotFound() =>
        Results.Json(new { error = new { code = "PRODUCT_NOT_FOUND", message = "No such product for this seller." } }, SimulatorApp.Json, statusCode: 404);

    private static IResult Invalid(Marketplace voso, List<Violation> violations)
    {
        Interlocked.Increment(ref voso.Rejections);
        return Results.Json(new
        {
            error = new
            {
                code = "VALIDATION_FAILED", message = "The product was refused.",
                details = violations.Select(v => new { code = v.Code, field = v.Field, message = v.Message }),
            },
        }, SimulatorApp.Json, statusCode: 422);
    }

    public static List<Violation> Validate(JsonObject body, bool requireImages)
    {
        var errors = new List<Violation>();
        if (string.IsNullOrWhiteSpace(body.Str("sku"))) errors.Add(new("SKU_REQUIRED", "sku", "SKU is required."));
        var name = body.Str("name");
        if (string.IsNullOrWhiteSpace(name)) errors.Add(new("NAME_REQUIRED", "name", "Name is required."));
        else if (Rules.Length(name) > 120) errors.Add(new("NAME_TOO_LONG", "name", "Name is longer than 120 characters."));
        var description = body.Str("description");
        if (Rules.Length(description) < 20) errors.Add(new("DESCRIPTION_TOO_SHORT", "description", "Description needs at least 20 characters."));
        if (Rules.Length(description) > 3000) errors.Add(new("DESCRIPTION_TOO_LONG", "description", "Description is longer than 3000 characters."));
        if (Rules.HasHtml(description)) errors.Add(new("DESCRIPTION_HTML", "description", "HTML is not allowed in the description."));
        if (Rules.HasProhibitedClaim(description) || Rules.HasProhibitedClaim(name))
            errors.Add(new("PROHIBITED_CLAIM", "description", "Medical claims are not allowed."));
        if (body.Num("price") is not { } price || price < 1000) errors.Add(new("PRICE_TOO_LOW", "price", "Price must be at least 1,000 VND."));
        if (!Categories.Contains(body.Str("categoryId"))) errors.Add(new("CATEGORY_INVALID", "categoryId", "Unknown category."));
        if (body.Num("weightGram") is not > 0) errors.Add(new("WEIGHT_INVALID", "weightGram", "Weight must be positive."));
        if (body.Num("stock") is not >= 0) errors.Add(new("STOCK_INVALID", "stock", "Stock must be zero or more."));
        var images = body.Count("images");
        if (requireImages && images == 0) errors.Add(new("IMAGE_REQUIRED", "images", "At least one image is required."));
        if (images > 9) errors.Add(new("IMAGE_TOO_MANY", "images", "At most 9 images."));
        return errors;
    }
}

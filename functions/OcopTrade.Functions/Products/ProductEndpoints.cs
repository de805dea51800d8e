using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Producers;

namespace OcopTrade.Functions.Products;

public sealed record Revocation(string? Reason);

public static class ProductEndpoints
{
    public static RouteGroupBuilder MapProducts(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/products").WithTags("Products").RequireAuthorization();
        group.MapPost("/", CreateAsync).Accepts<ProductDraft>("application/json")
            .WithSummary("Create a draft listing (the producer itself, its department, or admin). Honours Idempotency-Key.");
        group.MapGet("/", ListAsync).WithSummary("List the products you may see; filter by province, group, stars, status, certificateState.");
        group.MapGet("/{id}", GetAsync).WithSummary("Read one product; the ETag header is what PUT needs in If-Match.");
        group.MapPut("/{id}", ReplaceAsync).Accepts<ProductFields>("application/json")
            .WithSummary("Replace a product's editable fields; needs If-Match (412 when stale, 428 when missing).");
        group.MapPost("/{id}/publish", PublishAsync).WithSummary("Publish a complete listing with a valid certificate; 422 lists each reason when it can't.");
        group.MapPost("/{id}/unpublish", UnpublishAsync).WithSummary("Take a listing back to draft.");
        group.MapPost("/{id}/certificate/revocation", RevokeAsync).Accepts<Revocation>("application/json")
            .WithSummary("Record that the OCOP certificate was revoked (department or admin); a published listing is suspended.");
        return group;
    }

    private static async Task<Results<Created<ProductView>, Ok<ProductView>, ProblemHttpResult>> CreateAsync(
        HttpRequest request, ProductStore products, ProducerStore producers, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = Caller.From(request.HttpContext.User);
        var (idempotencyKey, keyProblem) = IdempotencyKey.Read(request);
        if (keyProblem is not null) return keyProblem;
        var (body, problem) = await JsonBody.ReadAsync<ProductDraft>(request, cancellationToken);
        if (problem is not null) return problem;

        var today = CertificateValidity.TodayInVietnam(clock);
        var errors = new FieldErrors();
        var producerId = caller.Role == Role.Producer ? body!.ProducerId ?? caller.ProducerId : body!.ProducerId;
        if (string.IsNullOrWhiteSpace(producerId)) errors.Add("producerId", "This field is required.");
        var fields = ProductRules.Validate(body, today, errors);
        if (fields is null || errors.Any) return Problems.Invalid(errors.ToDictionary());

        var producer = await producers.FindAsync(producerId!, cancellationToken);
        if (producer is null || !caller.Manages(producer.Id, producer.Province))
            return Problems.Invalid("producerId", "No producer with this id is yours to manage.");

        var id = idempotencyKey is null ? Ids.New() : Ids.FromIdempotencyKey("product|" + caller, idempotencyKey);
        var now = clock.GetUtcNow();
        var product = new Product
        {
            Id = id, ProducerId = producer.Id, Province = producer.Province, Slug = Slug.For(fields.Name!, id),
            Status = ProductStatus.Draft, Fields = fields, CreatedAt = now, UpdatedAt = now,
        };
        var (stored, etag, created, sameRequest) = await products.CreateAsync(product, Ids.Fingerprint(body), cancellationToken);
        if (!sameRequest)
            return Problems.IdempotencyKeyReused();
        Concurrency.WriteETag(request.HttpContext.Response, etag);
        var view = ProductView.Of(stored, today);
        return created ? TypedResults.Created($"/api/products/{id}", view) : TypedResults.Ok(view);
    }

    private static async Task<Results<Ok<ItemPage<ProductView>>, ProblemHttpResult>> ListAsync(
        HttpContext context, ProductStore products, TimeProvider clock, string? province, string? producerId, string? group,
        int? stars, string? status, string? certificateState, string? continuationToken, int? pageSize,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(context.User);
        var errors = new FieldErrors();
        var filter = new ProductFilter(province, producerId, QueryValues.Enum<ProductGroup>("group", group, errors), stars,
            QueryValues.Enum<ProductStatus>("status", status, errors), QueryValues.Enum<CertificateState>("certificateState", certificateState, errors));
        if (QueryValues.Problem(errors) is { } problem) return problem;
        var page = await products.ListAsync(caller, filter, continuationToken, Concurrency.PageSize(pageSize), cancellationToken);
        var today = CertificateValidity.TodayInVietnam(clock);
        return TypedResults.Ok(new ItemPage<ProductView>(page.Items.Select(p => ProductView.Of(p, today)).ToList(), page.ContinuationToken));
    }

    private static async Task<Results<Ok<ProductView>, ProblemHttpResult>> GetAsync(
        string id, HttpContext context, ProductStore products, TimeProvider clock, CancellationToken cancellationToken)
    {
        var found = await FindVisibleAsync(id, Caller.From(context.User), products, cancellationToken);
        if (found is not { } f) return Problems.NotFound("product");
        Concurrency.WriteETag(context.Response, f.ETag);
        return TypedResults.Ok(ProductView.Of(f.Product, CertificateValidity.TodayInVietnam(clock)));
    }

    private static async Task<Results<Ok<ProductView>, ProblemHttpResult>> ReplaceAsync(
        string id, HttpRequest request, ProductStore products, TimeProvider clock, CancellationToken cancellationToken)
    {
        var found = await products.FindManagedAsync(id, Caller.From(request.HttpContext.User), cancellationToken);
        if (found is not { } current) return Problems.NotFound("product");
        var (ifMatch, preconditionProblem) = Concurrency.RequireIfMatch(request);
        if (preconditionProblem is not null) return preconditionProblem;
        var (body, problem) = await JsonBody.ReadAsync<ProductFields>(request, cancellationToken);
        if (problem is not null) return problem;

        var today = CertificateValidity.TodayInVietnam(clock);
        var errors = new FieldErrors();
        var fields = ProductRules.Validate(body!, today, errors);
        if (fields is null) return Problems.Invalid(errors.ToDictionary());

        var old = current.Product;
        // A new certificate (another number or date) is a re-certification: the old revocation no longer applies.
        var recertified = fields.Certificate?.Number != old.Fields.Certificate?.Number || fields.Certificate?.IssueDate != old.Fields.Certificate?.IssueDate;
        var updated = old with
        {
            Fields = fields,
            UpdatedAt = clock.GetUtcNow(),
            RevokedAt = recertified ? null : old.RevokedAt,
            RevocationReason = recertified ? null : old.RevocationReason,
        };
        if (updated.Status == ProductStatus.Published && ProductRules.PublishProblems(updated, today) is { Count: > 0 } reasons)
            return Problems.Unprocessable("Sản phẩm đang bán phải đầy đủ thông tin",
                "A published listing must stay complete; unpublish it first or fix these fields.", reasons);

        var etag = await products.ReplaceAsync(updated, ifMatch, cancellationToken);
        if (etag is null) return Problems.PreconditionFailed();
        Concurrency.WriteETag(request.HttpContext.Response, etag.Value);
        return TypedResults.Ok(ProductView.Of(updated, today));
    }

    private static async Task<Results<Ok<ProductView>, ProblemHttpResult>> PublishAsync(
        string id, HttpRequest request, ProductStore products, TimeProvider clock, CancellationToken cancellationToken)
    {
        var found = await products.FindManagedAsync(id, Caller.From(request.HttpContext.User), cancellationToken);
        if (found is not { } current) return Problems.NotFound("product");
        var today = CertificateValidity.TodayInVietnam(clock);
        if (ProductRules.PublishProblems(current.Product, today) is { Count: > 0 } reasons)
            return Problems.Unprocessable("Chưa thể đăng bán sản phẩm", "The listing cannot be published yet: " + string.Join(", ", reasons.Keys) + ".", reasons);
        if (current.Product.Status == ProductStatus.Published) return Respond(request, current.Product, current.ETag, today);

        var now = clock.GetUtcNow();
        var published = current.Product with { Status = ProductStatus.Published, StatusReason = null, PublishedAt = now, UpdatedAt = now };
        return await WriteAsync(request, products, published, IfMatchOr(request, current.ETag), today, cancellationToken);
    }

    private static async Task<Results<Ok<ProductView>, ProblemHttpResult>> UnpublishAsync(
        string id, HttpRequest request, ProductStore products, TimeProvider clock, CancellationToken cancellationToken)
    {
        var found = await products.FindManagedAsync(id, Caller.From(request.HttpContext.User), cancellationToken);
        if (found is not { } current) return Problems.NotFound("product");
        var today = CertificateValidity.TodayInVietnam(clock);
        if (current.Product.Status == ProductStatus.Draft) return Respond(request, current.Product, current.ETag, today);
        var draft = current.Product with { Status = ProductStatus.Draft, StatusReason = null, UpdatedAt = clock.GetUtcNow() };
        return await WriteAsync(request, products, draft, IfMatchOr(request, current.ETag), today, cancellationToken);
    }

    private static async Task<Results<Ok<ProductView>, ProblemHttpResult>> RevokeAsync(
        string id, HttpRequest request, ProductStore products, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = Caller.From(request.HttpContext.User);
        var found = await products.FindManagedAsync(id, caller, cancellationToken);
        if (found is not { } current) return Problems.NotFound("product");
        if (caller.Role is not (Role.Admin or Role.Department))
            return Problems.Forbidden("Only the department or an administrator records a revocation.");
        var (body, problem) = await JsonBody.ReadAsync<Revocation>(request, cancellationToken);
        if (problem is not null) return problem;
        var errors = new FieldErrors();
        var reason = errors.Text("reason", body!.Reason, 500, required: true);
        if (current.Product.Fields.Certificate is null) errors.Add("certificate", "This product has no certificate to revoke.");
        if (errors.Any) return Problems.Invalid(errors.ToDictionary());

        var today = CertificateValidity.TodayInVietnam(clock);
        if (current.Product.RevokedAt is not null) return Respond(request, current.Product, current.ETag, today);
        var now = clock.GetUtcNow();
        var revoked = current.Product with
        {
            RevokedAt = now, RevocationReason = reason, UpdatedAt = now,
            Status = current.Product.Status == ProductStatus.Published ? ProductStatus.Suspended : current.Product.Status,
            StatusReason = current.Product.Status == ProductStatus.Published ? "Giấy chứng nhận OCOP bị thu hồi: " + reason : current.Product.StatusReason,
        };
        return await WriteAsync(request, products, revoked, IfMatchOr(request, current.ETag), today, cancellationToken);
    }

    /// <summary>State changes take an If-Match when the client sends one; otherwise they apply to the version just read.</summary>
    private static Azure.ETag IfMatchOr(HttpRequest request, Azure.ETag read) =>
        string.IsNullOrWhiteSpace(request.Headers.IfMatch) ? read : new Azure.ETag(request.Headers.IfMatch.ToString().Trim());

    private static async Task<Results<Ok<ProductView>, ProblemHttpResult>> WriteAsync(
        HttpRequest request, ProductStore products, Product product, Azure.ETag ifMatch, DateOnly today, CancellationToken cancellationToken)
    {
        var etag = await products.ReplaceAsync(product, ifMatch, cancellationToken);
        return etag is null ? Problems.PreconditionFailed() : Respond(request, product, etag.Value, today);
    }

    private static Ok<ProductView> Respond(HttpRequest request, Product product, Azure.ETag etag, DateOnly today)
    {
        Concurrency.WriteETag(request.HttpContext.Response, etag);
        return TypedResults.Ok(ProductView.Of(product, today));
    }

    /// <summary>Readers see what their role allows: sales points see published listings only. Anything else is a 404.</summary>
    private static async Task<(Product Product, Azure.ETag ETag)?> FindVisibleAsync(string id, Caller caller, ProductStore products, CancellationToken cancellationToken)
    {
        var found = await products.FindAsync(id, cancellationToken);
        if (found is not { } f) return null;
        var visible = caller.Role == Role.SalesPoint ? f.Product.Status == ProductStatus.Published : caller.Manages(f.Product.ProducerId, f.Product.Province);
        return visible ? f : null;
    }
}

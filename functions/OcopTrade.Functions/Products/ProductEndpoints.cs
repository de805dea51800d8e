using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Platform.Contract;
using OcopTrade.Functions.Producers;

namespace OcopTrade.Functions.Products;

public static class ProductEndpoints
{
    public static RouteGroupBuilder MapProducts(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/products").WithTags("Products").RequireAuthorization();
        group.MapPost("/", CreateAsync).Accepts<ProductDraft>("application/json").ProducesProblem(422)
            .WithSummary("Create a draft listing (the producer itself, its department, or admin). Honours Idempotency-Key.");
        group.MapGet("/", ListAsync).WithSummary("List the products you may see; filter by province, group, stars, status, certificateState.");
        group.MapGet("/{id}", GetAsync).WithSummary("Read one product; the ETag header is what PUT needs in If-Match.");
        group.MapPut("/{id}", ReplaceAsync).Accepts<ProductFields>("application/json")
            .RequiresIfMatch().ProducesProblem(422)
            .WithSummary("Replace a product's editable fields; needs If-Match (412 when stale, 428 when missing). " +
                "A producer's change to the certificate becomes pendingCertificate until the department confirms it.");
        group.MapPost("/{id}/publish", PublishAsync).ProducesProblem(412).ProducesProblem(422)
            .WithSummary("Publish a complete listing with a valid certificate; 422 lists each reason when it can't.");
        group.MapPost("/{id}/unpublish", UnpublishAsync).ProducesProblem(412)
            .WithSummary("Take a listing back to draft.");
        group.MapCertificates();
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
        if (stars is < 3 or > 5) errors.Add("stars", "OCOP ratings listed here are 3, 4 or 5 stars.");
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
        var caller = Caller.From(request.HttpContext.User);
        var found = await products.FindManagedAsync(id, caller, cancellationToken);
        if (found is not { } current) return Problems.NotFound("product");
        var (ifMatch, preconditionProblem) = Concurrency.RequireIfMatch(request, current.ETag);
        if (preconditionProblem is not null) return preconditionProblem;
        var today = CertificateValidity.TodayInVietnam(clock);
        var (body, problem) = await JsonBody.ReadReplacementAsync<ProductFields>(
            request, ProductView.Of(current.Product, today), cancellationToken);
        if (problem is not null) return problem;

        var errors = new FieldErrors();
        var fields = ProductRules.Validate(body!, today, errors);
        if (fields is null) return Problems.Invalid(errors.ToDictionary());

        var change = current.Product.Edit(fields, IsCertifier(caller), clock.GetUtcNow());
        if (change.Refused)
            return Problems.Unprocessable("Giấy chứng nhận do cơ quan quản lý OCOP ghi nhận",
                "The certificate is recorded by the department: send it unchanged, or a new one to claim.",
                change.Refusals);
        var edited = change.Product;
        var reasons = ProductRules.PublishProblems(edited, today);
        if (edited.Status == ProductStatus.Published && reasons.Count > 0)
            return Problems.Unprocessable("Sản phẩm đang bán phải đầy đủ thông tin",
                "A published listing must stay complete; unpublish it first or fix these fields.", reasons);

        var etag = await products.ReplaceAsync(change, caller, ifMatch, cancellationToken);
        if (etag is null) return Problems.PreconditionFailed();
        Concurrency.WriteETag(request.HttpContext.Response, etag.Value);
        return TypedResults.Ok(ProductView.Of(edited, today));
    }

    private static async Task<Results<Ok<ProductView>, ProblemHttpResult>> PublishAsync(
        string id, HttpRequest request, ProductStore products, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = Caller.From(request.HttpContext.User);
        var found = await products.FindManagedAsync(id, caller, cancellationToken);
        if (found is not { } current) return Problems.NotFound("product");
        var change = current.Product.Publish(CertificateValidity.TodayInVietnam(clock), clock.GetUtcNow());
        if (change.Refused)
            return Problems.Unprocessable("Chưa thể đăng bán sản phẩm",
                $"The listing cannot be published yet: {string.Join(", ", change.Refusals.Keys)}.", change.Refusals);
        return await ApplyAsync(request, products, caller, change, current.ETag, clock, cancellationToken);
    }

    private static async Task<Results<Ok<ProductView>, ProblemHttpResult>> UnpublishAsync(
        string id, HttpRequest request, ProductStore products, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = Caller.From(request.HttpContext.User);
        var found = await products.FindManagedAsync(id, caller, cancellationToken);
        if (found is not { } current) return Problems.NotFound("product");
        var change = current.Product.Unpublish(clock.GetUtcNow());
        return await ApplyAsync(request, products, caller, change, current.ETag, clock, cancellationToken);
    }

    /// <summary>The department of the product's province and admin decide about certificates, not producers.</summary>
    internal static bool IsCertifier(Caller caller) => caller.Role is Role.Admin or Role.Department;

    /// <summary>Writes a state change, or answers the listing as it is when there was nothing to change. State changes
    /// take an If-Match when the client sends one; otherwise they apply to the version just read.</summary>
    internal static async Task<Results<Ok<ProductView>, ProblemHttpResult>> ApplyAsync(
        HttpRequest request, ProductStore products, Caller caller, ListingChange change, Azure.ETag read,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var today = CertificateValidity.TodayInVietnam(clock);
        if (!change.Changed) return Respond(request, change.Product, read, today);
        var ifMatch = string.IsNullOrWhiteSpace(request.Headers.IfMatch)
            ? read : new Azure.ETag(request.Headers.IfMatch.ToString().Trim());
        var etag = await products.ReplaceAsync(change, caller, ifMatch, cancellationToken);
        return etag is null ? Problems.PreconditionFailed() : Respond(request, change.Product, etag.Value, today);
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

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Platform.Contract;
using OcopTrade.Functions.Producers;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Traceability;

public sealed record BatchView(
    string Id, string ProductId, string LotNumber, DateOnly ProductionDate, DateOnly BestBefore, long Quantity,
    string? OriginArea, string? OriginCommune, string? Notes, string TraceCode, string TraceUrl, string LabelUrl, DateTimeOffset CreatedAt)
{
    public static BatchView Of(Batch b, Product product, string baseUrl) => new(
        b.Id, b.ProductId, b.LotNumber, b.ProductionDate, b.BestBefore, b.Quantity, b.OriginArea, b.OriginCommune, b.Notes,
        Traceability.TraceCode.Grouped(b.TraceCode), TraceLink.For(baseUrl, product, b),
        $"/api/products/{b.ProductId}/batches/{b.Id}/label", b.CreatedAt);
}

public static class BatchEndpoints
{
    public static RouteGroupBuilder MapBatches(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/products/{id}/batches").WithTags("Batches and labels").RequireAuthorization();
        group.MapPost("/", CreateAsync).Accepts<BatchFields>("application/json").ProducesProblem(422)
            .WithSummary("Record a production lot; answers its trace code and the URL its QR code holds. Honours Idempotency-Key.");
        group.MapGet("/", ListAsync).WithSummary("The product's lots, newest first.");
        group.MapGet("/{batchId}", GetAsync).WithSummary("One lot.");
        group.MapGet("/{batchId}/label", LabelAsync).Answers(200, "image/svg+xml", "image/png", "application/pdf")
            .WithSummary("The printable label: format=svg (vector), png (dpi, default 300) or pdf (an A4 sticker sheet; copies, default one sheet).");
        return group;
    }

    public static string BaseUrl(HttpRequest request, IConfiguration configuration) =>
        configuration["Ocop:PublicBaseUrl"]?.TrimEnd('/') ?? $"{request.Scheme}://{request.Host}";

    private static async Task<Results<Created<BatchView>, Ok<BatchView>, ProblemHttpResult>> CreateAsync(
        string id, HttpRequest request, ProductStore products, BatchStore batches, TimeProvider clock, IConfiguration configuration,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(request.HttpContext.User);
        var (idempotencyKey, keyProblem) = IdempotencyKey.Read(request);
        if (keyProblem is not null) return keyProblem;
        if ((await products.FindManagedAsync(id, caller, cancellationToken))?.Product is not { } product) return Problems.NotFound("product");
        var (body, problem) = await JsonBody.ReadAsync<BatchFields>(request, cancellationToken);
        if (problem is not null) return problem;
        var errors = new FieldErrors();
        var fields = BatchRules.Validate(body!, CertificateValidity.TodayInVietnam(clock), errors);
        if (fields is null) return Problems.Invalid(errors.ToDictionary());

        var batchId = idempotencyKey is null ? Ids.New() : Ids.FromIdempotencyKey($"batch|{caller}|{id}", idempotencyKey);
        var (batch, created, same) = await batches.CreateAsync(product.Id, batchId, fields, Ids.Fingerprint(fields), cancellationToken);
        if (!same) return Problems.IdempotencyKeyReused();
        var view = BatchView.Of(batch, product, BaseUrl(request, configuration));
        return created ? TypedResults.Created($"/api/products/{id}/batches/{batch.Id}", view) : TypedResults.Ok(view);
    }

    private static async Task<Results<Ok<IReadOnlyList<BatchView>>, ProblemHttpResult>> ListAsync(
        string id, HttpRequest request, ProductStore products, BatchStore batches, IConfiguration configuration, CancellationToken cancellationToken)
    {
        if ((await products.FindManagedAsync(id, Caller.From(request.HttpContext.User), cancellationToken))?.Product is not { } product)
            return Problems.NotFound("product");
        var baseUrl = BaseUrl(request, configuration);
        return TypedResults.Ok<IReadOnlyList<BatchView>>((await batches.ListAsync(id, cancellationToken)).Select(b => BatchView.Of(b, product, baseUrl)).ToList());
    }

    private static async Task<Results<Ok<BatchView>, ProblemHttpResult>> GetAsync(
        string id, string batchId, HttpRequest request, ProductStore products, BatchStore batches, IConfiguration configuration,
        CancellationToken cancellationToken)
    {
        if ((await products.FindManagedAsync(id, Caller.From(request.HttpContext.User), cancellationToken))?.Product is not { } product)
            return Problems.NotFound("product");
        return await batches.FindAsync(id, batchId, cancellationToken) is { } batch
            ? TypedResults.Ok(BatchView.Of(batch, product, BaseUrl(request, configuration)))
            : Problems.NotFound("batch");
    }

    /// <summary>Checked before any lookup, all at once: what a label can be does not depend on which batch.</summary>
    private static ProblemHttpResult? LabelQueryProblem(string format, int? dpi, int? copies)
    {
        var errors = new FieldErrors();
        if (format is not ("svg" or "png" or "pdf")) errors.Add("format", "Choose svg, png or pdf.");
        if (dpi is < LabelRaster.MinDpi or > LabelRaster.MaxDpi)
            errors.Add("dpi", $"Between {LabelRaster.MinDpi} and {LabelRaster.MaxDpi}.");
        if (copies is < 1 or > LabelSheet.MaxCopies)
            errors.Add("copies", $"Between 1 and {LabelSheet.MaxCopies} labels.");
        return QueryValues.Problem(errors);
    }

    private static async Task<IResult> LabelAsync(
        string id, string batchId, string? format, int? dpi, int? copies, HttpRequest request, ProductStore products, ProducerStore producers,
        BatchStore batches, IConfiguration configuration, IOptions<LabelSheetOptions> sheet, TimeProvider clock, CancellationToken cancellationToken)
    {
        format = (format ?? "svg").ToLowerInvariant();
        if (LabelQueryProblem(format, dpi, copies) is { } invalid) return invalid;
        if ((await products.FindManagedAsync(id, Caller.From(request.HttpContext.User), cancellationToken))?.Product is not { } product)
            return Problems.NotFound("product");
        if (await batches.FindAsync(id, batchId, cancellationToken) is not { } batch) return Problems.NotFound("batch");

        var producer = await producers.FindAsync(product.ProducerId, cancellationToken);
        var certificate = product.CertificateOn(CertificateValidity.TodayInVietnam(clock));
        var svg = Label.Svg(new LabelContent(
            TraceLink.For(BaseUrl(request, configuration), product, batch), product.Fields.Name!, product.Fields.Stars,
            producer?.LegalName ?? "", batch.LotNumber, batch.ProductionDate, batch.BestBefore, certificate?.Number,
            certificate?.ValidUntil, batch.TraceCode));
        request.HttpContext.Response.Headers.ContentDisposition = LabelFileName.For(batch, format).ToString();
        return format switch
        {
            "svg" => Results.File(System.Text.Encoding.UTF8.GetBytes(svg), "image/svg+xml"),
            "png" => Results.File(LabelRaster.Png(svg, dpi ?? 300), "image/png"),
            _ => Results.File(LabelSheet.Pdf(svg, copies ?? sheet.Value.PerSheet, sheet.Value), "application/pdf"),
        };
    }
}

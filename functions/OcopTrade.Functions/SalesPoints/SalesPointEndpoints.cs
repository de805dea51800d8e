using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Products;
using OcopTrade.Functions.Traceability;

namespace OcopTrade.Functions.SalesPoints;

public static partial class SalesPointEndpoints
{
    public const long MaxQuantity = 100_000;

    public static IServiceCollection AddSalesPoints(this IServiceCollection services) => services
        .AddSingleton<SalesPointStore>().AddSingleton<SaleLedger>().AddSingleton<SaleRecorder>()
        .AddSingleton(provider => PriceBand.From(provider.GetRequiredService<IConfiguration>()));

    public static RouteGroupBuilder MapSalesPoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sales-points").WithTags("Sales points").RequireAuthorization();
        group.MapPost("/", CreateAsync).Accepts<SalesPointFields>("application/json")
            .WithSummary("Register a sales point (admin, or the department of its province).");
        group.MapGet("/", ListAsync).WithSummary("The sales points you may see.");
        group.MapGet("/{id}", GetAsync).WithSummary("One sales point.");
        group.MapPost("/{id}/scans", ScanAsync).Accepts<ScanRequest>("application/json").ProducesProblem(409)
            .ProducesProblem(422)
            .RequireRateLimiting(RateLimits.SalesPointScans)
            .WithSummary("The sales point's own key: verify a trace code, or record a sale of it (idempotent by the client's id).");
        SaleEndpoints.Map(app, group);
        return group;
    }

    private static async Task<Results<Created<SalesPoint>, ProblemHttpResult>> CreateAsync(
        HttpRequest request, SalesPointStore store, CancellationToken cancellationToken)
    {
        var caller = Caller.From(request.HttpContext.User);
        if (caller.Role is not (Role.Admin or Role.Department)) return Problems.Forbidden("Only an administrator or a department registers sales points.");
        var (body, problem) = await JsonBody.ReadAsync<SalesPointFields>(request, cancellationToken);
        if (problem is not null) return problem;
        var errors = new FieldErrors();
        var fields = SalesPointRules.Validate(body!, errors);
        if (fields is null) return Problems.Invalid(errors.ToDictionary());
        if (caller.Role == Role.Department && !Provinces.Same(caller.Province, fields.Province))
            return Problems.Invalid("province", "A department registers sales points of its own province only.");
        var point = await store.CreateAsync(fields, cancellationToken);
        return TypedResults.Created($"/api/sales-points/{point.Id}", point);
    }

    private static async Task<Results<Ok<IReadOnlyList<SalesPoint>>, ProblemHttpResult>> ListAsync(
        HttpContext context, SalesPointStore store, CancellationToken cancellationToken)
    {
        var caller = Caller.From(context.User);
        if (caller.Role is not (Role.Admin or Role.Department)) return Problems.Forbidden("Only an administrator or a department lists sales points.");
        return TypedResults.Ok(await store.ListAsync(caller, cancellationToken));
    }

    private static async Task<Results<Ok<SalesPoint>, ProblemHttpResult>> GetAsync(
        string id, HttpContext context, SalesPointStore store, CancellationToken cancellationToken)
    {
        var caller = Caller.From(context.User);
        var point = await store.FindAsync(id, cancellationToken);
        return point is not null && point.VisibleTo(caller) ? TypedResults.Ok(point) : Problems.NotFound("sales point");
    }

    private static async Task<Results<Ok<ScanAnswer>, Created<ScanAnswer>, ProblemHttpResult>> ScanAsync(
        string id, HttpRequest request, TraceResolver resolver, ScanLog scans, BatchStore batches, SaleRecorder sales,
        SalesPointStore points, CancellationToken cancellationToken)
    {
        var caller = Caller.From(request.HttpContext.User);
        // Only the sales point itself scans at its till; to anyone else its scan endpoint does not exist.
        if (caller.Role != Role.SalesPoint || caller.SalesPointId != id) return Problems.NotFound("sales point");
        var (body, problem) = await JsonBody.ReadAsync<ScanRequest>(request, cancellationToken);
        if (problem is not null) return problem;
        if (Check(body!) is { } invalid) return invalid;

        var resolved = await resolver.ResolveAsync(body!.Code, cancellationToken);
        if (resolved is not { } found)
            return body.Kind == ScanKind.Sale
                ? Problems.Unprocessable("Không xác minh được sản phẩm", "A sale can only be recorded for a verified trace code.",
                    new Dictionary<string, string[]> { ["code"] = ["Mã truy xuất không có trong hệ thống. This trace code is unknown."] })
                : TypedResults.Ok(new ScanAnswer(false, "Mã truy xuất không có trong hệ thống: sản phẩm không xác minh được.", null, null, null, null, null));

        var view = found.View;
        // A held or recalled lot is genuine, and must not be sold: the till shows "Không được bán" and why.
        var doNotSell = view.Lot is { } lot ? $"Không được bán. {lot.Notice} Lý do: {lot.Reason}" : null;
        var answer = new ScanAnswer(true, doNotSell, view.ProductName, view.ProducerName, view.Certificate?.State,
            view.LotNumber, null, view.Lot is not null, view.Lot);
        // A sale is written before its scan is noted, so a refused sale leaves nothing behind.
        var sold = body.Kind == ScanKind.Sale ? await sales.SellAsync(id, body, found.Batch, cancellationToken) : null;
        if (sold is { Problem: { } refused }) return refused;
        var stallOf = (await points.FindAsync(id, cancellationToken))?.EventId;
        await scans.RecordSalesPointScanAsync(found.Batch.TraceCode, id, caller.Province, cancellationToken, stallOf);
        await batches.NoteCarrierAsync(found.Batch.TraceCode, id, cancellationToken);
        resolver.Forget(found.Batch.TraceCode);
        if (sold is not { Sale: { } sale }) return TypedResults.Ok(answer);
        answer = answer with { Sale = sale };
        return sold.Created ? TypedResults.Created($"/api/sales-points/{id}/sales/{sale.Id}", answer) : TypedResults.Ok(answer);
    }

    private static ProblemHttpResult? Check(ScanRequest body)
    {
        var errors = new FieldErrors();
        if (body.Id is null || !ClientId().IsMatch(body.Id)) errors.Add("id", "Send your own id for this scan: 1–64 letters, digits, '-' or '_' (e.g. a UUID).");
        if (string.IsNullOrWhiteSpace(body.Code)) errors.Add("code", "This field is required.");
        if (body.Kind is null) errors.Add("kind", "Choose verify or sale.");
        if (body.Kind == ScanKind.Sale)
        {
            if (body.Quantity is not (>= 1 and <= MaxQuantity)) errors.Add("quantity", $"A sale needs a quantity between 1 and {MaxQuantity:N0}.");
            if (body.UnitPrice is not (>= 1 and <= ProductRules.MaxPriceVnd)) errors.Add("unitPrice", "A sale needs a unit price in whole đồng.");
            // Both within their limits, the product stays below 10^15: no overflow, and a sale is one revenue entry.
            else if (body.Quantity is >= 1 and <= MaxQuantity && body.Quantity * body.UnitPrice > Revenue.Money.EntryCapVnd)
                errors.Add("unitPrice", "Quantity × unit price may be at most 10,000,000,000,000 VND, as any entry.");
        }
        return errors.Any ? Problems.Invalid(errors.ToDictionary()) : null;
    }

    public static Revenue.SalesChannel ChannelOf(SalesPointKind kind) => kind switch
    {
        SalesPointKind.OcopShowroom => Revenue.SalesChannel.OcopPoint,
        SalesPointKind.Supermarket => Revenue.SalesChannel.Supermarket,
        SalesPointKind.ConvenienceStore => Revenue.SalesChannel.ConvenienceStore,
        SalesPointKind.FairStall => Revenue.SalesChannel.Fair,
        _ => Revenue.SalesChannel.Tourism,
    };

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex ClientId();
}

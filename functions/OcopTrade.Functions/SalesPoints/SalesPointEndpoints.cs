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

    public static IServiceCollection AddSalesPoints(this IServiceCollection services) => services.AddSingleton<SalesPointStore>();

    public static RouteGroupBuilder MapSalesPoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sales-points").WithTags("Sales points").RequireAuthorization();
        group.MapPost("/", CreateAsync).Accepts<SalesPointFields>("application/json")
            .WithSummary("Register a sales point (admin, or the department of its province).");
        group.MapGet("/", ListAsync).WithSummary("The sales points you may see.");
        group.MapGet("/{id}", GetAsync).WithSummary("One sales point.");
        group.MapPost("/{id}/scans", ScanAsync).Accepts<ScanRequest>("application/json").RequireRateLimiting(RateLimits.SalesPointScans)
            .WithSummary("The sales point's own key: verify a trace code, or record a sale of it (idempotent by the client's id).");
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
        var visible = point is not null && caller.Role switch
        {
            Role.Admin => true,
            Role.Department => Provinces.Same(caller.Province, point.Province),
            Role.SalesPoint => caller.SalesPointId == point.Id,
            _ => false,
        };
        return visible ? TypedResults.Ok(point!) : Problems.NotFound("sales point");
    }

    private static async Task<Results<Ok<ScanAnswer>, Created<ScanAnswer>, ProblemHttpResult>> ScanAsync(
        string id, HttpRequest request, SalesPointStore store, TraceResolver resolver, ScanLog scans, BatchStore batches, Revenue.RevenueStore revenue,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = Caller.From(request.HttpContext.User);
        // Only the sales point itself scans at its till; to anyone else its scan endpoint does not exist.
        if (caller.Role != Role.SalesPoint || caller.SalesPointId != id) return Problems.NotFound("sales point");
        var (body, problem) = await JsonBody.ReadAsync<ScanRequest>(request, cancellationToken);
        if (problem is not null) return problem;

        var errors = new FieldErrors();
        if (body!.Id is null || !ClientId().IsMatch(body.Id)) errors.Add("id", "Send your own id for this scan: 1–64 letters, digits, '-' or '_' (e.g. a UUID).");
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
        if (errors.Any) return Problems.Invalid(errors.ToDictionary());

        var resolved = await resolver.ResolveAsync(body.Code, cancellationToken);
        if (resolved is not { } found)
            return body.Kind == ScanKind.Sale
                ? Problems.Unprocessable("Không xác minh được sản phẩm", "A sale can only be recorded for a verified trace code.",
                    new Dictionary<string, string[]> { ["code"] = ["Mã truy xuất không có trong hệ thống. This trace code is unknown."] })
                : TypedResults.Ok(new ScanAnswer(false, "Mã truy xuất không có trong hệ thống: sản phẩm không xác minh được.", null, null, null, null, null));

        await scans.RecordAsync(found.Batch.TraceCode, id, "sales-point", cancellationToken, province: caller.Province);
        await batches.NoteCarrierAsync(found.Batch.TraceCode, id, cancellationToken);
        resolver.Forget(found.Batch.TraceCode);
        var view = found.View;
        var answer = new ScanAnswer(true, null, view.ProductName, view.ProducerName, view.Certificate?.State, view.LotNumber, null);
        if (body.Kind == ScanKind.Verify) return TypedResults.Ok(answer);

        var now = clock.GetUtcNow();
        var sale = new SaleRecord(body.Id!, id, found.Product.Id, found.Product.ProducerId, found.Product.Province, found.Batch.TraceCode,
            body.Quantity!.Value, body.UnitPrice!.Value, body.Quantity.Value * body.UnitPrice.Value,
            now.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), now);
        if (await OverMonthCapAsync(revenue, sale, cancellationToken) is { } overCap) return overCap;
        var (stored, created, same) = await store.RecordSaleAsync(sale, Ids.Fingerprint(body with { Code = found.Batch.TraceCode }), cancellationToken);
        if (!same)
            return Problems.Unprocessable("Mã giao dịch đã được dùng", "This scan id was already used for a different sale.",
                new Dictionary<string, string[]> { ["id"] = ["Already used for another sale."] });
        // The sale flows into the revenue figures by itself, under the sales point's channel. Its id is derived from the
        // sale's, so a resent sale (or a retry after a crash between the two writes) lands on the same entry.
        if (await store.FindAsync(id, cancellationToken) is { } point)
            await revenue.RecordAsync(new Revenue.RevenueFields(
                RevenueEntryId(id, stored.Id), stored.ProducerId, stored.ProductId, ChannelOf(point.Kind), null, stored.Month,
                stored.AmountVnd, stored.Quantity, null, null, "Bán tại " + point.Name), stored.Province, "salesPoint:" + id, cancellationToken);
        answer = answer with { Sale = stored };
        return created ? TypedResults.Created($"/api/sales-points/{id}/scans/{stored.Id}", answer) : TypedResults.Ok(answer);
    }

    private static string RevenueEntryId(string salesPointId, string saleId) => $"sp-{salesPointId}-{saleId}";

    /// <summary>A sale feeds revenue: one that would take the producer's month past the cap is refused before anything
    /// of it is written (unless it is a resent sale whose revenue entry already stands).</summary>
    private static async Task<ProblemHttpResult?> OverMonthCapAsync(
        Revenue.RevenueStore revenue, SaleRecord sale, CancellationToken cancellationToken)
    {
        if (await revenue.FindAsync(sale.ProducerId, RevenueEntryId(sale.SalesPointId, sale.Id), cancellationToken) is not null
            || await revenue.MonthHasRoomAsync(sale.ProducerId, sale.Month, sale.AmountVnd, cancellationToken)) return null;
        return Problems.Unprocessable("Doanh thu tháng vượt mức trần",
            "This sale would take the producer's revenue for the month past the cap; nothing was recorded.",
            new Dictionary<string, string[]> { ["quantity"] = [Revenue.RevenueStore.Reason(Revenue.RecordOutcome.OverMonthCap)] });
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

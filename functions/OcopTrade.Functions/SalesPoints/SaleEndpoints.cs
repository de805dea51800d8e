using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.SalesPoints;

/// <summary>Who recorded what, and the department's review of sales held for an unusual price.</summary>
public static class SaleEndpoints
{
    public static void Map(IEndpointRouteBuilder app, RouteGroupBuilder salesPoints)
    {
        salesPoints.MapGet("/{id}/sales", ListAsync)
            .WithSummary("The sales a sales point recorded, with their status (admin, the department of its province, the sales point).");
        salesPoints.MapPost("/{id}/sales/{saleId}/approve", ApproveAsync).ProducesProblem(409)
            .WithSummary("Approve a held sale: it counts in revenue from now on (admin, the department of the producer's province).");
        salesPoints.MapPost("/{id}/sales/{saleId}/reject", RejectAsync).ProducesProblem(409)
            .WithSummary("Reject a held sale: it never counts, and its units go back to the lot (same reviewers).");
        app.MapGroup("/api/sales").WithTags("Sales points").RequireAuthorization()
            .MapGet("/held", ListHeldAsync)
            .WithSummary("Sales held for review because of their price (admin; a department, its producers' sales).");
    }

    private static async Task<Results<Ok<ItemPage<SaleRecord>>, ProblemHttpResult>> ListAsync(
        string id, string? continuationToken, int? pageSize, HttpContext context, SalesPointStore points, SaleLedger ledger,
        CancellationToken cancellationToken)
    {
        if (await points.FindAsync(id, cancellationToken) is not { } point || !point.VisibleTo(Caller.From(context.User)))
            return Problems.NotFound("sales point");
        return TypedResults.Ok(await ledger.ListAsync(id, continuationToken, Concurrency.PageSize(pageSize), cancellationToken));
    }

    private static async Task<Results<Ok<ItemPage<SaleRecord>>, ProblemHttpResult>> ListHeldAsync(
        string? continuationToken, int? pageSize, HttpContext context, SaleLedger ledger, CancellationToken cancellationToken)
    {
        var caller = Caller.From(context.User);
        if (caller.Role is not (Role.Admin or Role.Department)) return Problems.Forbidden("Only an administrator or a department reviews sales.");
        return TypedResults.Ok(await ledger.ListHeldAsync(caller, continuationToken, Concurrency.PageSize(pageSize), cancellationToken));
    }

    private static Task<Results<Ok<SaleRecord>, ProblemHttpResult>> ApproveAsync(
        string id, string saleId, HttpContext context, SaleLedger ledger, SaleRecorder recorder, CancellationToken cancellationToken) =>
        ReviewAsync(id, saleId, context, ledger, recorder.ApproveAsync, "The sale was rejected already; it cannot be approved.", cancellationToken);

    private static Task<Results<Ok<SaleRecord>, ProblemHttpResult>> RejectAsync(
        string id, string saleId, HttpContext context, SaleLedger ledger, SaleRecorder recorder, CancellationToken cancellationToken) =>
        ReviewAsync(id, saleId, context, ledger, recorder.RejectAsync, "Only a held sale can be rejected; this one counts already.", cancellationToken);

    /// <summary>A sale counts in the revenue of its producer's province, so that province's department reviews it;
    /// to anyone else it does not exist.</summary>
    private static async Task<Results<Ok<SaleRecord>, ProblemHttpResult>> ReviewAsync(
        string id, string saleId, HttpContext context, SaleLedger ledger,
        Func<SaleRecord, string, CancellationToken, Task<SaleRecord?>> settle, string conflict, CancellationToken cancellationToken)
    {
        var caller = Caller.From(context.User);
        var found = await ledger.FindAsync(id, saleId, cancellationToken);
        var reviewer = caller.Role switch
        {
            Role.Admin => "admin",
            Role.Department when found is { } f && Provinces.Same(caller.Province, f.Sale.Province) => "department:" + caller.Province,
            _ => null,
        };
        if (found is not { } sale || reviewer is null) return Problems.NotFound("sale");
        return await settle(sale.Sale, reviewer, cancellationToken) is { } settled ? TypedResults.Ok(settled) : Problems.Conflict(conflict);
    }
}

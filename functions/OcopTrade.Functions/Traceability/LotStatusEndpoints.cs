using Azure;
using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Traceability;

/// <summary>What a producer or the department sends to hold, recall or lift a lot.</summary>
public sealed record LotStatusRequest(string? Reason);

/// <summary>A lot's standing with its whole history, as its producer and the department read it.</summary>
public sealed record LotStatusView(
    string ProductId, string BatchId, string LotNumber, LotState Status, string? Reason, DateTimeOffset? Since,
    CertificateActor? By, LotStatusEntry? Lifted, string? Notice, IReadOnlyList<LotStatusEntry> History);

/// <summary>Holds, recalls and their lifting. A caller who may not manage the product sees 404 (as for its lots);
/// one who may manage it but not lift this hold or recall gets 403.</summary>
public static class LotStatusEndpoints
{
    public static RouteGroupBuilder MapLotStatus(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/products/{id}/batches/{batchId}").WithTags("Lot recalls and holds")
            .RequireAuthorization();
        group.MapGet("/status", GetAsync)
            .WithSummary("The lot's standing (none, hold, recall) and its history, with an ETag.")
            .Produces<LotStatusView>(200).ProducesProblem(404);
        Change(group.MapPost("/holds", (string id, string batchId, HttpRequest request, LotServices services,
                CancellationToken ct) => ChangeAsync(id, batchId, LotAction.Hold, request, services, ct)))
            .WithSummary("Put the lot on hold: no sales point may sell it, its trace page warns in red, and the " +
                "product's marketplace listings come down if no other lot is left to sell. Body: {reason}.");
        Change(group.MapPost("/recalls", (string id, string batchId, HttpRequest request, LotServices services,
                CancellationToken ct) => ChangeAsync(id, batchId, LotAction.Recall, request, services, ct)))
            .WithSummary("Recall the lot (stronger than a hold; also from a hold). Body: {reason}.");
        Change(group.MapPost("/releases", (string id, string batchId, HttpRequest request, LotServices services,
                CancellationToken ct) => ChangeAsync(id, batchId, LotAction.Release, request, services, ct)))
            .WithSummary("Lift the hold or recall; recorded with its reason. A producer lifts only its own hold; a " +
                "recall or the department's hold is lifted by the department.");
        RecallStatus.MapRecallStatus(app);
        app.MapEpcis();
        return group;
    }

    private static RouteHandlerBuilder Change(RouteHandlerBuilder endpoint) => endpoint
        .Accepts<LotStatusRequest>("application/json").Produces<LotStatusView>(200)
        .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(412);

    private static async Task<Results<Ok<LotStatusView>, ProblemHttpResult>> GetAsync(
        string id, string batchId, HttpContext context, LotServices services, CancellationToken ct)
    {
        if (await services.FindLotAsync(id, batchId, Caller.From(context.User), ct) is not { } lot)
            return Problems.NotFound("batch");
        var (status, etag) = await services.Statuses.FindAsync(id, batchId, ct);
        if (etag is { } e) Concurrency.WriteETag(context.Response, e);
        return TypedResults.Ok(await services.ViewAsync(lot.Batch, status, ct));
    }

    private static async Task<Results<Ok<LotStatusView>, ProblemHttpResult>> ChangeAsync(
        string id, string batchId, LotAction action, HttpRequest request, LotServices services, CancellationToken ct)
    {
        var caller = Caller.From(request.HttpContext.User);
        if (await services.FindLotAsync(id, batchId, caller, ct) is not { } lot) return Problems.NotFound("batch");
        var (body, problem) = await JsonBody.ReadAsync<LotStatusRequest>(request, ct);
        if (problem is not null) return problem;
        var errors = new FieldErrors();
        if (LotStatus.ValidReason(body!.Reason, errors) is not { } reason)
            return Problems.Invalid(errors.ToDictionary());

        var (status, etag) = await services.Statuses.FindAsync(id, batchId, ct);
        var ifMatch = request.Headers.IfMatch.ToString().Trim();
        if (ifMatch.Length > 0 && ifMatch != "*" && new ETag(ifMatch) != etag) return Problems.PreconditionFailed();
        var change = status.Apply(action, CertificateActor.Of(caller), reason, services.Clock.GetUtcNow());
        if (change.Conflict is { } conflict) return Problems.Conflict(conflict);
        if (change.Forbidden is { } forbidden) return Problems.Forbidden(forbidden);
        if (!change.Unchanged)
        {
            // A change racing this one moved the lot: the caller reads again and decides.
            if (await services.Statuses.WriteAsync(lot.Product, lot.Batch, change, etag, ct) is not { } written)
                return Problems.PreconditionFailed();
            etag = written;
            await services.FollowAsync(lot.Product, lot.Batch, ct);
        }
        if (etag is { } e) Concurrency.WriteETag(request.HttpContext.Response, e);
        return TypedResults.Ok(await services.ViewAsync(lot.Batch, change.Status, ct));
    }
}

/// <summary>What the lot endpoints share: finding a lot its caller may manage, and what follows a change.</summary>
public sealed class LotServices(
    ProductStore products, BatchStore batches, LotStatusStore statuses, TraceResolver resolver,
    Syndication.RecallListings listings, TimeProvider clock)
{
    public LotStatusStore Statuses => statuses;

    public TimeProvider Clock => clock;

    public async Task<(Product Product, Batch Batch)?> FindLotAsync(
        string productId, string batchId, Caller caller, CancellationToken ct) =>
        (await products.FindManagedAsync(productId, caller, ct))?.Product is { } product
        && await batches.FindAsync(productId, batchId, ct) is { } batch
            ? (product, batch)
            : null;

    public async Task<LotStatusView> ViewAsync(Batch batch, LotStatus status, CancellationToken ct) => new(
        batch.ProductId, batch.Id, batch.LotNumber, status.State, status.Reason, status.Since, status.By, status.Lifted,
        status.Notice, await statuses.HistoryAsync(batch.ProductId, batch.Id, ct));

    /// <summary>This instance's trace cache forgets the lot at once; the marketplaces follow through their
    /// jobs.</summary>
    public Task FollowAsync(Product product, Batch batch, CancellationToken ct)
    {
        resolver.Forget(batch.TraceCode);
        return listings.FollowAsync(product.Id, ct);
    }
}

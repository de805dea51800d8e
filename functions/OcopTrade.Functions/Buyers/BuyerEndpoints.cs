using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Linkage;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Platform.Contract;

namespace OcopTrade.Functions.Buyers;

/// <summary>Buyers register themselves; the department of their province verifies or rejects them.</summary>
public static class BuyerEndpoints
{
    public static IServiceCollection AddBuyers(this IServiceCollection services) =>
        services.AddSingleton<BuyerStore>();

    public static IEndpointRouteBuilder MapBuyers(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/buyers", RegisterAsync).WithTags("Buyers").AllowAnonymous()
            .RequireRateLimiting(RateLimits.Registrations)
            .Accepts<BuyerFields>("application/json").ProducesProblem(422)
            .WithSummary("Register as a buyer (no key needed); the department of your province verifies you. " +
                "Honours Idempotency-Key.");
        var group = app.MapGroup("/api/buyers").WithTags("Buyers");
        group.MapGet("/", ListAsync).RequireAuthorization()
            .WithSummary("List buyers (department: its province; admin: any), e.g. those pending verification.");
        group.MapGet("/{id}", (string id, HttpContext context, BuyerStore store, CancellationToken cancellationToken) =>
                RecordEndpoints.GetAsync(id, context, store, "buyer", cancellationToken))
            .RequireAuthorization(AccessEndpoints.AnyCallerPolicy)
            .WithSummary("Read one buyer: its department, an admin, or the buyer itself.");
        group.MapPost("/{id}/decision", (string id, HttpRequest request, BuyerStore store, TimeProvider clock,
                CancellationToken cancellationToken) =>
                RecordEndpoints.ChangeAsync<Buyer, BuyerDecisionFields>(id, request, store, "buyer", ("reason", 500),
                    b => b.Reason, (buyer, caller, b, reason) => buyer.DecideBy(caller, b.Status, reason,
                        clock.GetUtcNow()),
                    cancellationToken))
            .RequireAuthorization()
            .Accepts<BuyerDecisionFields>("application/json").RequiresIfMatch().ProducesProblem(409)
            .WithSummary("Verify or reject a pending buyer (department of its province, or admin); needs If-Match.");
        return app;
    }

    private static async Task<Results<Created<Buyer>, Ok<Buyer>, ProblemHttpResult>> RegisterAsync(
        HttpRequest request, HttpResponse response, BuyerStore store, CancellationToken cancellationToken)
    {
        var (idempotencyKey, keyProblem) = IdempotencyKey.Read(request);
        if (keyProblem is not null) return keyProblem;
        var (body, problem) = await JsonBody.ReadAsync<BuyerFields>(request, cancellationToken);
        if (problem is not null) return problem;
        var errors = new FieldErrors();
        var fields = BuyerRules.Validate(body!, errors);
        if (fields is null) return Problems.Invalid(errors.ToDictionary());

        var id = idempotencyKey is null ? Ids.New() : Ids.FromIdempotencyKey("buyer", idempotencyKey);
        var (buyer, etag, created, same) = await store.RegisterAsync(id, fields, cancellationToken);
        if (!same) return Problems.IdempotencyKeyReused();
        Concurrency.WriteETag(response, etag);
        return created ? TypedResults.Created($"/api/buyers/{buyer.Id}", buyer) : TypedResults.Ok(buyer);
    }

    private static async Task<Results<Ok<ItemPage<Buyer>>, ProblemHttpResult>> ListAsync(
        HttpContext context, BuyerStore store, string? status, string? province, string? continuationToken,
        int? pageSize, CancellationToken cancellationToken)
    {
        var caller = Caller.From(context.User);
        if (caller.Role is not (Role.Admin or Role.Department))
            return Problems.Forbidden("Only a department or an administrator lists buyers.");
        var errors = new FieldErrors();
        var wanted = QueryValues.Enum<BuyerStatus>("status", status, errors);
        if (QueryValues.Problem(errors) is { } invalid) return invalid;
        if (caller.Role == Role.Department && province is not null && !Provinces.Same(province, caller.Province))
            return Problems.NotFound("province");
        var page = await store.ListAsync(caller, province, wanted, continuationToken, Concurrency.PageSize(pageSize),
            cancellationToken);
        return TypedResults.Ok(new ItemPage<Buyer>([.. page.Items.Select(i => i.Record)], page.ContinuationToken));
    }
}

using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Platform.Contract;
using OcopTrade.Functions.SalesPoints;

namespace OcopTrade.Functions.TradeEvents;

/// <summary>What cancelling an event takes: why, for the producers who applied.</summary>
public sealed record CancelRequest(string? Reason);

/// <summary>Trade-promotion events: the department of the event's province (or admin) plans, opens, changes and
/// cancels them; the province's producers read the open ones to apply.</summary>
public static class EventEndpoints
{
    public static IServiceCollection AddTradeEvents(this IServiceCollection services) => services
        .AddSingleton<EventStore>().AddSingleton<ApplicationDecisions>().AddSingleton<EventResults>()
        .AddSingleton<EventCatalogues>().AddSingleton<Revenue.IReportSheetSource, EventsSheet>();

    public static RouteGroupBuilder MapTradeEvents(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/events").WithTags("Trade events").RequireAuthorization();
        group.MapPost("/", CreateAsync).Accepts<EventFields>("application/json")
            .WithSummary("Create a trade-promotion event (admin, or the department of its province). " +
                "Honours Idempotency-Key.");
        group.MapGet("/", ListAsync)
            .WithSummary("The events you may see: a department its province's, a producer its province's open events.");
        group.MapGet("/{id}", GetAsync).WithSummary("One event, with its ETag.");
        group.MapPut("/{id}", ReplaceAsync).Accepts<EventFields>("application/json").RequiresIfMatch()
            .ProducesProblem(409)
            .WithSummary("Replace an event's fields (department of its province, admin); needs If-Match.");
        group.MapPost("/{id}/cancel", CancelAsync).Accepts<CancelRequest>("application/json")
            .WithSummary("Cancel an event with a reason; everything of it is kept. Cancelling again changes nothing.");
        group.MapGet("/{id}/results", ResultsAsync)
            .WithSummary("What the event achieved against its targets: producers, products, stalls, revenue, " +
                "sales, scans, enquiries and confirmed deals made there.");
        ApplicationEndpoints.Map(group);
        return group;
    }

    private static async Task<Results<Created<TradeEvent>, Ok<TradeEvent>, ProblemHttpResult>> CreateAsync(
        HttpRequest request, EventStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = Caller.From(request.HttpContext.User);
        if (caller.Role is not (Role.Admin or Role.Department))
            return Problems.Forbidden("Only an administrator or a department creates events.");
        var (key, keyProblem) = IdempotencyKey.Read(request);
        if (keyProblem is not null) return keyProblem;
        var (body, problem) = await JsonBody.ReadAsync<EventFields>(request, cancellationToken);
        if (problem is not null) return problem;
        var errors = new FieldErrors();
        if (EventRules.Validate(body!, errors) is not { } fields) return Problems.Invalid(errors.ToDictionary());
        if (caller.Role == Role.Department && !Provinces.Same(caller.Province, fields.Province))
            return Problems.Invalid("province", "A department creates events of its own province only.");

        var id = key is null ? Ids.New() : Ids.FromIdempotencyKey("event|" + caller, key);
        var (ev, etag, created, same) = await store.CreateAsync(
            TradeEvent.Create(id, fields, clock.GetUtcNow()), Ids.Fingerprint(fields), cancellationToken);
        if (!same) return Problems.IdempotencyKeyReused();
        Concurrency.WriteETag(request.HttpContext.Response, etag);
        return created ? TypedResults.Created($"/api/events/{ev.Id}", ev) : TypedResults.Ok(ev);
    }

    private static async Task<Results<Ok<IReadOnlyList<TradeEvent>>, ProblemHttpResult>> ListAsync(
        HttpContext context, EventStore store, CancellationToken cancellationToken)
    {
        var caller = Caller.From(context.User);
        if (caller.Role == Role.SalesPoint) return Problems.Forbidden("Sales points do not list events.");
        return TypedResults.Ok(await store.ListAsync(caller, cancellationToken));
    }

    private static async Task<Results<Ok<TradeEvent>, ProblemHttpResult>> GetAsync(
        string id, HttpContext context, EventStore store, CancellationToken cancellationToken)
    {
        var found = await store.FindAsync(id, cancellationToken);
        if (found is null || !found.Value.Event.VisibleTo(Caller.From(context.User)))
            return Problems.NotFound("event");
        Concurrency.WriteETag(context.Response, found.Value.ETag);
        return TypedResults.Ok(found.Value.Event);
    }

    private static async Task<Results<Ok<TradeEvent>, ProblemHttpResult>> ReplaceAsync(
        string id, HttpRequest request, EventStore store, SalesPointStore points, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(request.HttpContext.User);
        if (await store.FindAsync(id, cancellationToken) is not { } found || !found.Event.ManagedBy(caller))
            return Problems.NotFound("event");
        var (ifMatch, precondition) = Concurrency.RequireIfMatch(request, found.ETag);
        if (precondition is not null) return precondition;
        var (body, problem) = await JsonBody.ReadReplacementAsync<EventFields>(request, found.Event, cancellationToken);
        if (problem is not null) return problem;
        var errors = new FieldErrors();
        if (EventRules.Validate(body!, errors) is not { } fields) return Problems.Invalid(errors.ToDictionary());
        if (!Provinces.Same(found.Event.Province, fields.Province) && !caller.IsAdmin)
            return Problems.Invalid("province", "Only an administrator moves an event to another province.");
        var accepted = (await store.ApplicationsAsync(id, cancellationToken))
            .Where(a => a.Status == ApplicationStatus.Accepted).ToList();
        var highestStall = accepted.Select(a => a.Stall ?? 0).DefaultIfEmpty(0).Max();
        if (found.Event.ChangeRefusal(fields, highestStall) is { } refusal)
            return Problems.Conflict(refusal);

        var changed = found.Event.With(fields, clock.GetUtcNow());
        if (await store.ReplaceAsync(changed, ifMatch, cancellationToken) is not { } etag)
            return Problems.PreconditionFailed();
        // A stall sells on the event's days: when the days move, its stalls' move with them.
        foreach (var stall in accepted.Where(a => a.SalesPointId is not null))
            await points.MoveStallDaysAsync(stall.SalesPointId!, changed.From, changed.To, cancellationToken);
        Concurrency.WriteETag(request.HttpContext.Response, etag);
        return TypedResults.Ok(changed);
    }

    private static async Task<Results<Ok<TradeEvent>, ProblemHttpResult>> CancelAsync(
        string id, HttpRequest request, EventStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = Caller.From(request.HttpContext.User);
        if (await store.FindAsync(id, cancellationToken) is not { } found || !found.Event.ManagedBy(caller))
            return Problems.NotFound("event");
        var (body, problem) = await JsonBody.ReadAsync<CancelRequest>(request, cancellationToken);
        if (problem is not null) return problem;
        var errors = new FieldErrors();
        var reason = errors.Text("reason", body!.Reason, 1000, required: true, multiline: true);
        if (errors.Any) return Problems.Invalid(errors.ToDictionary());
        if (found.Event.Status == EventStatus.Cancelled) return TypedResults.Ok(found.Event);

        var cancelled = found.Event.Cancel(reason!, clock.GetUtcNow());
        if (await store.ReplaceAsync(cancelled, found.ETag, cancellationToken) is not { } etag)
            return Problems.PreconditionFailed();
        Concurrency.WriteETag(request.HttpContext.Response, etag);
        return TypedResults.Ok(cancelled);
    }

    private static async Task<Results<Ok<EventResult>, ProblemHttpResult>> ResultsAsync(
        string id, HttpContext context, EventStore store, EventResults results, CancellationToken cancellationToken)
    {
        var found = await store.FindAsync(id, cancellationToken);
        if (found is null || !found.Value.Event.ManagedBy(Caller.From(context.User))) return Problems.NotFound("event");
        return TypedResults.Ok(await results.ForAsync(found.Value.Event, cancellationToken));
    }
}

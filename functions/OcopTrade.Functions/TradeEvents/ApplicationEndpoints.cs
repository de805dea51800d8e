using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Platform.Contract;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.TradeEvents;

/// <summary>Producers apply to an event with the products they bring and may withdraw; the department of the
/// event's province decides, assigns stalls and issues each stall's key.</summary>
public static class ApplicationEndpoints
{
    public static void Map(RouteGroupBuilder events)
    {
        events.MapPost("/{id}/applications", ApplyAsync).Accepts<ApplicationRequest>("application/json")
            .ProducesProblem(409).ProducesProblem(422)
            .WithSummary("Apply to an open event with your own published products (producer). One application per " +
                "producer per event; honours Idempotency-Key.");
        events.MapGet("/{id}/applications", ListAsync)
            .WithSummary("The event's applications (department of its province, admin); a producer sees its own.");
        events.MapGet("/{id}/applications/{appId}", GetAsync).WithSummary("One application, with its ETag.");
        events.MapPost("/{id}/applications/{appId}/withdraw", WithdrawAsync).ProducesProblem(409)
            .WithSummary("Withdraw your application before it is decided (producer); " +
                "withdrawing again changes nothing.");
        events.MapPost("/{id}/applications/{appId}/decision", DecideAsync).Accepts<DecisionRequest>("application/json")
            .RequiresIfMatch().ProducesProblem(409)
            .WithSummary("Accept with a stall, or decline with a reason (department of the event's province); " +
                "needs If-Match.");
        events.MapPost("/{id}/applications/{appId}/stall-key", IssueStallKeyAsync)
            .WithSummary("Issue an access key for an accepted stall's sales point, for its till (department, admin). " +
                "The key is shown only in this answer.");
    }

    private static async Task<Results<Created<EventApplication>, Ok<EventApplication>, ProblemHttpResult>> ApplyAsync(
        string id, HttpRequest request, EventStore store, ProductStore products, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(request.HttpContext.User);
        if (await store.FindAsync(id, cancellationToken) is not { } found || !found.Event.VisibleTo(caller))
            return Problems.NotFound("event");
        if (caller.Role != Role.Producer) return Problems.Forbidden("Producers apply to events, with their own key.");
        var (key, keyProblem) = IdempotencyKey.Read(request);
        if (keyProblem is not null) return keyProblem;
        var (body, problem) = await JsonBody.ReadAsync<ApplicationRequest>(request, cancellationToken);
        if (problem is not null) return problem;
        var refusal = await ProductsRefusalAsync(body!.ProductIds, caller.ProducerId!, products, cancellationToken);
        if (refusal is not null)
            return Problems.Invalid("productIds", refusal);
        if (!found.Event.TakesApplications)
            return Problems.Conflict(
                $"The event is {found.Event.Status.ToString().ToLowerInvariant()}; it takes no applications.");

        var appId = key is null ? Ids.New() : Ids.FromIdempotencyKey($"application|{id}|{caller.ProducerId}", key);
        var application = new EventApplication(appId, id, caller.ProducerId!, body.ProductIds!,
            ApplicationStatus.Submitted, clock.GetUtcNow());
        var (outcome, stored, etag) = await store.ApplyAsync(application, Ids.Fingerprint(body), cancellationToken);
        var location = $"/api/events/{id}/applications/{stored.Id}";
        if (outcome == ApplyOutcome.KeyReused) return Problems.IdempotencyKeyReused();
        if (outcome == ApplyOutcome.AlreadyApplied)
        {
            request.HttpContext.Response.Headers.Location = location;
            return Problems.Conflict($"You applied to this event already: {location}");
        }
        Concurrency.WriteETag(request.HttpContext.Response, etag);
        return outcome == ApplyOutcome.Created ? TypedResults.Created(location, stored) : TypedResults.Ok(stored);
    }

    private static async Task<string?> ProductsRefusalAsync(
        IReadOnlyList<string>? requested, string producerId, ProductStore products, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, Product?>(StringComparer.Ordinal);
        var named = (requested ?? []).Take(EventApplication.MaxProducts + 1).Distinct(StringComparer.Ordinal);
        foreach (var productId in named)
            found[productId] = (await products.FindAsync(productId ?? "", cancellationToken))?.Product;
        return EventApplication.ProductsRefusal(requested, producerId, p => found.GetValueOrDefault(p));
    }

    private static async Task<Results<Ok<IReadOnlyList<EventApplication>>, ProblemHttpResult>> ListAsync(
        string id, HttpContext context, EventStore store, CancellationToken cancellationToken)
    {
        var caller = Caller.From(context.User);
        if (await store.FindAsync(id, cancellationToken) is not { } found || !found.Event.VisibleTo(caller))
            return Problems.NotFound("event");
        var applications = await store.ApplicationsAsync(id, cancellationToken);
        return TypedResults.Ok(found.Event.ManagedBy(caller)
            ? applications
            : applications.Where(a => a.ProducerId == caller.ProducerId).ToList());
    }

    private static async Task<Results<Ok<EventApplication>, ProblemHttpResult>> GetAsync(
        string id, string appId, HttpContext context, EventStore store, CancellationToken cancellationToken)
    {
        if (await FindVisibleAsync(id, appId, Caller.From(context.User), store, cancellationToken) is not { } found)
            return Problems.NotFound("application");
        Concurrency.WriteETag(context.Response, found.ETag);
        return TypedResults.Ok(found.Application);
    }

    private static async Task<Results<Ok<EventApplication>, ProblemHttpResult>> WithdrawAsync(
        string id, string appId, HttpContext context, EventStore store, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(context.User);
        if (await FindVisibleAsync(id, appId, caller, store, cancellationToken) is not { } found
            || found.Application.ProducerId != caller.ProducerId) return Problems.NotFound("application");
        if (found.Application.Withdraw(clock.GetUtcNow()) is not { } withdrawn)
            return Problems.Conflict("The application was decided already; ask the department.");
        if (withdrawn == found.Application) return TypedResults.Ok(withdrawn);
        if (await store.ReplaceApplicationAsync(withdrawn, found.ETag, cancellationToken) is not { } etag)
            return Problems.PreconditionFailed();
        Concurrency.WriteETag(context.Response, etag);
        return TypedResults.Ok(withdrawn);
    }

    private static async Task<Results<Ok<EventApplication>, ProblemHttpResult>> DecideAsync(
        string id, string appId, HttpRequest request, EventStore store, ApplicationDecisions decisions,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(request.HttpContext.User);
        if (await FindManagedAsync(id, appId, caller, store, cancellationToken) is not { } found)
            return Problems.NotFound("application");
        var (ifMatch, precondition) = Concurrency.RequireIfMatch(request, found.ETag);
        if (precondition is not null) return precondition;
        var (body, problem) = await JsonBody.ReadAsync<DecisionRequest>(request, cancellationToken);
        if (problem is not null) return problem;
        var errors = new FieldErrors();
        var reason = errors.Text("reason", body!.Reason, 1000, multiline: true);
        if (body.Accepted is null) errors.Add("accepted", "Say true to accept or false to decline.");
        if (errors.Any) return Problems.Invalid(errors.ToDictionary());

        var decided = await decisions.DecideAsync(
            found.Event, found.Application, ifMatch, body with { Reason = reason },
            caller.IsAdmin ? "admin" : "department:" + caller.Province, cancellationToken);
        if (decided.Problem is { } refused) return refused;
        Concurrency.WriteETag(request.HttpContext.Response, decided.ETag);
        return TypedResults.Ok(decided.Application!);
    }

    private static async Task<Results<Created<KeyIssued>, ProblemHttpResult>> IssueStallKeyAsync(
        string id, string appId, HttpContext context, EventStore store, SalesPoints.SalesPointStore points,
        AccessKeyStore keys, CancellationToken cancellationToken)
    {
        if (await FindManagedAsync(id, appId, Caller.From(context.User), store, cancellationToken) is not { } found)
            return Problems.NotFound("application");
        if (found.Application.SalesPointId is not { } stallId
            || await points.FindAsync(stallId, cancellationToken) is not { } point)
            return Problems.Conflict("Only an accepted application has a stall to issue a key for.");
        var label = $"Gian hàng {found.Application.Stall} · {found.Event.Name}";
        if (label.Length > 100) label = label[..100];
        var (key, issued) = await keys.IssueAsync(
            new Caller(Role.SalesPoint, SalesPointId: point.Id, Province: point.Province), label, cancellationToken);
        return TypedResults.Created($"/api/keys/{issued.Id}", new KeyIssued(
            key, issued.Id, issued.Role, issued.ProducerId, issued.SalesPointId, issued.Province, issued.Label));
    }

    /// <summary>An application of an event this caller manages; null to anyone else.</summary>
    private static async Task<(TradeEvent Event, EventApplication Application, Azure.ETag ETag)?> FindManagedAsync(
        string id, string appId, Caller caller, EventStore store, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } ev || !ev.Event.ManagedBy(caller)) return null;
        return await store.FindApplicationAsync(id, appId, cancellationToken) is { } found
            ? (ev.Event, found.Application, found.ETag) : null;
    }

    /// <summary>An application as its producer or the event's managers may see it; to anyone else it does not
    /// exist.</summary>
    private static async Task<(EventApplication Application, Azure.ETag ETag)?> FindVisibleAsync(
        string id, string appId, Caller caller, EventStore store, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } ev || !ev.Event.VisibleTo(caller)) return null;
        if (await store.FindApplicationAsync(id, appId, cancellationToken) is not { } found) return null;
        return ev.Event.ManagedBy(caller) || found.Application.ProducerId == caller.ProducerId ? found : null;
    }
}

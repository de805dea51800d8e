using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Linkage;

/// <summary>The reads and state changes buyers, enquiries and deals share: what the caller may not see is not
/// found; a change needs If-Match with the version read, is decided by the record's own rule, and is written only
/// if nobody changed the record meanwhile.</summary>
public static class RecordEndpoints
{
    /// <summary>The list of the caller's own records (<c>GET /</c>, by status, in pages) and one record
    /// (<c>GET /{id}</c>).</summary>
    public static void MapReads<T, TStatus, TStore>(
        RouteGroupBuilder group, string what, string listSummary, string getSummary)
        where T : class, IScopedRecord where TStatus : struct, Enum where TStore : PartyTable<T, TStatus>
    {
        group.MapGet("/", (HttpContext context, TStore store, string? status, string? continuationToken, int? pageSize,
            CancellationToken cancellationToken) =>
            ListAsync(context, store, status, continuationToken, pageSize, cancellationToken)).WithSummary(listSummary);
        group.MapGet("/{id}", (string id, HttpContext context, TStore store, CancellationToken cancellationToken) =>
            GetAsync(id, context, store, what, cancellationToken)).WithSummary(getSummary);
    }

    public static async Task<Results<Ok<T>, ProblemHttpResult>> GetAsync<T>(
        string id, HttpContext context, RecordTable<T> store, string what, CancellationToken cancellationToken)
        where T : class, IScopedRecord
    {
        if (await store.FindVisibleAsync(id, Caller.From(context.User), cancellationToken) is not { } found)
            return Problems.NotFound(what);
        Concurrency.WriteETag(context.Response, found.ETag);
        return TypedResults.Ok(found.Record);
    }

    /// <summary>The caller's own enquiries or deals (<see cref="PartyFilter"/>), optionally of one status.</summary>
    public static async Task<Results<Ok<ItemPage<T>>, ProblemHttpResult>> ListAsync<T, TStatus>(
        HttpContext context, PartyTable<T, TStatus> store, string? status, string? continuationToken, int? pageSize,
        CancellationToken cancellationToken) where T : class, IScopedRecord where TStatus : struct, Enum
    {
        var caller = Caller.From(context.User);
        if (caller.Role == Role.SalesPoint) return Problems.Forbidden("Sales points see no enquiries or deals.");
        var errors = new FieldErrors();
        var wanted = QueryValues.Enum<TStatus>("status", status, errors);
        if (QueryValues.Problem(errors) is { } invalid) return invalid;
        var page = await store.ListAsync(caller, wanted, continuationToken, Concurrency.PageSize(pageSize),
            cancellationToken);
        return TypedResults.Ok(new ItemPage<T>([.. page.Items.Select(i => i.Record)], page.ContinuationToken));
    }

    /// <param name="text">The body's free text (an answer, a reason), checked as every text field is.</param>
    /// <param name="change">The record's own rule: who may make the change, from which state, with what.</param>
    public static async Task<Results<Ok<T>, ProblemHttpResult>> ChangeAsync<T, TBody>(
        string id, HttpRequest request, RecordTable<T> store, string what, (string Field, int MaxLength) text,
        Func<TBody, string?> textOf, Func<T, Caller, TBody, string?, StateChange<T>> change,
        CancellationToken cancellationToken) where T : class, IScopedRecord where TBody : class
    {
        var caller = Caller.From(request.HttpContext.User);
        if (await store.FindVisibleAsync(id, caller,
            cancellationToken) is not { } found) return Problems.NotFound(what);
        var (ifMatch, preconditionProblem) = Concurrency.RequireIfMatch(request, found.ETag);
        if (preconditionProblem is not null) return preconditionProblem;
        var (body, problem) = await JsonBody.ReadAsync<TBody>(request, cancellationToken);
        if (problem is not null) return problem;
        var errors = new FieldErrors();
        var clean = errors.Text(text.Field, textOf(body!), text.MaxLength, multiline: true);
        if (errors.Any) return Problems.Invalid(errors.ToDictionary());

        var result = change(found.Record, caller, body!, clean);
        if (result.Refused) return StateChangeProblems.Of(result);
        if (await store.ReplaceAsync(result.Next!, ifMatch, cancellationToken) is not { } etag)
            return Problems.PreconditionFailed();
        Concurrency.WriteETag(request.HttpContext.Response, etag);
        return TypedResults.Ok(result.Next!);
    }
}

using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Platform.Contract;

namespace OcopTrade.Functions.Producers;

public static class ProducerEndpoints
{
    public static IServiceCollection AddProducers(this IServiceCollection services) =>
        services.AddSingleton<ProducerStore>().AddSingleton<ProducerNames>();

    public static RouteGroupBuilder MapProducers(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/producers").WithTags("Producers").RequireAuthorization();
        group.MapPost("/", CreateAsync).Accepts<ProducerFields>("application/json").ProducesProblem(422)
            .WithSummary("Register a producer (admin, or the department of its province). Honours Idempotency-Key.");
        group.MapGet("/", ListAsync).WithSummary("List the producers you may see, with filters and continuation.");
        group.MapGet("/{id}", GetAsync).WithSummary("Read one producer.");
        group.MapPut("/{id}", ReplaceAsync).Accepts<ProducerFields>("application/json").RequiresIfMatch()
            .WithSummary("Replace a producer's fields; needs If-Match with the ETag you read.");
        return group;
    }

    private static async Task<Results<Created<Producer>, Ok<Producer>, ProblemHttpResult>> CreateAsync(
        HttpRequest request, HttpResponse response, ProducerStore store, CancellationToken cancellationToken)
    {
        var caller = Caller.From(request.HttpContext.User);
        if (caller.Role is not (Role.Admin or Role.Department))
            return Problems.Forbidden("Only an administrator or a provincial department registers producers.");
        var (idempotencyKey, keyProblem) = IdempotencyKey.Read(request);
        if (keyProblem is not null) return keyProblem;
        var (body, problem) = await JsonBody.ReadAsync<ProducerFields>(request, cancellationToken);
        if (problem is not null) return problem;

        var errors = new FieldErrors();
        var fields = ProducerRules.Validate(body!, errors);
        if (fields is null) return Problems.Invalid(errors.ToDictionary());
        if (caller.Role == Role.Department && !Provinces.Same(caller.Province, fields.Province))
            return Problems.Invalid("province", "A department registers producers of its own province only.");

        var id = idempotencyKey is null ? Ids.New() : Ids.FromIdempotencyKey("producer|" + caller, idempotencyKey);
        var (producer, etag, created, sameRequest) = await store.CreateAsync(id, fields, Ids.Fingerprint(fields), cancellationToken);
        if (!sameRequest)
            return Problems.IdempotencyKeyReused();
        Concurrency.WriteETag(response, etag);
        return created ? TypedResults.Created($"/api/producers/{producer.Id}", producer) : TypedResults.Ok(producer);
    }

    private static async Task<Results<Ok<ItemPage<Producer>>, ProblemHttpResult>> ListAsync(
        HttpContext context, ProducerStore store, string? province, string? kind, string? commune,
        string? continuationToken, int? pageSize, CancellationToken cancellationToken)
    {
        var caller = Caller.From(context.User);
        if (caller.Role == Role.SalesPoint) return Problems.Forbidden("Sales points do not list producers.");
        var errors = new FieldErrors();
        var filter = new ProducerFilter(province, QueryValues.Enum<ProducerKind>("kind", kind, errors), commune);
        if (QueryValues.Problem(errors) is { } problem) return problem;
        var page = await store.ListAsync(caller, filter, continuationToken,
            Concurrency.PageSize(pageSize), cancellationToken);
        return TypedResults.Ok(page);
    }

    private static async Task<Results<Ok<Producer>, ProblemHttpResult>> GetAsync(
        string id, HttpContext context, ProducerStore store, CancellationToken cancellationToken)
    {
        var caller = Caller.From(context.User);
        var found = await store.FindWithETagAsync(id, cancellationToken);
        // 404 rather than 403: another producer's ids must not be probeable.
        if (found is not { } f || !caller.Manages(f.Producer.Id, f.Producer.Province)) return Problems.NotFound("producer");
        Concurrency.WriteETag(context.Response, f.ETag);
        return TypedResults.Ok(f.Producer);
    }

    private static async Task<Results<Ok<Producer>, ProblemHttpResult>> ReplaceAsync(
        string id, HttpRequest request, HttpResponse response, ProducerStore store, CancellationToken cancellationToken)
    {
        var caller = Caller.From(request.HttpContext.User);
        var found = await store.FindWithETagAsync(id, cancellationToken);
        if (found is not { } current || !caller.Manages(current.Producer.Id, current.Producer.Province)) return Problems.NotFound("producer");
        var (ifMatch, preconditionProblem) = Concurrency.RequireIfMatch(request, current.ETag);
        if (preconditionProblem is not null) return preconditionProblem;
        var (body, problem) = await JsonBody.ReadReplacementAsync<ProducerFields>(
            request, current.Producer, cancellationToken);
        if (problem is not null) return problem;

        var errors = new FieldErrors();
        var fields = ProducerRules.Validate(body!, errors);
        if (fields is null) return Problems.Invalid(errors.ToDictionary());
        if (caller.Role is Role.Department or Role.Producer && !Provinces.Same(current.Producer.Province, fields.Province))
            return Problems.Invalid("province", "Only an administrator moves a producer to another province.");

        var replaced = await store.ReplaceAsync(current.Producer, fields, ifMatch, cancellationToken);
        if (replaced is null) return Problems.PreconditionFailed();
        Concurrency.WriteETag(response, replaced.Value.ETag);
        return TypedResults.Ok(replaced.Value.Producer);
    }
}

using Azure.Storage.Queues;
using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Producers;

namespace OcopTrade.Functions.Syndication;

/// <summary>Bulk actions on marketplaces: for one producer (the producer itself, its province's department, admin)
/// or for a whole province (its department, admin). Started here, run by <see cref="BulkSyndicationFunction"/>,
/// followed at the address the 202 gives.</summary>
public static class BulkSyndicationEndpoints
{
    private const string Actions = "action sendReady (every ready product to the channel named) or retryAttention " +
        "(every listing that needs attention, on one channel or all)";

    public static IServiceCollection AddBulkSyndication(this IServiceCollection services) => services
        .AddSingleton<BulkSyndicationStore>().AddSingleton<BulkSyndicationProducts>()
        .AddSingleton<BulkSyndicationStep>();

    public static IEndpointRouteBuilder MapBulkSyndication(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Syndication").RequireAuthorization();
        group.MapPost("/producers/{producerId}/bulk-syndications", ForProducerAsync)
            .Accepts<BulkSyndicationRequest>("application/json").ProducesProblem(422)
            .WithSummary($"Start a bulk action over a producer's products: {Actions}. 202 with the progress address; " +
                "honours Idempotency-Key.");
        group.MapPost("/provinces/{province}/bulk-syndications", ForProvinceAsync)
            .Accepts<BulkSyndicationRequest>("application/json").ProducesProblem(422)
            .WithSummary($"Start a bulk action over every product of a province (its department, admin): {Actions}. " +
                "202 with the progress address; honours Idempotency-Key.");
        group.MapGet("/bulk-syndications/{id}", GetAsync)
            .WithSummary("Progress of a bulk action you started: state (queued, running, done), products total and " +
                "processed, jobs queued, channels already up to date, products skipped with the requirements they " +
                "miss (the first few listed), and failures.");
        return app;
    }

    private static async Task<Results<Accepted<BulkSyndicationView>, ProblemHttpResult>> ForProducerAsync(
        string producerId, HttpRequest request, ProducerStore producers, BulkSyndicationStore bulks,
        QueueServiceClient queues, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = Caller.From(request.HttpContext.User);
        if (await producers.FindAsync(producerId, cancellationToken) is not { } producer
            || !caller.Manages(producer.Id, producer.Province))
            return Problems.NotFound("producer");
        return await StartAsync(BulkScope.Producer(producer.Id), caller, request, bulks, queues, clock,
            cancellationToken);
    }

    private static async Task<Results<Accepted<BulkSyndicationView>, ProblemHttpResult>> ForProvinceAsync(
        string province, HttpRequest request, BulkSyndicationStore bulks, QueueServiceClient queues,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = Caller.From(request.HttpContext.User);
        var errors = new FieldErrors();
        var named = errors.Text("province", province, 100, required: true);
        if (named is null) return Problems.Invalid(errors.ToDictionary());
        if (!(caller.IsAdmin || caller.Role == Role.Department && Provinces.Same(caller.Province, named)))
            return Problems.Forbidden("A province's bulk actions are for its department or an administrator.");
        return await StartAsync(BulkScope.OfProvince(named), caller, request, bulks, queues, clock, cancellationToken);
    }

    /// <summary>Records the action, then sends its first page. With an Idempotency-Key a repeated request finds
    /// the action it started and answers it, starting nothing (unless its first page was lost on the way).</summary>
    private static async Task<Results<Accepted<BulkSyndicationView>, ProblemHttpResult>> StartAsync(
        BulkScope scope, Caller caller, HttpRequest request, BulkSyndicationStore bulks, QueueServiceClient queues,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var (key, keyProblem) = IdempotencyKey.Read(request);
        if (keyProblem is not null) return keyProblem;
        var (body, problem) = await JsonBody.ReadAsync<BulkSyndicationRequest>(request, cancellationToken);
        if (problem is not null) return problem;
        var errors = new FieldErrors();
        if (body!.Validate(errors) is not var (action, channel)) return Problems.Invalid(errors.ToDictionary());

        var id = key is null ? Ids.New() : Ids.FromIdempotencyKey($"bulk-syndication|{caller}|{scope}", key);
        var now = clock.GetUtcNow();
        var asked = new BulkSyndicationRecord
        {
            Id = id, Action = action, Channel = channel?.Name, Scope = scope, Caller = caller, CreatedAt = now,
            UpdatedAt = now,
        };
        var fingerprint = Ids.Fingerprint(new { action, channel = channel?.Name, scope = scope.ToString() });
        var (bulk, created, same) = await bulks.CreateAsync(asked, fingerprint, cancellationToken);
        if (!same) return Problems.IdempotencyKeyReused();
        if (created || bulk.NeverBegan(now))
            await BulkSyndicationFunction.SendAsync(queues, new BulkSyndicationPage(id, 0), cancellationToken);
        return TypedResults.Accepted($"/api/bulk-syndications/{bulk.Id}", BulkSyndicationView.Of(bulk));
    }

    /// <summary>Only whoever started the action follows it; to anyone else it does not exist.</summary>
    private static async Task<Results<Ok<BulkSyndicationView>, ProblemHttpResult>> GetAsync(
        string id, HttpContext context, BulkSyndicationStore bulks, CancellationToken cancellationToken)
    {
        if (await bulks.FindAsync(id, cancellationToken) is not { Record: var bulk }
            || bulk.Caller != Caller.From(context.User))
            return Problems.NotFound("bulk action");
        return TypedResults.Ok(BulkSyndicationView.Of(bulk));
    }
}

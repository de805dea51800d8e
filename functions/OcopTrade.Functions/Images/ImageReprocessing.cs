using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Observability;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Images;

public sealed record ReprocessStarted(string Id);

public sealed record ReprocessProgress(string Id, int Total, int Done, int Failed, string State, DateTimeOffset CreatedAt);

/// <summary>Re-renders every ready photo from its original (after a change of rendition sizes or settings). A job is
/// a row in <c>ImageReprocessJobs</c> plus one row per photo in the job's partition; the photos are listed a page at
/// a time and each goes through the queue on its own, so a restart continues where it was and a photo whose row
/// says done is never rendered again. Progress is counted from those rows, so it is exact under retries.</summary>
public static class ImageReprocessing
{
    public const string Queue = "image-reprocessing";
    public const string Planning = "planning", Running = "running", Completed = "completed";

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/images/reprocess").WithTags("Images").RequireAuthorization();
        group.MapPost("/", StartAsync).WithSummary("Admin: re-render every ready photo from its original; 202 {id}.");
        group.MapGet("/{jobId}", ProgressAsync).WithSummary("Admin: a re-processing job's progress {total, done, failed, state}.");
    }

    private static async Task<Results<Accepted<ReprocessStarted>, ProblemHttpResult>> StartAsync(
        HttpContext context, ReprocessJobs jobs, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!Caller.From(context.User).IsAdmin) return Problems.Forbidden("Only an administrator re-processes photos.");
        var id = await jobs.StartAsync(clock.GetUtcNow(), cancellationToken);
        return TypedResults.Accepted($"/api/images/reprocess/{id}", new ReprocessStarted(id));
    }

    private static async Task<Results<Ok<ReprocessProgress>, ProblemHttpResult>> ProgressAsync(
        string jobId, HttpContext context, ReprocessJobs jobs, CancellationToken cancellationToken)
    {
        if (!Caller.From(context.User).IsAdmin) return Problems.Forbidden("Only an administrator re-processes photos.");
        return await jobs.ProgressAsync(jobId, cancellationToken) is { } progress ? TypedResults.Ok(progress) : Problems.NotFound("re-processing job");
    }
}

/// <summary>A queue message: plan a page of photos (<see cref="Continuation"/>, null for the first page), or, with
/// <see cref="ProductId"/> and <see cref="ImageId"/>, re-render one photo.</summary>
public sealed record ReprocessMessage(string JobId, string? Continuation = null, string? ProductId = null, string? ImageId = null);

public sealed class ReprocessJobs(TableServiceClient tables, QueueServiceClient queues)
{
    public const string Queued = "queued", Rendering = "rendering", Done = "done", Failed = "failed", Skipped = "skipped";

    /// <summary>A claim older than this belongs to a delivery that died mid-render; its message came back, so it may
    /// be claimed again.</summary>
    public static readonly TimeSpan ClaimLifetime = TimeSpan.FromMinutes(5);
    private readonly TableClient _table = tables.GetTableClient(StorageNames.ImageReprocessJobsTable);
    private QueueClient Queue => queues.GetQueueClient(ImageReprocessing.Queue);

    public static string ItemKey(string productId, string imageId) => productId + "." + imageId;

    public async Task<string> StartAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = Ids.New();
        await _table.AddEntityAsync(new TableEntity(id, "") { ["CreatedAt"] = now, ["Planned"] = false }, cancellationToken);
        await SendAsync(new ReprocessMessage(id), cancellationToken);
        return id;
    }

    public Task SendAsync(ReprocessMessage message, CancellationToken cancellationToken) =>
        Queue.SendJobAsync(message, cancellationToken);

    public async Task<TableEntity?> FindJobAsync(string jobId, CancellationToken cancellationToken)
    {
        if (!Ids.LooksValid(jobId)) return null;
        var job = await _table.GetEntityIfExistsAsync<TableEntity>(jobId, "", cancellationToken: cancellationToken);
        return job.HasValue ? job.Value : null;
    }

    public async Task MarkPlannedAsync(string jobId, string? next, CancellationToken cancellationToken) =>
        await _table.UpdateEntityAsync(new TableEntity(jobId, "") { ["Planned"] = next is null, ["Continuation"] = next }, ETag.All,
            TableUpdateMode.Merge, cancellationToken);

    /// <summary>Adds a photo to the job; true when it still has to be rendered (new, or queued before a crash).</summary>
    public async Task<bool> AddItemAsync(string jobId, string productId, string imageId, CancellationToken cancellationToken)
    {
        try
        {
            await _table.AddEntityAsync(new TableEntity(jobId, ItemKey(productId, imageId)) { ["State"] = Queued }, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return await ItemStateAsync(jobId, productId, imageId, cancellationToken) == Queued;
        }
    }

    public async Task<string?> ItemStateAsync(string jobId, string productId, string imageId, CancellationToken cancellationToken)
    {
        var item = await _table.GetEntityIfExistsAsync<TableEntity>(jobId, ItemKey(productId, imageId), select: ["State"], cancellationToken);
        return item.HasValue ? item.Value!.GetString("State") : null;
    }

    /// <summary>Takes a photo for rendering, so two deliveries of its message (duplicates from planning a page twice)
    /// do not both render it: only one conditional update from queued (or from a stale claim) wins.</summary>
    public async Task<bool> TryClaimAsync(string jobId, string productId, string imageId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(jobId, ItemKey(productId, imageId), cancellationToken: cancellationToken);
        if (!found.HasValue) return false;
        var item = found.Value!;
        var state = item.GetString("State");
        var claimable = state == Queued || (state == Rendering && item.GetDateTimeOffset("ClaimedAt") < now - ClaimLifetime);
        if (!claimable) return false;
        try
        {
            await _table.UpdateEntityAsync(new TableEntity(jobId, item.RowKey) { ["State"] = Rendering, ["ClaimedAt"] = now }, item.ETag,
                TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 412) { return false; }
    }

    public Task SetItemStateAsync(string jobId, string productId, string imageId, string state, CancellationToken cancellationToken) =>
        _table.UpdateEntityAsync(new TableEntity(jobId, ItemKey(productId, imageId)) { ["State"] = state }, ETag.All, TableUpdateMode.Merge, cancellationToken);

    public async Task<ReprocessProgress?> ProgressAsync(string jobId, CancellationToken cancellationToken)
    {
        if (await FindJobAsync(jobId, cancellationToken) is not { } job) return null;
        int total = 0, done = 0, failed = 0;
        await foreach (var item in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {jobId} and RowKey ne {""}"), select: ["State"],
                           cancellationToken: cancellationToken))
        {
            total++;
            switch (item.GetString("State"))
            {
                case Done or Skipped: done++; break;
                case Failed: failed++; break;
            }
        }
        var state = job.GetBoolean("Planned") != true ? ImageReprocessing.Planning
            : done + failed < total ? ImageReprocessing.Running : ImageReprocessing.Completed;
        return new ReprocessProgress(jobId, total, done, failed, state, job.GetDateTimeOffset("CreatedAt") ?? default);
    }
}

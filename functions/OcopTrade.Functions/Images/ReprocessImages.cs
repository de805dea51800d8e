using Microsoft.Azure.Functions.Worker;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Images;

/// <summary>The queue function behind <see cref="ImageReprocessing"/>: plans a page of photos (and queues the next
/// page), or re-renders one photo. Every step is idempotent, so at-least-once delivery and restarts are safe.</summary>
public sealed class ReprocessImages(
    ReprocessJobs jobs, ImageStore images, ImageProcessor processor, TimeProvider clock)
{
    public const int PageSize = 100;

    [Function(nameof(ReprocessImages))]
    public async Task<JobResult> Run(
        [QueueTrigger(ImageReprocessing.Queue)] ReprocessMessage message, CancellationToken cancellationToken)
    {
        if (message.JobId is null) return JobResult.Done(null, "The message names no job; dropped.");
        if (await jobs.FindJobAsync(message.JobId, cancellationToken) is not { } job)
            return JobResult.Done(null, $"{message.JobId}: no such job; dropped.");

        if (message.ProductId is not null && message.ImageId is not null)
            return await RenderOneAsync(message.JobId, message.ProductId, message.ImageId, cancellationToken);
        if (job.GetBoolean("Planned") == true) return JobResult.Done(null, $"{message.JobId}: already planned.");
        return await PlanPageAsync(message.JobId, message.Continuation, cancellationToken);
    }

    private async Task<JobResult> PlanPageAsync(string jobId, string? continuation, CancellationToken cancellationToken)
    {
        var queued = 0;
        string? next = null;
        await foreach (var page in images.AllAsync(continuation, PageSize, cancellationToken))
        {
            foreach (var photo in page.Values)
            {
                // Pending photos are being processed for the first time anyway; failed ones have nothing to redo.
                if (photo.GetString("Status") != nameof(ImageStatus.Ready)) continue;
                if (!await jobs.AddItemAsync(jobId, photo.PartitionKey, photo.RowKey, cancellationToken)) continue;
                await jobs.SendAsync(new ReprocessMessage(jobId, ProductId: photo.PartitionKey, ImageId: photo.RowKey), cancellationToken);
                queued++;
            }
            next = page.ContinuationToken;
            break; // one page per message: a crash repeats at most this page
        }
        if (next is not null) await jobs.SendAsync(new ReprocessMessage(jobId, next), cancellationToken);
        await jobs.MarkPlannedAsync(jobId, next, cancellationToken);
        return JobResult.Done(null, $"{jobId}: {queued} photos queued{(next is null ? "; planning finished" : "; next page queued")}.");
    }

    private async Task<JobResult> RenderOneAsync(string jobId, string productId, string imageId, CancellationToken cancellationToken)
    {
        if (!await jobs.TryClaimAsync(jobId, productId, imageId, clock.GetUtcNow(), cancellationToken))
            return JobResult.Done(null, $"{imageId}: already handled, or being rendered, in job {jobId}.");
        var image = await images.FindAsync(productId, imageId, cancellationToken);
        if (image is null || image.Status != ImageStatus.Ready)
        {
            await jobs.SetItemStateAsync(jobId, productId, imageId, ReprocessJobs.Skipped, cancellationToken);
            return JobResult.Done(null, $"{imageId}: deleted or no longer ready; skipped.");
        }
        var (outcome, log) = await processor.ProcessAsync(image, cancellationToken);
        await jobs.SetItemStateAsync(jobId, productId, imageId, outcome switch
        {
            ProcessOutcome.Ready => ReprocessJobs.Done,
            ProcessOutcome.Failed => ReprocessJobs.Failed,
            _ => ReprocessJobs.Skipped,
        }, cancellationToken);
        return JobResult.Done(null, log);
    }
}

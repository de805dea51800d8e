using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;
using OcopTrade.Functions.Platform;


namespace OcopTrade.Functions.Images;

public sealed record ImageToProcess(string ProductId, string ImageId);

/// <summary>Makes an uploaded photo's renditions (see <see cref="ImageProcessor"/>). Idempotent: a photo already
/// ready is left alone, so a duplicated message (a retry, a second "complete") does nothing twice.</summary>
public sealed class ProcessImage(ImageStore images, ImageProcessor processor)
{
    public const string Queue = "image-processing";

    [Function(nameof(ProcessImage))]
    public async Task<JobResult> Run([QueueTrigger(Queue)] ImageToProcess message, CancellationToken cancellationToken)
    {
        if (message.ProductId is null || message.ImageId is null)
            return JobResult.Done(null, "The message names no image; dropped (no image's status could say why).");

        var image = await images.FindAsync(message.ProductId, message.ImageId, cancellationToken);
        if (image is null) return JobResult.Done(null, $"{message.ImageId}: no such image (deleted?); nothing to do.");
        if (image.Status != ImageStatus.Pending) return JobResult.Done(null, $"{image.Id}: already {image.Status}.");
        if (!image.Uploaded) return JobResult.Done(null, $"{image.Id}: its direct upload is not completed yet.");

        var (outcome, log) = await processor.ProcessAsync(image, cancellationToken);
        return JobResult.Done(outcome == ProcessOutcome.Ready ? new JsonObject { ["ready"] = image.Id } : null, log);
    }
}

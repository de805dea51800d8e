using NetVips;
using OcopTrade.Functions.Observability;

namespace OcopTrade.Functions.Images;

public enum ProcessOutcome { Ready, Failed, Gone }

/// <summary>Renders one photo from its original and records the result; shared by first processing and by
/// re-processing. A file that cannot be processed ends failed with the reason (retrying it would fail again);
/// storage errors throw, so the queue retries the message.</summary>
public sealed class ImageProcessor(ImageStore images, ImageLimits limits, ILogger<ImageProcessor> logger)
{
    // The queue hands over up to batchSize (16) messages at once; rendering more photos than there are cores gains
    // nothing and costs about 55 MB each, so the rest wait here (they are already off the queue, and idempotent).
    private readonly SemaphoreSlim _rendering = new(limits.MaxConcurrentRenders);

    public async Task<(ProcessOutcome Outcome, string Log)> ProcessAsync(ProductImage image, CancellationToken cancellationToken)
    {
        var original = await images.ReadOriginalAsync(image, cancellationToken);
        if (original is null) return await FailAsync(image, "The original file is missing.", cancellationToken);

        List<RenderedFile> files;
        string colour;
        int width, height;
        await _rendering.WaitAsync(cancellationToken);
        try { (files, colour, width, height) = OcopTelemetry.Time(OcopTelemetry.ImageProcessing, () => Renditions.Render(original)); }
        catch (VipsException e)
        {
            return await FailAsync(image, "The image could not be processed: " + e.Message.Split('\n')[0].Trim(), cancellationToken);
        }
        finally { _rendering.Release(); }

        var renditions = new List<Rendition>();
        foreach (var file in files) renditions.Add(await images.PublishAsync(image, file, cancellationToken));
        var ready = image with
        {
            Status = ImageStatus.Ready,
            FailureReason = null,
            Renditions = renditions,
            DominantColour = colour,
            Width = width,
            Height = height
        };
        var keep = renditions.Select(r => image.RenditionPrefix + r.Url[(r.Url.LastIndexOf('/') + 1)..]).ToList();
        if (!await images.SaveProcessingAsync(ready, cancellationToken))
        {
            // Deleted while we rendered: take back what we just published.
            await images.DeleteRenditionsAsync(image, keep: [], cancellationToken);
            return (ProcessOutcome.Gone, $"{image.Id}: deleted meanwhile; renditions removed.");
        }
        // A re-render with other sizes or settings leaves blobs no record points at any more.
        await images.DeleteRenditionsAsync(image, keep, cancellationToken);
        return (ProcessOutcome.Ready, $"{image.Id}: {renditions.Count} renditions.");
    }

    private async Task<(ProcessOutcome, string)> FailAsync(ProductImage image, string reason, CancellationToken cancellationToken)
    {
        logger.LogWarning("Image {ImageId} failed: {Reason}", image.Id, reason);
        var saved = await images.SaveProcessingAsync(image with { Status = ImageStatus.Failed, FailureReason = reason }, cancellationToken);
        return saved ? (ProcessOutcome.Failed, $"{image.Id}: failed ({reason}).") : (ProcessOutcome.Gone, $"{image.Id}: deleted meanwhile.");
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using NetVips;
using OcopTrade.Functions.Runtime;

using OcopTrade.Functions.Observability;

namespace OcopTrade.Functions.Images;

public sealed record ImageToProcess(string ProductId, string ImageId);

/// <summary>Makes an uploaded photo's renditions. A photo that cannot be processed is marked failed with the reason
/// and the message completes: retrying a bad file would only fail again. Storage errors still throw, so the queue retries.</summary>
public sealed class ProcessImage(ImageStore images, ILogger<ProcessImage> logger) : ITriggeredFunction
{
    public const string Name = "ProcessImage";
    public const string Queue = "image-processing";

    public async Task<InvocationResult> InvokeAsync(InvocationRequest invocation, CancellationToken cancellationToken)
    {
        ImageToProcess? message;
        try { message = JsonSerializer.Deserialize<ImageToProcess>(invocation.Text("message") ?? "", Platform.Json.Options); }
        catch (JsonException) { message = null; }
        if (message?.ProductId is null || message.ImageId is null)
            return InvocationResult.Done(null, "Unreadable message; dropped (it names no image whose status could say why).");

        var image = await images.FindAsync(message.ProductId, message.ImageId, cancellationToken);
        if (image is null) return InvocationResult.Done(null, $"{message.ImageId}: no such image (deleted?); nothing to do.");
        if (image.Status == ImageStatus.Ready) return InvocationResult.Done(null, $"{image.Id}: already ready.");

        var original = await images.ReadOriginalAsync(image, cancellationToken);
        if (original is null) return await FailAsync(image, "The original file is missing.", cancellationToken);

        List<RenderedFile> files;
        string colour;
        try { (files, colour) = OcopTelemetry.Time(OcopTelemetry.ImageProcessing, () => Renditions.Render(original)); }
        catch (VipsException e)
        {
            return await FailAsync(image, "The image could not be processed: " + e.Message.Split('\n')[0].Trim(), cancellationToken);
        }

        var renditions = new List<Rendition>();
        foreach (var file in files) renditions.Add(await images.PublishAsync(image, file, cancellationToken));
        await images.SaveAsync(image with { Status = ImageStatus.Ready, FailureReason = null, Renditions = renditions, DominantColour = colour }, cancellationToken);
        return InvocationResult.Done(new JsonObject { ["ready"] = image.Id }, $"{image.Id}: {renditions.Count} renditions.");
    }

    private async Task<InvocationResult> FailAsync(ProductImage image, string reason, CancellationToken cancellationToken)
    {
        logger.LogWarning("Image {ImageId} failed: {Reason}", image.Id, reason);
        await images.SaveAsync(image with { Status = ImageStatus.Failed, FailureReason = reason }, cancellationToken);
        return InvocationResult.Done(null, $"{image.Id}: failed ({reason}).");
    }
}

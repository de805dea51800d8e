using System.Text.Json;
using System.Text.Json.Nodes;
using OcopTrade.Functions.Runtime;


namespace OcopTrade.Functions.Images;

public sealed record ImageToProcess(string ProductId, string ImageId);

/// <summary>Makes an uploaded photo's renditions (see <see cref="ImageProcessor"/>). Idempotent: a photo already
/// ready is left alone, so a duplicated message (a retry, a second "complete") does nothing twice.</summary>
public sealed class ProcessImage(ImageStore images, ImageProcessor processor) : ITriggeredFunction
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
        if (image.Status != ImageStatus.Pending) return InvocationResult.Done(null, $"{image.Id}: already {image.Status}.");
        if (!image.Uploaded) return InvocationResult.Done(null, $"{image.Id}: its direct upload is not completed yet.");

        var (outcome, log) = await processor.ProcessAsync(image, cancellationToken);
        return InvocationResult.Done(outcome == ProcessOutcome.Ready ? new JsonObject { ["ready"] = image.Id } : null, log);
    }
}

using System.Text.Json;
using Azure.Storage.Queues;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Images;

/// <summary>Hands a photo to <see cref="ProcessImage"/>.</summary>
public sealed class ProcessingQueue(QueueServiceClient queues)
{
    public Task SendAsync(ProductImage image, CancellationToken cancellationToken) =>
        queues.GetQueueClient(ProcessImage.Queue).SendMessageAsync(
            JsonSerializer.Serialize(new ImageToProcess(image.ProductId, image.Id), Json.Options), cancellationToken);
}

using Azure.Storage.Queues;
using OcopTrade.Functions.Observability;

namespace OcopTrade.Functions.Images;

/// <summary>Hands a photo to <see cref="ProcessImage"/>.</summary>
public sealed class ProcessingQueue(QueueServiceClient queues)
{
    public Task SendAsync(ProductImage image, CancellationToken cancellationToken) =>
        queues.GetQueueClient(ProcessImage.Queue).SendJobAsync(new ImageToProcess(image.ProductId, image.Id), cancellationToken);
}

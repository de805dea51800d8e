using Azure.Storage.Queues;
using OcopTrade.Functions.Observability;

namespace OcopTrade.Functions.Notifications;

/// <summary>How a capability tells a person something: one call, whatever carries the mail.</summary>
public interface INotifier
{
    Task NotifyAsync(Notification notification, CancellationToken cancellationToken);
}

/// <summary>Notifications go through a queue: the request that raised one answers without waiting for a mail server,
/// and a mail server that is down delays the mail instead of failing the request.</summary>
public sealed class QueuedNotifier(QueueServiceClient queues) : INotifier
{
    public const string Queue = "notifications";

    public Task NotifyAsync(Notification notification, CancellationToken cancellationToken) =>
        queues.GetQueueClient(Queue).SendJobAsync(notification, cancellationToken);
}

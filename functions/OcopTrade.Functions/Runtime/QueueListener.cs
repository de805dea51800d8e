using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Runtime;

/// <summary>Drives one queue-triggered function with the Functions host's queue semantics: batches of
/// <c>batchSize</c> run in parallel, the next batch is fetched when in-flight work falls to
/// <c>newBatchThreshold</c>, a failed message becomes visible again after <c>visibilityTimeout</c>, and after
/// <c>maxDequeueCount</c> failed attempts it moves to <c>&lt;queue&gt;-poison</c> intact. Empty polls back off
/// exponentially up to <c>maxPollingInterval</c>.</summary>
public sealed class QueueListener(
    string functionName, QueueTrigger trigger, QueueSettings settings, QueueServiceClient queues,
    FunctionInvoker invoker, ILogger logger)
{
    /// <summary>How long a message stays hidden while it is being processed; if the process dies it reappears then.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    private readonly QueueClient _queue = queues.GetQueueClient(trigger.QueueName);
    private readonly QueueClient _poison = queues.GetQueueClient(trigger.QueueName + "-poison");

    public async Task RunAsync(CancellationToken stopping)
    {
        await _queue.CreateIfNotExistsAsync(cancellationToken: stopping);
        var inFlight = new List<Task>();
        var delay = QueueSettings.MinPollingInterval;
        while (!stopping.IsCancellationRequested)
        {
            inFlight.RemoveAll(t => t.IsCompleted);
            if (inFlight.Count > settings.NewBatchThreshold)
            {
                await Task.WhenAny(inFlight);
                continue;
            }
            QueueMessage[] batch;
            try
            {
                batch = (await _queue.ReceiveMessagesAsync(settings.BatchSize, Lease, stopping)).Value;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested) { break; }
            catch (Exception e) when (StorageFailure.IsUnavailable(e))
            {
                logger.LogWarning("Queue {Queue} unreachable; retrying in {Delay}", trigger.QueueName, settings.MaxPollingInterval);
                batch = [];
            }
            if (batch.Length == 0)
            {
                await Task.Delay(delay, stopping).ContinueWith(_ => { });
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, Math.Max(settings.MaxPollingInterval.Ticks, QueueSettings.MinPollingInterval.Ticks)));
                continue;
            }
            delay = QueueSettings.MinPollingInterval;
            // In-flight messages finish even while stopping; none is abandoned half-way by our own hand.
            inFlight.AddRange(batch.Select(m => ProcessAsync(m, CancellationToken.None)));
        }
        await Task.WhenAll(inFlight);
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            if (message.DequeueCount > settings.MaxDequeueCount)
            {
                // It was taken more often than allowed without a recorded failure (a crash mid-processing): poison it.
                await MoveToPoisonAsync(message, cancellationToken);
                return;
            }
            var invocation = new InvocationRequest(
                new JsonObject { [trigger.Binding] = message.Body.ToString() },
                new JsonObject
                {
                    ["DequeueCount"] = message.DequeueCount,
                    ["Id"] = message.MessageId,
                    ["InsertionTime"] = message.InsertedOn?.ToString("O"),
                    ["ExpirationTime"] = message.ExpiresOn?.ToString("O"),
                    ["NextVisibleTime"] = message.NextVisibleOn?.ToString("O"),
                    ["PopReceipt"] = message.PopReceipt,
                    ["sys"] = FunctionInvoker.SystemMetadata(functionName),
                });
            var (succeeded, _) = await invoker.InvokeAsync(functionName, invocation, cancellationToken);
            if (succeeded)
                await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            else if (message.DequeueCount >= settings.MaxDequeueCount)
                await MoveToPoisonAsync(message, cancellationToken);
            else
                await _queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: settings.VisibilityTimeout, cancellationToken: cancellationToken);
        }
        catch (Exception e)
        {
            // Storage hiccup while settling the message: it will reappear when its lease ends and be retried.
            logger.LogWarning(e, "Could not settle message {Id} on {Queue}", message.MessageId, trigger.QueueName);
        }
    }

    private async Task MoveToPoisonAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        logger.LogError("Message {Id} on {Queue} failed {Count} times; moved to {Poison}", message.MessageId, trigger.QueueName, message.DequeueCount, _poison.Name);
        Observability.OcopTelemetry.Poisoned.Add(1, new KeyValuePair<string, object?>("queue", trigger.QueueName));
        await _poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await _poison.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
        await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
    }
}

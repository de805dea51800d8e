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
    FunctionInvoker invoker, QueueWakeups wakeups, TimeProvider clock, ILogger logger)
{
    /// <summary>How long a message stays hidden while it is being processed; if the process dies it reappears then.
    /// The lease is renewed at half-time while the function runs (as the Functions host does), so a long job is not
    /// delivered twice; <c>Runtime:MessageLease</c> shortens it (the crash tests do, to see redelivery in seconds).</summary>
    public static readonly TimeSpan DefaultLease = TimeSpan.FromMinutes(10);

    /// <summary>How long settling a message (delete, retry, poison) keeps trying through a storage outage before
    /// leaving it to reappear when its lease ends.</summary>
    private static readonly TimeSpan SettleFor = TimeSpan.FromSeconds(60);

    private TimeSpan Lease => settings.Lease ?? DefaultLease;

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
            var wake = wakeups.Next(trigger.QueueName);
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
                bool woken;
                try { woken = await wakeups.WaitAsync(trigger.QueueName, wake, delay, clock, stopping); }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested) { break; }
                // Woken by a message this app sent (perhaps delayed, so not visible yet): poll now, without giving up
                // the back-off an idle queue has earned.
                if (!woken) delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, Math.Max(settings.MaxPollingInterval.Ticks, QueueSettings.MinPollingInterval.Ticks)));
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
                await SettleAsync(() => MoveToPoisonAsync(message, message.PopReceipt, cancellationToken));
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
            var receipt = message.PopReceipt;
            bool succeeded;
            using (var working = new CancellationTokenSource())
            {
                var renewal = RenewLeaseAsync(message.MessageId, () => receipt, r => receipt = r, working.Token);
                (succeeded, _) = await invoker.InvokeAsync(functionName, invocation, cancellationToken);
                await working.CancelAsync();
                await renewal;
            }
            await SettleAsync(async () =>
            {
                if (succeeded)
                    await _queue.DeleteMessageAsync(message.MessageId, receipt, cancellationToken);
                else if (message.DequeueCount >= settings.MaxDequeueCount)
                    await MoveToPoisonAsync(message, receipt, cancellationToken);
                else
                    await _queue.UpdateMessageAsync(message.MessageId, receipt, visibilityTimeout: settings.VisibilityTimeout, cancellationToken: cancellationToken);
            });
        }
        catch (Exception e)
        {
            // Storage hiccup while settling the message: it will reappear when its lease ends and be retried.
            logger.LogWarning(e, "Could not settle message {Id} on {Queue}", message.MessageId, trigger.QueueName);
        }
    }

    /// <summary>Keeps the message hidden while its function runs: renews the lease at half-time.</summary>
    private async Task RenewLeaseAsync(string id, Func<string> receipt, Action<string> renewed, CancellationToken working)
    {
        while (!working.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Lease / 2, working);
                renewed((await _queue.UpdateMessageAsync(id, receipt(), visibilityTimeout: Lease, cancellationToken: working)).Value.PopReceipt);
            }
            catch (OperationCanceledException) when (working.IsCancellationRequested) { return; }
            catch (Exception e) when (StorageFailure.IsUnavailable(e)) { /* try again at the next half-time */ }
        }
    }

    /// <summary>Settles through a short storage outage (the pop receipt stays valid while the lease lasts), so a
    /// message finished during an outage is not run again ten minutes later.</summary>
    private static async Task SettleAsync(Func<Task> settle)
    {
        var until = DateTime.UtcNow + SettleFor;
        for (var delay = TimeSpan.FromMilliseconds(200); ; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks)))
        {
            try { await settle(); return; }
            catch (Exception e) when (StorageFailure.IsUnavailable(e) && DateTime.UtcNow + delay < until) { await Task.Delay(delay); }
        }
    }

    private async Task MoveToPoisonAsync(QueueMessage message, string receipt, CancellationToken cancellationToken)
    {
        logger.LogError("Message {Id} on {Queue} failed {Count} times; moved to {Poison}", message.MessageId, trigger.QueueName, message.DequeueCount, _poison.Name);
        Observability.OcopTelemetry.Poisoned.Add(1, new KeyValuePair<string, object?>("queue", trigger.QueueName));
        await _poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await _poison.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
        await _queue.DeleteMessageAsync(message.MessageId, receipt, cancellationToken);
    }
}

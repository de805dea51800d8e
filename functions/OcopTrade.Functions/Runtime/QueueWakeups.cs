using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace OcopTrade.Functions.Runtime;

/// <summary>Wakes a backed-off queue listener when this app puts a message on its queue, as the Functions host does
/// for messages its own functions write: an idle queue is polled only every <c>maxPollingInterval</c> (10 s), and a
/// producer's photo or a department's import should not wait for the next poll to start.</summary>
public sealed class QueueWakeups
{
    private readonly ConcurrentDictionary<string, Signal> _signals = new(StringComparer.Ordinal);

    public void Notify(string queue) => For(queue).Set();

    /// <summary>Taken before a poll, so a message sent while the poll is on its way still wakes the wait after it.</summary>
    public Task Next(string queue) => For(queue).Current;

    /// <summary>True while a listener of this queue is backed off, waiting for a message or its next poll.</summary>
    public bool IsWaiting(string queue) => For(queue).Waiting > 0;

    /// <summary>Waits for <paramref name="delay"/> or a wake-up; true if woken.</summary>
    public async Task<bool> WaitAsync(string queue, Task wake, TimeSpan delay, TimeProvider clock, CancellationToken cancellationToken)
    {
        var signal = For(queue);
        Interlocked.Increment(ref signal.Waiting);
        try
        {
            using var woken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var timer = Task.Delay(delay, clock, woken.Token);
            await Task.WhenAny(wake, timer);
            await woken.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
            return wake.IsCompleted;
        }
        finally { Interlocked.Decrement(ref signal.Waiting); }
    }

    private Signal For(string queue) => _signals.GetOrAdd(queue, _ => new Signal());

    private sealed class Signal
    {
        private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Waiting;

        public Task Current => Volatile.Read(ref _next).Task;

        public void Set() => Interlocked.Exchange(ref _next, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}

/// <summary>Sees every message this app's queue client puts (POST …/{queue}/messages answered 201) and wakes that
/// queue's listener; one place instead of every enqueue site.</summary>
public sealed class WakeListenersOnSend(QueueWakeups wakeups) : HttpPipelineSynchronousPolicy
{
    public override void OnReceivedResponse(HttpMessage message)
    {
        if (message.Request.Method != RequestMethod.Post || message.Response.Status != 201) return;
        var segments = message.Request.Uri.Path.Trim('/').Split('/');
        if (segments is [.., var queue, "messages"]) wakeups.Notify(queue);
    }
}

namespace OcopTrade.LocalHost.Worker;

/// <summary>The current worker of this host, as triggers and the HTTP front see it; a restart replaces it.</summary>
public sealed class Workers
{
    private readonly object _gate = new();
    private TaskCompletionSource<WorkerChannel> _next = NewWaiter();

    /// <summary>The worker once it has loaded its functions; waits while one starts.</summary>
    public async Task<WorkerChannel> ReadyAsync(CancellationToken cancellation)
    {
        while (true)
        {
            Task<WorkerChannel> waiter;
            lock (_gate) waiter = _next.Task;
            var channel = await waiter.WaitAsync(cancellation);
            if (!channel.IsGone) return channel;
            lock (_gate) if (_next.Task == waiter) _next = NewWaiter();
        }
    }

    public void Loaded(WorkerChannel channel)
    {
        lock (_gate)
        {
            if (_next.Task.IsCompleted) _next = NewWaiter();
            _next.TrySetResult(channel);
        }
    }

    /// <summary>Forgets a worker that died so callers wait for the next one.</summary>
    public void Lost(WorkerChannel? channel)
    {
        channel?.Gone();
        lock (_gate) if (_next.Task.IsCompletedSuccessfully && _next.Task.Result.IsGone) _next = NewWaiter();
    }

    private static TaskCompletionSource<WorkerChannel> NewWaiter() =>
        new(TaskCreationOptions.RunContinuationsAsynchronously);
}

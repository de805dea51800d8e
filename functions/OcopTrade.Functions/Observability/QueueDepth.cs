using System.Collections.Concurrent;
using Azure.Storage.Queues;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Observability;

/// <summary><c>ocop.queue.depth</c>: the approximate length of every queue the app owns and of its poison queue.
/// Storage is asked only when a metrics reader collects (and at most every <c>Observability:QueueDepthSeconds</c>),
/// so a quiet app with no exporter makes no calls; a collection answers the last values read.</summary>
public sealed class QueueDepth : IHostedService
{
    private readonly ConcurrentDictionary<string, long> _depths = new();
    private readonly QueueServiceClient _queues;
    private readonly string[] _names;
    private readonly TimeSpan _interval;
    private readonly ILogger<QueueDepth> _logger;
    private long _lastRead;
    private int _reading;

    public QueueDepth(QueueServiceClient queues, IEnumerable<RequiredQueue> required, IConfiguration configuration, ILogger<QueueDepth> logger)
    {
        _queues = queues;
        _names = [.. required.Select(q => q.Name).Distinct().SelectMany(q => new[] { q, q + "-poison" })];
        _interval = TimeSpan.FromSeconds(configuration.GetValue("Observability:QueueDepthSeconds", 30.0));
        _logger = logger;
        OcopTelemetry.Meter.CreateObservableGauge("ocop.queue.depth", Observe, "{message}", "Approximate number of messages in a queue");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private IEnumerable<System.Diagnostics.Metrics.Measurement<long>> Observe()
    {
        var now = Environment.TickCount64;
        if (now - Interlocked.Read(ref _lastRead) >= _interval.TotalMilliseconds && Interlocked.Exchange(ref _reading, 1) == 0)
        {
            Interlocked.Exchange(ref _lastRead, now);
            _ = Task.Run(ReadAsync);
        }
        return _depths.Select(d => new System.Diagnostics.Metrics.Measurement<long>(d.Value, new KeyValuePair<string, object?>("queue", d.Key)));
    }

    private async Task ReadAsync()
    {
        try
        {
            foreach (var name in _names)
            {
                var queue = _queues.GetQueueClient(name);
                if (!await queue.ExistsAsync()) { _depths[name] = 0; continue; }
                _depths[name] = (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
            }
        }
        catch (Exception e) when (StorageFailure.IsUnavailable(e) || e is Azure.RequestFailedException)
        {
            _logger.LogDebug(e, "Queue depth not read");
        }
        finally { Interlocked.Exchange(ref _reading, 0); }
    }
}

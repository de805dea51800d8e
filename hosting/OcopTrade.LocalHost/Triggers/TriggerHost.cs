using Azure.Storage.Queues;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Extensions.Timers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OcopTrade.LocalHost.Worker;

namespace OcopTrade.LocalHost.Triggers;

/// <summary>The WebJobs SDK host that runs this app's queue triggers (host.json's settings) and timer triggers
/// (schedule status in blob storage, one instance at a time), each trigger
/// handed to the worker by the <see cref="TriggerDispatcher"/>.</summary>
public sealed class TriggerHost(LocalHostOptions options, HostJson hostJson,
    IReadOnlyList<FunctionDefinition> functions, TriggerDispatcher dispatcher, Workers workers,
    ILogger<TriggerHost> logger) : IAsyncDisposable
{
    private readonly string _hostKey = Guid.NewGuid().ToString("N");
    private readonly CancellationTokenSource _stopping = new();
    private Task<bool> _listening = Task.FromResult(false);
    private IHost? _host;

    /// <summary>Builds the listeners now (a bad trigger stops the host here) and starts them once the worker has
    /// loaded its functions, as the Functions host does: the SDK's timer listener runs a past-due or runOnStartup
    /// occurrence while it starts, and that run needs a worker.</summary>
    public void Start()
    {
        if (Build() is { } host) _listening = ListenWhenWorkerReadyAsync(host, _stopping.Token);
    }

    /// <summary>Completes with whether the listeners started (a host stopped early never starts them).</summary>
    private async Task<bool> ListenWhenWorkerReadyAsync(IHost host, CancellationToken stopping)
    {
        try
        {
            await workers.ReadyAsync(stopping);
            await host.StartAsync(stopping);
            return true;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested) { return false; }
        catch (Exception e)
        {
            logger.LogError(e, "The queue and timer listeners did not start.");
            return false;
        }
    }

    private IHost? Build()
    {
        if (!functions.Any(f => f.Is("queueTrigger") || f.Is("timerTrigger"))) return null;
        dispatcher.Register(_hostKey);
        var type = FunctionTypes.Emit(_hostKey, functions, options);
        _host = new HostBuilder()
            .ConfigureAppConfiguration(config => config.AddInMemoryCollection(Settings()))
            .ConfigureWebJobs(webJobs =>
            {
                webJobs.UseHostId(options.HostId);
                webJobs.AddAzureStorageCoreServices(); // the blob-lease lock that keeps a timer on one instance
                webJobs.AddAzureStorageQueues(Queues);
                webJobs.AddTimers();
                // After AddTimers: its own monitor needs a lock type Host.Storage 5.x no longer has.
                webJobs.Services.AddSingleton<ScheduleMonitor>(new BlobScheduleMonitor(
                    options.Setting("AzureWebJobsStorage")!, options.HostId));
            })
            .ConfigureServices(services => services.AddSingleton<ITypeLocator>(new EmittedTypeLocator(type)))
            .ConfigureLogging(Quiet)
            .Build();
        return _host;
    }

    /// <summary>%Setting% in triggers resolves from the app settings. Schedules run in WEBSITE_TIME_ZONE when the
    /// app names one (see <see cref="ZonedCronSchedule"/>), otherwise in the host process's zone (TZ).</summary>
    private IEnumerable<KeyValuePair<string, string?>> Settings() =>
        options.Settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value));

    private void Queues(Microsoft.Azure.WebJobs.Host.QueuesOptions queues)
    {
        var settings = hostJson.Queues;
        queues.BatchSize = settings.BatchSize;
        queues.NewBatchThreshold = settings.NewBatchThreshold;
        queues.MaxDequeueCount = settings.MaxDequeueCount;
        queues.VisibilityTimeout = settings.VisibilityTimeout;
        queues.MaxPollingInterval = settings.MaxPollingInterval;
        queues.MessageEncoding = settings.Base64 ? QueueMessageEncoding.Base64 : QueueMessageEncoding.None;
    }

    /// <summary>The SDK logs each failure twice (function and results) and every 404 of a queue not yet made;
    /// the host's own log says what matters.</summary>
    private static void Quiet(ILoggingBuilder logging) => logging
        .SetMinimumLevel(LogLevel.Warning)
        .AddFilter("Function", LogLevel.None)
        .AddFilter("Host.Results", LogLevel.None)
        .AddFilter("Azure.Core", LogLevel.None)
        .AddConsole();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _host, null) is { } host) // the container disposes it again
        {
            await _stopping.CancelAsync();
            dispatcher.Stop();
            if (await _listening) await host.StopAsync();
            host.Dispose();
        }
        TriggerDispatcher.Unregister(_hostKey);
        FunctionTypes.Forget(_hostKey);
    }
}

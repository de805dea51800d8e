using System.Runtime.ExceptionServices;
using Azure.Storage.Queues;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Extensions.Timers;
using Microsoft.Azure.WebJobs.Host.Timers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
    private readonly SemaphoreSlim _restarting = new(1, 1);
    private int _restartPending;

    /// <summary>How long the listeners rest after one failed before they start again.</summary>
    public static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(2);

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
            await ListenerFailedAsync(e);
            return false;
        }
    }

    /// <summary>What the Functions host does when a listener fails (storage unreachable, say): it logs the failure
    /// and restarts, rather than let the WebJobs SDK's default handler end the process as it does on its own. Here
    /// the listeners are built again after <see cref="RestartDelay"/>, until they start.</summary>
    internal Task ListenerFailedAsync(Exception e)
    {
        if (_stopping.IsCancellationRequested) return Task.CompletedTask;
        logger.LogWarning("A queue or timer listener failed ({Error}); restarting the listeners.", e.Message);
        if (Interlocked.Exchange(ref _restartPending, 1) == 0) _ = RestartAsync();
        return Task.CompletedTask;
    }

    private async Task RestartAsync()
    {
        try { await Task.Delay(RestartDelay, _stopping.Token); }
        catch (OperationCanceledException) { return; }
        await _restarting.WaitAsync();
        try
        {
            Interlocked.Exchange(ref _restartPending, 0);
            if (_stopping.IsCancellationRequested) return;
            if (Interlocked.Exchange(ref _host, null) is { } failed) await StopQuietlyAsync(failed);
            FunctionTypes.Forget(_hostKey);
            if (Build() is { } host) _listening = ListenWhenWorkerReadyAsync(host, _stopping.Token);
        }
        finally { _restarting.Release(); }
    }

    private async Task StopQuietlyAsync(IHost host)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try { await host.StopAsync(timeout.Token); }
        catch (Exception e) { logger.LogDebug(e, "The failed listeners did not stop cleanly."); }
        host.Dispose();
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
            .ConfigureServices(services =>
            {
                services.AddSingleton<ITypeLocator>(new EmittedTypeLocator(type));
                services.RemoveAll<IWebJobsExceptionHandlerFactory>();
                services.AddSingleton<IWebJobsExceptionHandlerFactory>(new ListenerFailures(this));
            })
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

    /// <summary>Hands the SDK's unhandled listener exceptions to <see cref="ListenerFailedAsync"/>.</summary>
    private sealed class ListenerFailures(TriggerHost owner) : IWebJobsExceptionHandlerFactory, IWebJobsExceptionHandler
    {
        public IWebJobsExceptionHandler Create(IHost jobHost) => this;

        public Task OnTimeoutExceptionAsync(ExceptionDispatchInfo exceptionInfo, TimeSpan timeoutGracePeriod) =>
            owner.ListenerFailedAsync(exceptionInfo.SourceException);

        public Task OnUnhandledExceptionAsync(ExceptionDispatchInfo exceptionInfo) =>
            owner.ListenerFailedAsync(exceptionInfo.SourceException);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _restarting.WaitAsync(); // a restart under way finishes first; later ones see the host stopping
        _restarting.Release();
        if (Interlocked.Exchange(ref _host, null) is { } host) // the container disposes it again
        {
            dispatcher.Stop();
            if (await _listening) await host.StopAsync();
            host.Dispose();
        }
        TriggerDispatcher.Unregister(_hostKey);
        FunctionTypes.Forget(_hostKey);
    }
}

using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace OcopTrade.LocalHost.Worker;

/// <summary>Starts the worker as the Functions host does (its switches and environment) and restarts it if it dies.
/// </summary>
public sealed class WorkerProcess(LocalHostOptions options, Workers workers, ILogger<WorkerProcess> logger)
    : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Process? _process;
    private WorkerChannel? _channel;
    private Task _supervising = Task.CompletedTask;

    /// <summary>Every worker process still running; a worker outlives a host that is ended abruptly, so these are
    /// ended when this process exits.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, Process> Running = new();

    static WorkerProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var process in Running.Values) End(process);
    };

    public int? ProcessId => _process?.Id;

    public void Start(Uri functionsUri) => _supervising = SuperviseAsync(functionsUri, _stopping.Token);

    /// <summary>The worker that just opened its stream is the one this host started.</summary>
    public void Connected(WorkerChannel channel) => _channel = channel;

    private async Task SuperviseAsync(Uri functionsUri, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            using var process = Launch(functionsUri);
            _process = process;
            Running[process.Id] = process;
            try { await process.WaitForExitAsync(stopping); }
            catch (OperationCanceledException) { End(process); return; }
            finally { Running.TryRemove(process.Id, out _); }
            logger.LogWarning("Worker process {Pid} exited with {Code}; restarting it.", process.Id,
                process.ExitCode);
            workers.Lost(_channel);
            try { await Task.Delay(TimeSpan.FromMilliseconds(500), stopping); }
            catch (OperationCanceledException) { return; }
        }
    }

    private Process Launch(Uri functionsUri)
    {
        var config = WorkerConfig.Read(options.AppDirectory);
        var start = new ProcessStartInfo(config.Executable)
        {
            WorkingDirectory = options.AppDirectory,
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var argument in config.Arguments) start.ArgumentList.Add(argument);
        start.ArgumentList.Add(config.WorkerPath);
        foreach (var argument in Switches(functionsUri)) start.ArgumentList.Add(argument);
        foreach (var (name, value) in options.Settings) start.Environment[name] = value;
        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = options.AppDirectory;
        start.Environment["AzureWebJobsScriptRoot"] = options.AppDirectory;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is not null) logger.LogDebug("{Line}", line.Data);
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null) logger.LogWarning("{Line}", line.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        logger.LogInformation("Started worker process {Pid}.", process.Id);
        return process;
    }

    private static IEnumerable<string> Switches(Uri functionsUri) =>
    [
        "--functions-uri", functionsUri.ToString(),
        "--functions-worker-id", Guid.NewGuid().ToString(),
        "--functions-request-id", Guid.NewGuid().ToString(),
        "--functions-grpc-max-message-length", int.MaxValue.ToString(),
    ];

    /// <summary>Ends the worker at once, as a crash would (tests use this).</summary>
    public void Kill()
    {
        if (_process is { } process) End(process);
    }

    private static void End(Process process)
    {
        try { process.Kill(entireProcessTree: true); }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception) { }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        workers.Lost(_channel);
        await _supervising;
    }
}

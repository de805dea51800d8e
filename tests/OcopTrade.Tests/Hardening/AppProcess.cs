using System.Collections.Concurrent;
using System.Diagnostics;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Hardening;

/// <summary>The app as its own processes, as Azure runs an instance: the local Functions host, which reads the worker's
/// output (host.json, worker.config.json, functions.metadata), launches the isolated worker as its child, proxies HTTP
/// to it and runs its queue and timer triggers. A test can SIGKILL the worker alone (the host sees its invocations
/// fail and restarts it) or the whole instance.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _host;
    private readonly ConcurrentQueue<string> _output = new();

    public Uri BaseAddress { get; }

    private AppProcess(Process host, Uri baseAddress) { _host = host; BaseAddress = baseAddress; }

    /// <summary>The worker's build output, Release or Debug, whichever was built last (the tests may be either).
    /// </summary>
    public static string WorkerOutput => Newest(
        c => Repository.Path("functions", "OcopTrade.Functions", "bin", c, "net10.0"), "functions.metadata");

    public static string LocalHostDll => Path.Combine(
        Newest(c => Repository.Path("hosting", "OcopTrade.LocalHost", "bin", c, "net10.0"), "OcopTrade.LocalHost.dll"),
        "OcopTrade.LocalHost.dll");

    private static string Newest(Func<string, string> folder, string marker) =>
        new[] { "Release", "Debug" }.Select(folder).Where(f => File.Exists(Path.Combine(f, marker)))
            .OrderByDescending(f => File.GetLastWriteTimeUtc(Path.Combine(f, marker))).FirstOrDefault()
        ?? throw new InvalidOperationException($"No build of {marker}: build OcopTrade.sln first.");

    /// <param name="environment">Further app settings, as environment variables (what Azure sets for the app); they
    /// win over the defaults here, so a test may set its own visibilityTimeout.</param>
    /// <param name="appDirectory">The worker output the host runs: the build output unless given (a published package).
    /// </param>
    public static async Task<AppProcess> StartAsync(Azurite storage, int port,
        IReadOnlyDictionary<string, string>? environment = null, string? appDirectory = null)
    {
        var url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { LocalHostDll, appDirectory ?? WorkerOutput, "--port", port.ToString() },
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        // The host passes its environment on to the worker, so each setting reaches both, as app settings do in Azure.
        start.Environment["AzureWebJobsStorage"] = storage.ConnectionString;
        start.Environment["Ocop__AdminApiKey"] = OcopApp.AdminKey;
        start.Environment["CertificateSweepSchedule"] = "0 5 17 * * *";
        start.Environment["CertificateWatchSchedule"] = "0 10 17 * * *";
        start.Environment["OrderPullSchedule"] = "0 0 3 1 1 *";
        start.Environment["MarketplaceTokenRefreshSchedule"] = "0 0 3 1 1 *";
        // A failed invocation's message comes back at once, and an idle queue is polled twice a second: a worker's
        // crash is retried within the test's patience rather than after host.json's 30 s.
        start.Environment["AzureFunctionsJobHost__extensions__queues__visibilityTimeout"] = "00:00:00";
        start.Environment["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.500";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        var process = Process.Start(start)!;
        var app = new AppProcess(process, new Uri(url));
        process.OutputDataReceived += (_, line) => app.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => app.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await app.HealthyAsync(TimeSpan.FromSeconds(60));
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public HttpClient Client(string? apiKey = OcopApp.AdminKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (apiKey is not null) client.DefaultRequestHeaders.Add("x-api-key", apiKey);
        return client;
    }

    /// <summary>The host's worker process now (a child of the host started with the host's <c>--functions-*</c>
    /// switches); null between a worker's death and its replacement.</summary>
    public int? WorkerProcessId => Children(_host.Id).Where(pid => CommandLine(pid).Contains("--functions-worker-id"))
        .Cast<int?>().FirstOrDefault();

    /// <summary>SIGKILL to the worker alone, as when it crashes or runs out of memory: no shutdown, its invocations
    /// unanswered. Completes once the host has started another worker and it answers /api/health.</summary>
    public async Task KillWorkerAsync()
    {
        var killed = WorkerProcessId
            ?? throw new InvalidOperationException("The host has no worker to kill." + Output());
        using (var worker = Process.GetProcessById(killed)) worker.Kill(entireProcessTree: false);
        // A new process id first: until the host has noticed the death, /api/health may still reach nothing.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (WorkerProcessId is not { } next || next == killed)
        {
            if (_host.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException("The host did not start a new worker." + Output());
            await Task.Delay(100);
        }
        await HealthyAsync(deadline - DateTime.UtcNow);
    }

    /// <summary>SIGKILL to the host and its worker: what a crashed or evicted instance looks like to storage.</summary>
    public async Task KillAsync()
    {
        if (_host.HasExited) return;
        _host.Kill(entireProcessTree: true);
        await _host.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _host.Dispose();
    }

    private async Task HealthyAsync(TimeSpan within)
    {
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + within;
        var last = "no answer";
        while (DateTime.UtcNow < deadline && !_host.HasExited)
        {
            try
            {
                using var response = await probe.GetAsync("/api/health");
                if (response.IsSuccessStatusCode) return;
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { last = e.Message; }
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"The app did not become healthy (last: {last})." + Output());
    }

    // The host's log (it carries the worker's stderr) explains a start that failed; the tail is enough.
    private void Keep(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > 200) _output.TryDequeue(out _);
    }

    private string Output() => "\nHost output:\n" + string.Join('\n', _output);

    /// <summary>Direct children of a process, by the parent id in each process's /proc stat (the per-thread
    /// <c>children</c> lists need a kernel option not every machine has).</summary>
    private static IEnumerable<int> Children(int parent)
    {
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid)) continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(folder, "stat")); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; } // it exited
            // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields.Length > 1 && int.TryParse(fields[1], out var ppid) && ppid == parent) yield return pid;
        }
    }

    private static string CommandLine(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' '); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return ""; } // it exited
    }
}

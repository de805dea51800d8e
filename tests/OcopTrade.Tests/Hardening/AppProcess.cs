using System.Diagnostics;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Hardening;

/// <summary>The app as its own process (the build's executable, as the Functions host starts it), so a test can
/// kill it outright (SIGKILL: no shutdown, in-flight work abandoned) and start another in its place.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;

    public Uri BaseAddress { get; }

    private AppProcess(Process process, Uri baseAddress) { _process = process; BaseAddress = baseAddress; }

    /// <param name="lease">How long an abandoned message stays hidden before another instance takes it.</param>
    /// <param name="environment">Further settings, as environment variables (what Azure sets for the app).</param>
    public static async Task<AppProcess> StartAsync(Azurite storage, int port, TimeSpan lease, IReadOnlyDictionary<string, string>? environment = null)
    {
        var url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                Path.Combine(AppContext.BaseDirectory, "OcopTrade.Functions.dll"), "--urls", url,
                "--contentRoot", Repository.Path("functions", "OcopTrade.Functions"),
                "--Runtime:HostJson", Repository.Path("host.json"), "--Runtime:FunctionsRoot", Repository.Path("functions", "bindings"),
            },
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["AzureWebJobsStorage"] = storage.ConnectionString;
        start.Environment["Ocop__AdminApiKey"] = OcopApp.AdminKey;
        start.Environment["Runtime__MessageLease"] = lease.ToString("c");
        start.Environment["AzureFunctionsJobHost__extensions__queues__visibilityTimeout"] = "00:00:00";
        start.Environment["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.500";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppProcess(process, new Uri(url));
        using var probe = new HttpClient { BaseAddress = app.BaseAddress };
        for (var i = 0; i < 300; i++)
        {
            try { if ((await probe.GetAsync("/api/health")).IsSuccessStatusCode) return app; }
            catch (HttpRequestException) { }
            if (process.HasExited) break;
            await Task.Delay(100);
        }
        await app.DisposeAsync();
        throw new InvalidOperationException("The app process did not become healthy.");
    }

    public HttpClient Client(string? apiKey = OcopApp.AdminKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (apiKey is not null) client.DefaultRequestHeaders.Add("x-api-key", apiKey);
        return client;
    }

    /// <summary>SIGKILL: what a crashed or evicted instance looks like to storage.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}

using System.Diagnostics;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;

namespace OcopTrade.Benchmarks;

/// <summary>Azurite in memory and the real app as Azure runs it, on a free port: the local Functions host as its own
/// process, launching the worker; torn down together.</summary>
public sealed class BenchmarkApp : IAsyncDisposable
{
    public required Azurite Storage { get; init; }
    public required Process App { get; init; }
    public required HttpClient Http { get; init; }
    public required string AdminKey { get; init; }

    public static async Task<BenchmarkApp> StartAsync(string appDll, int concurrency, IReadOnlyDictionary<string, string>? environment = null)
    {
        var storage = await Azurite.StartAsync();
        var port = Azurite.FreePort();
        var adminKey = Convert.ToHexString(Guid.NewGuid().ToByteArray());
        var localHost = Repository.Path("hosting", "OcopTrade.LocalHost", "bin", "Release", "net10.0",
            "OcopTrade.LocalHost.dll");
        var start = new ProcessStartInfo("dotnet", [localHost, Path.GetDirectoryName(appDll)!, "--port", port.ToString()])
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
            Environment =
            {
                ["AzureWebJobsStorage"] = storage.ConnectionString, ["Ocop__AdminApiKey"] = adminKey,
                ["CertificateSweepSchedule"] = "0 5 17 * * *", ["CertificateWatchSchedule"] = "0 10 17 * * *",
                ["OrderPullSchedule"] = "0 0 3 1 1 *",
                ["MarketplaceTokenRefreshSchedule"] = "0 0 3 1 1 *",
                ["Logging__LogLevel__Default"] = "Warning",
                // Measuring the app, not its flood protection.
                ["Ocop__RateLimits__PublicPerMinute"] = "100000000",
                ["Ocop__RateLimits__KeyPerMinute"] = "100000000",
                ["Ocop__RateLimits__ScansPerMinute"] = "100000000",
            },
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var app = Process.Start(start)!;
        app.OutputDataReceived += (_, _) => { };
        app.ErrorDataReceived += (_, _) => { };
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2 }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var bench = new BenchmarkApp { Storage = storage, App = app, Http = http, AdminKey = adminKey };
        for (var i = 0; i < 300; i++)
        {
            try { if ((await http.GetAsync("/api/health")).IsSuccessStatusCode) return bench; }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        await bench.DisposeAsync();
        throw new InvalidOperationException("The app did not become healthy.");
    }

    public async Task<JsonObject> PostAsync(string path, string key, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("x-api-key", key);
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        if (!App.HasExited) { App.Kill(entireProcessTree: true); await App.WaitForExitAsync(); }
        App.Dispose();
        Http.Dispose();
        await Storage.DisposeAsync();
    }
}

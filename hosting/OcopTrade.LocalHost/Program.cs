using OcopTrade.LocalHost;

// Usage: OcopTrade.LocalHost <worker output folder> [--port 7071] [--host-json path]
// App settings come from local.settings.json (Values) in the worker folder, then from the environment.
var appDirectory = Path.GetFullPath(args.FirstOrDefault(a => !a.StartsWith("--")) ?? ".");
var port = Argument("--port") is { } p ? int.Parse(p) : 7071;
var options = new LocalHostOptions
{
    AppDirectory = appDirectory, HttpPort = port, HostJsonPath = Argument("--host-json"),
    Settings = LocalSettings.Read(appDirectory),
};
await using var host = await LocalFunctionsHost.StartAsync(options);
Console.WriteLine($"Functions host listening on {host.HttpUri}");
// Ctrl+C and SIGTERM stop the host's lifetime; then the worker is ended with it.
await host.StoppedAsync();

string? Argument(string name) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

using OcopTrade.LocalHost;

// Usage: OcopTrade.LocalHost <worker output folder> [--port 7071] [--host-json path] [--behind-front-end]
// --behind-front-end: what calls the host is itself a front end that appends X-Forwarded-For (a load generator
// playing many visitors, say), so the host passes the header on instead of appending the caller's address.
// App settings come from local.settings.json (Values) in the worker folder, then from the environment.
var appDirectory = Path.GetFullPath(args.FirstOrDefault(a => !a.StartsWith("--")) ?? ".");
var port = Argument("--port") is { } p ? int.Parse(p) : 7071;
var options = new LocalHostOptions
{
    AppDirectory = appDirectory, HttpPort = port, HostJsonPath = Argument("--host-json"),
    ActAsFrontEnd = !args.Contains("--behind-front-end"),
    Settings = LocalSettings.Read(appDirectory),
};
await using var host = await LocalFunctionsHost.StartAsync(options);
Console.WriteLine($"Functions host listening on {host.HttpUri}");
// Ctrl+C and SIGTERM stop the host's lifetime; then the worker is ended with it.
await host.StoppedAsync();

string? Argument(string name) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

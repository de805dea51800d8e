namespace OcopTrade.LocalHost;

/// <summary>What one local host runs: the worker's output folder, where it listens and the app settings.</summary>
public sealed record LocalHostOptions
{
    /// <summary>The worker's output folder: worker.config.json, functions.metadata and usually host.json.</summary>
    public required string AppDirectory { get; init; }

    /// <summary>host.json to apply; by default the one in <see cref="AppDirectory"/>.</summary>
    public string? HostJsonPath { get; init; }

    /// <summary>The public HTTP port (the Functions host's 7071 locally); 0 picks a free one.</summary>
    public int HttpPort { get; init; } = 7071;

    /// <summary>App settings: given to the worker as environment and used to resolve %Setting% in triggers.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether this host starts the worker process (false: a worker started elsewhere, such as inside a
    /// test process, connects to <see cref="LocalFunctionsHost.RpcUri"/>).</summary>
    public bool LaunchWorker { get; init; } = true;

    /// <summary>Where a worker started elsewhere really serves HTTP, when not at the HttpUri it reports: the
    /// worker SDK picks that port once per process, so several workers inside one test process each listen on a
    /// port of their own and the host is told which.</summary>
    public Uri? WorkerHttpUri { get; init; }

    /// <summary>Whether the host also plays Azure's front end, appending each caller's address to X-Forwarded-For
    /// (on by default: the worker believes the host's forwarded headers, as under Azure). Tests that stand in for
    /// the front end themselves, sending each simulated shopper's address, turn it off.</summary>
    public bool ActAsFrontEnd { get; init; } = true;

    /// <summary>How long a request waits for a starting worker before a 503.</summary>
    public TimeSpan WorkerReadyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Names this host among others on one storage account (timer locks and status are per host id).</summary>
    public string HostId { get; init; } = "ocoptrade-local";

    public string HostJson => HostJsonPath ?? Path.Combine(AppDirectory, "host.json");

    public string? Setting(string name) =>
        Settings.TryGetValue(name, out var value) ? value : Environment.GetEnvironmentVariable(name);

    /// <summary>Resolves a binding value such as "%WorkQueue%" from the app settings, as the host does.</summary>
    public string Resolve(string value) =>
        value.Length > 2 && value.StartsWith('%') && value.EndsWith('%')
            ? Setting(value[1..^1]) ?? throw new InvalidOperationException($"App setting {value[1..^1]} is missing.")
            : value;
}

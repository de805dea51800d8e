using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace OcopTrade.Functions.Runtime;

/// <summary>Where the runtime finds host.json and the function folders; see README "Local runtime".</summary>
public sealed class RuntimeOptions
{
    /// <summary>Off when the Azure Functions host runs us (it sets FUNCTIONS_CUSTOMHANDLER_PORT and owns the triggers).</summary>
    public bool Enabled { get; set; } = true;
    public string? HostJson { get; set; }
    public string? FunctionsRoot { get; set; }
}

/// <summary>Stands in for the Functions host's triggers on a machine without Core Tools: reads each
/// <c>function.json</c>, and drives queue and timer functions into the same handlers Azure would call.</summary>
public sealed class LocalTriggerRuntime(
    Microsoft.Extensions.Options.IOptions<RuntimeOptions> options, IHostEnvironment environment, IConfiguration configuration,
    IEnumerable<FunctionDefinition> table, FunctionInvoker invoker, QueueServiceClient queues, BlobServiceClient blobs,
    QueueWakeups wakeups, TimeProvider clock, ILoggerFactory loggers) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var logger = loggers.CreateLogger<LocalTriggerRuntime>();
        if (!options.Value.Enabled) return;
        var hostJson = options.Value.HostJson ?? FindUpwards(environment.ContentRootPath, "host.json")
            ?? throw new InvalidOperationException("host.json not found; set Runtime:HostJson.");
        var functionsRoot = options.Value.FunctionsRoot ?? Path.Combine(Path.GetDirectoryName(hostJson)!, "functions", "bindings");
        var queueSettings = HostJson.ReadQueueSettings(hostJson, configuration);
        if (!Directory.Exists(functionsRoot))
        {
            logger.LogError("No function folders at {Root}: queue and timer functions will not run", functionsRoot);
            return;
        }

        var listeners = new List<Task>();
        foreach (var file in Directory.EnumerateFiles(functionsRoot, "function.json", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(Path.GetDirectoryName(file))!;
            var trigger = JsonNode.Parse(File.ReadAllText(file))!["bindings"]!.AsArray()
                .FirstOrDefault(b => b!["direction"]?.GetValue<string>() == "in")!;
            var type = trigger["type"]!.GetValue<string>();
            if (type == "httpTrigger") continue; // Kestrel serves HTTP functions directly.
            if (!invoker.Knows(name))
            {
                logger.LogError("{File} names a function the app does not implement", file);
                continue;
            }
            var binding = trigger["name"]!.GetValue<string>();
            var functionLogger = loggers.CreateLogger("OcopTrade.Functions." + name);
            switch (type)
            {
                case "queueTrigger":
                    var queue = new QueueTrigger(HostJson.Resolve(trigger["queueName"]!.GetValue<string>(), configuration), binding);
                    listeners.Add(Task.Run(() => new QueueListener(name, queue, queueSettings, queues, invoker, wakeups, clock, functionLogger).RunAsync(stoppingToken), CancellationToken.None));
                    break;
                case "timerTrigger":
                    var timer = new TimerTrigger(trigger["schedule"]!.GetValue<string>(), binding, trigger["runOnStartup"]?.GetValue<bool>() ?? false);
                    var schedule = HostJson.Resolve(timer.Schedule, configuration);
                    listeners.Add(Task.Run(() => new TimerListener(name, timer, schedule, blobs, invoker, clock, functionLogger).RunAsync(stoppingToken), CancellationToken.None));
                    break;
                default:
                    logger.LogError("{File}: trigger type {Type} is not supported by the local runtime", file, type);
                    break;
            }
            logger.LogInformation("Local runtime: {Function} ({Type})", name, type);
        }
        foreach (var missing in table.Where(f => f.Handler is not null && !File.Exists(Path.Combine(functionsRoot, f.Name, "function.json"))))
            logger.LogWarning("{Function} has no function.json under {Root}; it will not be triggered", missing.Name, functionsRoot);
        await Task.WhenAll(listeners);
    }

    public static string? FindUpwards(string start, string fileName)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, fileName))) return Path.Combine(dir.FullName, fileName);
        return null;
    }
}

public static class RuntimeExtensions
{
    public static IServiceCollection AddLocalRuntime(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RuntimeOptions>(configuration.GetSection("Runtime"));
        if (!string.IsNullOrEmpty(configuration["FUNCTIONS_CUSTOMHANDLER_PORT"]))
            services.PostConfigure<RuntimeOptions>(o => o.Enabled = false);
        services.AddSingleton<FunctionInvoker>();
        services.AddHostedService<LocalTriggerRuntime>();
        return services;
    }
}

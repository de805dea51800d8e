using System.Text.Json.Nodes;

namespace OcopTrade.Functions.Runtime;

/// <summary>host.json <c>extensions.queues</c>, with Azure's defaults for anything left out.</summary>
public sealed record QueueSettings(
    int BatchSize, int NewBatchThreshold, int MaxDequeueCount, TimeSpan VisibilityTimeout, TimeSpan MaxPollingInterval)
{
    /// <summary>Azure never polls an empty queue faster than this; back-off doubles from here.</summary>
    public static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The in-flight lease (app setting <c>Runtime:MessageLease</c>); null is the host's ten minutes.</summary>
    public TimeSpan? Lease { get; init; }
}

public static class HostJson
{
    /// <summary>Reads host.json and lets app settings override it the way Azure does
    /// (<c>AzureFunctionsJobHost__extensions__queues__batchSize</c>), which is how tests shorten polling.</summary>
    public static QueueSettings ReadQueueSettings(string hostJsonPath, IConfiguration configuration, int? processors = null)
    {
        var processorCount = processors ?? Environment.ProcessorCount;
        var root = JsonNode.Parse(File.ReadAllText(hostJsonPath))!;
        var queues = root["extensions"]?["queues"] as JsonObject ?? [];
        var overrides = configuration.GetSection("AzureFunctionsJobHost:extensions:queues");
        string? Get(string name) => overrides[name] ?? queues[name]?.ToString();

        var batchSize = Math.Clamp(int.TryParse(Get("batchSize"), out var b) ? b : 16, 1, 32);
        return new QueueSettings(
            batchSize,
            // The WebJobs queue extension's own default: half a batch per processor, not per instance.
            int.TryParse(Get("newBatchThreshold"), out var t) ? t : batchSize / 2 * processorCount,
            int.TryParse(Get("maxDequeueCount"), out var m) ? Math.Max(1, m) : 5,
            TimeSpan.TryParse(Get("visibilityTimeout"), out var v) ? v : TimeSpan.Zero,
            TimeSpan.TryParse(Get("maxPollingInterval"), out var p) ? p : TimeSpan.FromMinutes(1))
        {
            Lease = TimeSpan.TryParse(configuration["Runtime:MessageLease"], out var lease) && lease > TimeSpan.Zero ? lease : null,
        };
    }

    /// <summary>"%Setting%" in a binding takes its value from configuration, like Azure's binding expressions.</summary>
    public static string Resolve(string value, IConfiguration configuration) =>
        value.Length > 2 && value[0] == '%' && value[^1] == '%'
            ? configuration[value[1..^1]] ?? throw new InvalidOperationException($"The app setting {value[1..^1]} is not set.")
            : value;
}

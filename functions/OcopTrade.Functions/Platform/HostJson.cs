using System.Text.Json.Nodes;

namespace OcopTrade.Functions.Platform;

/// <summary>host.json <c>extensions.queues</c> as the app needs to know it (the host applies it; the app only asks
/// which delivery is the last, and how long a message it defers stays hidden), with Azure's defaults.</summary>
public sealed record QueueSettings(int BatchSize, int MaxDequeueCount, TimeSpan VisibilityTimeout)
{
    public static readonly QueueSettings Defaults = new(16, 5, TimeSpan.Zero);
}

public static class HostJson
{
    /// <summary>Reads host.json and lets app settings override it the way Azure does
    /// (<c>AzureFunctionsJobHost__extensions__queues__maxDequeueCount</c>), which is how tests shorten retries.
    /// </summary>
    public static QueueSettings ReadQueueSettings(string? hostJsonPath, IConfiguration configuration)
    {
        var root = hostJsonPath is not null && File.Exists(hostJsonPath)
            ? JsonNode.Parse(File.ReadAllText(hostJsonPath)) : null;
        var queues = root?["extensions"]?["queues"] as JsonObject ?? [];
        var overrides = configuration.GetSection("AzureFunctionsJobHost:extensions:queues");
        string? Get(string name) => overrides[name] ?? queues[name]?.ToString();

        return new QueueSettings(
            Math.Clamp(int.TryParse(Get("batchSize"), out var b) ? b : QueueSettings.Defaults.BatchSize, 1, 32),
            int.TryParse(Get("maxDequeueCount"), out var m) ? Math.Max(1, m) : QueueSettings.Defaults.MaxDequeueCount,
            TimeSpan.TryParse(Get("visibilityTimeout"), out var v) ? v : QueueSettings.Defaults.VisibilityTimeout);
    }

    /// <summary>host.json beside the worker (the published package and the build output carry it).</summary>
    public static string? Find(IHostEnvironment environment) =>
        new[] { AppContext.BaseDirectory, environment.ContentRootPath }
            .Select(dir => Path.Combine(dir, "host.json")).FirstOrDefault(File.Exists);
}

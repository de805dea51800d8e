using System.Text.Json.Nodes;

namespace OcopTrade.LocalHost;

/// <summary>The host.json settings the local host applies, with Microsoft Learn's defaults.</summary>
public sealed record HostJson(string RoutePrefix, QueueSettings Queues)
{
    public static HostJson Read(string path)
    {
        var root = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) : null;
        var extensions = root?["extensions"];
        var prefix = extensions?["http"]?["routePrefix"]?.GetValue<string>() ?? "api";
        return new HostJson(prefix.Trim('/'), QueueSettings.From(extensions?["queues"]));
    }
}

/// <summary>host.json extensions.queues ("Azure Queue storage trigger and bindings", host.json settings).</summary>
public sealed record QueueSettings(
    int BatchSize, int NewBatchThreshold, int MaxDequeueCount, TimeSpan VisibilityTimeout,
    TimeSpan MaxPollingInterval, bool Base64)
{
    public static QueueSettings From(JsonNode? queues)
    {
        var batchSize = Math.Clamp(queues?["batchSize"]?.GetValue<int>() ?? 16, 1, 32);
        return new QueueSettings(
            batchSize,
            // Consumption plan: N = 1, so the default is batchSize / 2.
            queues?["newBatchThreshold"]?.GetValue<int>() ?? batchSize / 2,
            queues?["maxDequeueCount"]?.GetValue<int>() ?? 5,
            Time(queues?["visibilityTimeout"], TimeSpan.Zero),
            TimeSpan.FromMilliseconds(Math.Max(100, Time(queues?["maxPollingInterval"], TimeSpan.FromMinutes(1))
                .TotalMilliseconds)),
            !string.Equals(queues?["messageEncoding"]?.GetValue<string>(), "none", StringComparison.OrdinalIgnoreCase));
    }

    private static TimeSpan Time(JsonNode? node, TimeSpan fallback) =>
        node?.GetValue<string>() is { } text ? TimeSpan.Parse(text) : fallback;
}

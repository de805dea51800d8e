using System.Text.Json.Nodes;

namespace OcopTrade.LocalHost;

/// <summary>The host.json settings the local host applies, with Microsoft Learn's defaults.</summary>
public sealed record HostJson(string RoutePrefix, QueueSettings Queues)
{
    /// <summary>Reads host.json, then app settings named <c>AzureFunctionsJobHost__path__to__setting</c> override
    /// it, as in Azure ("host.json settings", override host.json values).</summary>
    public static HostJson Read(string path, Func<string, string?>? setting = null)
    {
        var root = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) : null;
        if (setting is not null) root = Override(root ?? new JsonObject(), setting);
        var extensions = root?["extensions"];
        var prefix = extensions?["http"]?["routePrefix"]?.GetValue<string>() ?? "api";
        return new HostJson(prefix.Trim('/'), QueueSettings.From(extensions?["queues"]));
    }

    private static readonly string[] Overridable =
    [
        "extensions:http:routePrefix", "extensions:queues:batchSize", "extensions:queues:newBatchThreshold",
        "extensions:queues:maxDequeueCount", "extensions:queues:visibilityTimeout",
        "extensions:queues:maxPollingInterval", "extensions:queues:messageEncoding",
    ];

    private static JsonNode Override(JsonNode root, Func<string, string?> setting)
    {
        foreach (var path in Overridable)
        {
            var parts = path.Split(':');
            var value = setting("AzureFunctionsJobHost__" + string.Join("__", parts));
            if (value is null) continue;
            var node = root;
            foreach (var part in parts[..^1]) node = node[part] ??= new JsonObject();
            node[parts[^1]] = int.TryParse(value, out var number) ? JsonValue.Create(number) : JsonValue.Create(value);
        }
        return root;
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

using System.Text.Json.Nodes;

namespace OcopTrade.LocalHost;

/// <summary>One function from the worker's functions.metadata: its name and its bindings as written there.</summary>
public sealed record FunctionDefinition(string Name, JsonObject Trigger, IReadOnlyList<JsonObject> Bindings)
{
    public string TriggerType => Trigger["type"]!.GetValue<string>();
    public string TriggerName => Trigger["name"]!.GetValue<string>();
    public string? TriggerValue(string name) => Trigger[name]?.GetValue<string>();

    public bool Is(string triggerType) => string.Equals(TriggerType, triggerType, StringComparison.OrdinalIgnoreCase);

    public static IReadOnlyList<FunctionDefinition> ReadAll(string appDirectory)
    {
        var path = Path.Combine(appDirectory, "functions.metadata");
        if (!File.Exists(path)) throw new InvalidOperationException($"{path} is missing: build the worker first.");
        return JsonNode.Parse(File.ReadAllText(path))!.AsArray().Select(node => From(node!.AsObject())).ToList();
    }

    private static FunctionDefinition From(JsonObject function)
    {
        var bindings = function["bindings"]!.AsArray().Select(b => b!.AsObject()).ToList();
        var trigger = bindings.Single(b => b["type"]!.GetValue<string>().EndsWith("Trigger",
            StringComparison.OrdinalIgnoreCase));
        return new FunctionDefinition(function["name"]!.GetValue<string>(), trigger, bindings);
    }
}

using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OcopTrade.Functions.Runtime;

/// <summary>The body the Functions host POSTs to <c>/{FunctionName}</c> for every non-HTTP trigger.</summary>
public sealed record InvocationRequest(
    [property: JsonPropertyName("Data")] JsonObject Data,
    [property: JsonPropertyName("Metadata")] JsonObject Metadata);

/// <summary>What the handler answers: values for output bindings, log lines the host records, and a return value.</summary>
public sealed record InvocationResult(
    [property: JsonPropertyName("Outputs")] Dictionary<string, JsonNode?> Outputs,
    [property: JsonPropertyName("Logs")] List<string> Logs,
    [property: JsonPropertyName("ReturnValue")] JsonNode? ReturnValue)
{
    public static InvocationResult Done(JsonNode? returnValue = null, params string[] logs) => new([], [.. logs], returnValue);
}

/// <summary>A queue or timer function: the same code whether Azure's host or the local runtime calls it.</summary>
public interface ITriggeredFunction
{
    Task<InvocationResult> InvokeAsync(InvocationRequest invocation, CancellationToken cancellationToken);
}

public static class InvocationData
{
    /// <summary>The trigger's value by binding name; for a queue trigger it is the message text.</summary>
    public static string? Text(this InvocationRequest invocation, string binding) =>
        invocation.Data[binding] switch
        {
            JsonValue v when v.TryGetValue(out string? s) => s,
            null => null,
            var node => node.ToJsonString(),
        };

    public static long DequeueCount(this InvocationRequest invocation) =>
        invocation.Metadata["DequeueCount"] is JsonValue v && v.TryGetValue(out long n) ? n : 1;
}

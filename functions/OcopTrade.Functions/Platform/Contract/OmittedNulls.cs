using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OcopTrade.Functions.Platform.Contract;

/// <summary>The one rule for absent values: the app never writes <c>null</c> (<see cref="Json"/> omits it), and a
/// request may leave out what it would send as null. So a property that may be null is never required: present
/// means a value, absent means none.</summary>
public sealed class OmittedNulls : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context,
        CancellationToken cancellationToken)
    {
        if (schema.Required is not { Count: > 0 } required || schema.Properties is null) return Task.CompletedTask;
        foreach (var (name, property) in schema.Properties)
            if (MayBeNull(property)) required.Remove(name);
        return Task.CompletedTask;
    }

    public static bool MayBeNull(IOpenApiSchema schema) =>
        (schema.Type is { } type && type.HasFlag(JsonSchemaType.Null))
        || (schema.OneOf ?? []).Concat(schema.AnyOf ?? []).Any(s => s.Type == JsonSchemaType.Null);
}

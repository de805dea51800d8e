using Microsoft.OpenApi;

namespace OcopTrade.Functions.Platform.Contract;

/// <summary>The one rule for absent values: the app never writes <c>null</c> (<see cref="Json"/> omits it), and a
/// request may leave out what it would send as null. So a property that may be null is never required: present
/// means a value, absent means none. Applied to the finished schemas, where nullability is known.</summary>
public static class OmittedNulls
{
    public static void Apply(OpenApiDocument document)
    {
        foreach (var schema in document.Components?.Schemas?.Values ?? []) Apply(schema);
    }

    public static void Apply(IOpenApiSchema schema)
    {
        if (schema is not OpenApiSchema { Properties: { } properties } owned) return;
        foreach (var (name, property) in properties)
        {
            if (MayBeNull(property)) owned.Required?.Remove(name);
            Apply(property);
        }
    }

    public static bool MayBeNull(IOpenApiSchema schema) =>
        (schema.Type is { } type && type.HasFlag(JsonSchemaType.Null))
        || (schema.OneOf ?? []).Concat(schema.AnyOf ?? []).Any(s => s.Type == JsonSchemaType.Null);
}

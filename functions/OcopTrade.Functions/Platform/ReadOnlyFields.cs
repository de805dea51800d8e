using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace OcopTrade.Functions.Platform;

/// <summary>Clients that edit by read-modify-write send back the body GET gave them, read-only members included
/// (id, timestamps, status, what is derived from the producer). A member the write type does not have is dropped
/// when it equals the stored one and refused by name when it differs, so nobody believes they changed an id.
/// Members neither writable nor in the stored record stay, for the reader to refuse as unknown.</summary>
public static class ReadOnlyFields
{
    public const string Changed = "This field is read-only: send it as you read it, or leave it out.";

    public static void Strip(JsonObject body, JsonNode? stored, JsonTypeInfo writable, FieldErrors errors,
        string prefix = "")
    {
        if (stored is not JsonObject current) return;
        foreach (var (name, value) in body.ToList())
        {
            var field = prefix + name;
            var storedValue = Member(current, name, out var known);
            if (Writable(writable, name) is { } property)
                StripNested(value, storedValue, property, errors, field);
            else if (known && Same(value, storedValue)) body.Remove(name);
            else if (known) errors.Add(field, Changed);
        }
    }

    /// <summary>A writable object (a product's certificate) may carry read-only members of its own
    /// (validUntil, state).</summary>
    private static void StripNested(JsonNode? value, JsonNode? stored, JsonPropertyInfo property, FieldErrors errors,
        string field)
    {
        if (value is not JsonObject nested) return;
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var info = property.Options.GetTypeInfo(type);
        if (info.Kind == JsonTypeInfoKind.Object) Strip(nested, stored, info, errors, field + ".");
    }

    /// <summary>The reader matches names case-insensitively (web defaults), so this does too.</summary>
    private static JsonPropertyInfo? Writable(JsonTypeInfo writable, string name) =>
        writable.Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>A null member is left out of what GET writes: absent in the stored record reads as null, and only
    /// then is it known to be read-only rather than unknown.</summary>
    private static JsonNode? Member(JsonObject current, string name, out bool known)
    {
        foreach (var (key, value) in current)
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) { known = true; return value; }
        known = false;
        return null;
    }

    /// <summary>Equal as data, not as bytes: text in any Unicode form, instants in any offset, numbers in any
    /// spelling, members in any order.</summary>
    public static bool Same(JsonNode? a, JsonNode? b) => (a, b) switch
    {
        (null, null) => true,
        (JsonObject x, JsonObject y) => x.Select(p => p.Key).Union(y.Select(p => p.Key))
            .All(k => Same(Get(x, k), Get(y, k))),
        (JsonArray x, JsonArray y) => x.Count == y.Count && x.Zip(y).All(p => Same(p.First, p.Second)),
        (JsonValue x, JsonValue y) when x.GetValueKind() == JsonValueKind.String
            && y.GetValueKind() == JsonValueKind.String => SameText(x.GetValue<string>(), y.GetValue<string>()),
        _ => a is not null && b is not null && JsonNode.DeepEquals(a, b),
    };

    private static JsonNode? Get(JsonObject o, string key) => o.TryGetPropertyValue(key, out var v) ? v : null;

    private static bool SameText(string a, string b)
    {
        if (string.Equals(FieldErrors.Nfc(a), FieldErrors.Nfc(b), StringComparison.Ordinal)) return true;
        return Instant(a) is { } x && Instant(b) is { } y && x == y;
    }

    private static DateTimeOffset? Instant(string text) =>
        text.Length > 10 && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.RoundtripKind, out var instant) ? instant : null;
}

using System.Text.RegularExpressions;

namespace OcopTrade.Functions.Producers;

/// <summary>Vietnamese mobile numbers as people write them ("0912 345 678", "+84 912.345.678", "84912345678"),
/// kept in the national form "0912345678". Mobile prefixes since the 2018 renumbering are 03, 05, 07, 08, 09.</summary>
public static partial class VietnamesePhone
{
    /// <summary>An optional mobile number in the national form, or an error under <paramref name="field"/>.</summary>
    public static string? Read(string field, string? value, Platform.FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (Normalize(value) is { } phone) return phone;
        errors.Add(field, "Not a Vietnamese mobile number (10 digits starting 03, 05, 07, 08 or 09, or +84…).");
        return null;
    }

    public static string? Normalize(string? value)
    {
        if (value is null) return null;
        var compact = Separators().Replace(value.Trim(), "");
        if (compact.StartsWith("+84", StringComparison.Ordinal)) compact = "0" + compact[3..];
        else if (compact.StartsWith("84", StringComparison.Ordinal) && compact.Length == 11) compact = "0" + compact[2..];
        return Mobile().IsMatch(compact) ? compact : null;
    }

    [GeneratedRegex(@"[\s.\-()]")]
    private static partial Regex Separators();

    [GeneratedRegex(@"^0[35789]\d{8}$")]
    private static partial Regex Mobile();
}

using System.Text.RegularExpressions;

namespace OcopTrade.Functions.Producers;

/// <summary>Vietnamese tax codes (mã số thuế): 10 digits whose last is a mod-11 check digit, a branch suffix
/// "-NNN", or, for household businesses and individuals since 1 July 2025, the 12-digit citizen id number.</summary>
public static partial class TaxCode
{
    private static readonly int[] Weights = [31, 29, 23, 19, 17, 13, 7, 5, 3];

    public static bool IsValid(string? value) => Normalize(value) is not null;

    /// <summary>A required tax code in its canonical form, or an error under <paramref name="field"/>.</summary>
    public static string? Read(string field, string? value, Platform.FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value)) { errors.Add(field, "This field is required."); return null; }
        if (Normalize(value) is { } code) return code;
        errors.Add(field,
            "Not a valid Vietnamese tax code: 10 digits with a correct check digit, optionally -NNN for a " +
            "branch, or a 12-digit citizen id number.");
        return null;
    }

    /// <summary>The canonical form ("0314409058", "0314409058-002", "001204012345"), or null if invalid.</summary>
    public static string? Normalize(string? value)
    {
        if (value is null) return null;
        var compact = value.Trim().Replace(" ", "").Replace(".", "");
        var match = Shape().Match(compact);
        if (!match.Success) return null;
        if (match.Groups["citizen"].Success)
        {
            var province = int.Parse(compact.AsSpan(0, 3));
            return province is >= 1 and <= 96 ? compact : null;
        }
        var main = match.Groups["main"].Value;
        if (!HasValidCheckDigit(main)) return null;
        var branch = match.Groups["branch"].Value;
        if (branch.Length == 0) return main;
        return branch == "000" ? null : main + "-" + branch;
    }

    public static bool HasValidCheckDigit(string tenDigits)
    {
        var sum = 0;
        for (var i = 0; i < 9; i++) sum += (tenDigits[i] - '0') * Weights[i];
        var check = 10 - sum % 11;
        return check < 10 && tenDigits[9] - '0' == check;
    }

    [GeneratedRegex(@"^(?:(?<citizen>\d{12})|(?<main>\d{10})(?:-?(?<branch>\d{3}))?)$")]
    private static partial Regex Shape();
}

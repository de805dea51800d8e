using System.Buffers;
using System.Globalization;
using System.Text;

namespace OcopTrade.Functions.Platform;

/// <summary>Collects every problem with a request at once, so a producer fixes a form in one pass.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
    }

    public IDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    /// <summary>Checks a text field: required or not, its length in characters as people count them, no control
    /// characters (which only ever arrive by accident or attack), nothing that is not text at all; answers it
    /// trimmed and in NFC. Every JSON body, plan file and revenue import validates text here, so every way in
    /// stores NFC.</summary>
    public string? Text(string field, string? value, int maxLength, bool required = false, bool multiline = false)
    {
        if (value is null || value.Trim().Length == 0)
        {
            if (required) Add(field, "This field is required.");
            return null;
        }
        if (value.Any(c => char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t')))
        {
            Add(field, "Text contains control characters.");
            return null;
        }
        if (HasNonText(value))
        {
            Add(field, "Text contains characters that are not text " +
                "(noncharacters such as U+FFFF, or unpaired surrogates).");
            return null;
        }
        var trimmed = Nfc(value).Trim();
        if (new StringInfo(trimmed).LengthInTextElements > maxLength)
        {
            Add(field, $"At most {maxLength} characters.");
            return null;
        }
        return trimmed;
    }

    /// <summary>Decomposed Vietnamese (e + U+0323 + U+0302 for 'ệ', as some keyboards and VNI/TCVN3 converters
    /// write it) and NFKD become the precomposed NFC form, which search, slugs and marketplaces expect. NFC, not
    /// NFKC: "250 m²" and "①" stay as typed; text that arrives already compatibility-decomposed is stored as it
    /// came, composed. Text that cannot be normalised (an unpaired surrogate) is answered unchanged, for
    /// <see cref="Text"/> to refuse.</summary>
    public static string Nfc(string value)
    {
        try { return value.IsNormalized(NormalizationForm.FormC) ? value : value.Normalize(NormalizationForm.FormC); }
        catch (ArgumentException) { return value; }
    }

    /// <summary>Noncharacters (U+FDD0–U+FDEF and the last two code points of every plane, U+FFFE, U+FFFF, U+1FFFE…)
    /// and unpaired surrogates: XML forbids them, so one in a product name breaks its SVG label, and no keyboard
    /// makes them.</summary>
    private static bool HasNonText(string value)
    {
        for (var i = 0; i < value.Length;)
        {
            if (Rune.DecodeFromUtf16(value.AsSpan(i), out var rune, out var used) != OperationStatus.Done) return true;
            if (rune.Value is >= 0xFDD0 and <= 0xFDEF || (rune.Value & 0xFFFE) == 0xFFFE) return true;
            i += used;
        }
        return false;
    }
}

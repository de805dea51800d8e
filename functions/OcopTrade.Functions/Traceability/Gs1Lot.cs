using System.Text;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Traceability;

/// <summary>A lot number as GS1 Application Identifier (10) carries it. The producer types what they like ("Lô 5 #2",
/// "A/B"), but AI (10) takes only GS1 AI encodable character set 82 (GS1 General Specifications 7.11, figure
/// 7.11-1), up to 20 characters, and a GS1 Digital Link URI percent-encodes those that URI paths reserve (GS1 Digital
/// Link URI Syntax 1.x, section 6, the ABNF for AI values). So the label carries the lot's GS1 form: Vietnamese
/// letters without diacritics, any other character outside set 82 (space, #, ~, ", …) replaced by "-", the
/// reserved ones percent-encoded. "Lô 5 #2 50%" → "Lo-5-2-50%" → path segment "Lo-5-2-50%25". The lot as typed
/// stays on the trace page and the label's text; the trace code, not the lot, tells which batch it is.</summary>
public static class Gs1Lot
{
    public const int MaxLength = 20;

    /// <summary>Characters written as they are in a URI path segment (RFC 3986 unreserved, within set 82).</summary>
    private const string Plain = "-._";

    /// <summary>Set 82 characters a URI path reserves; digital-link.js accepts them only percent-encoded.</summary>
    private const string Reserved = "!%&'()*+,/:;<=>?";

    /// <summary>The AI (10) value for a lot as typed.</summary>
    public static string Of(string typed)
    {
        var builder = new StringBuilder(typed.Length);
        foreach (var c in Diacritics.Remove(typed))
        {
            if (Encodable(c)) builder.Append(c);
            else if (builder.Length == 0 || builder[^1] != '-') builder.Append('-');
        }
        return builder.Length > MaxLength ? builder.ToString(0, MaxLength) : builder.ToString();
    }

    /// <summary>Whether <paramref name="value"/> is a syntactically valid AI (10) value: 1 to 20 characters of set 82.
    /// The double quote is in set 82, but the Digital Link grammar has no way to write it in a path.</summary>
    public static bool IsValid(string value) =>
        value.Length is > 0 and <= MaxLength && value.All(Encodable);

    /// <summary>The value as one path segment of a GS1 Digital Link URI.</summary>
    public static string PathSegment(string gs1Lot)
    {
        var builder = new StringBuilder(gs1Lot.Length * 3);
        foreach (var c in gs1Lot)
            if (Reserved.Contains(c)) builder.Append('%').Append(((int)c).ToString("X2"));
            else builder.Append(c);
        return builder.ToString();
    }

    /// <summary>Whether a lot read from a Digital Link URI names this batch's lot: its GS1 form, or the lot exactly as
    /// typed, which labels printed before GS1 forms were used carry.</summary>
    public static bool Names(string requested, string lotNumber) =>
        requested == Of(lotNumber) || requested == lotNumber;

    private static bool Encodable(char c) => char.IsAsciiLetterOrDigit(c) || Plain.Contains(c) || Reserved.Contains(c);
}

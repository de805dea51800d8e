using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Traceability.Resolver;

/// <summary>The identity a GS1 Digital Link request path names: /01/{GTIN}[/10/{lot}[/21/{serial}]], syntax checked as
/// the GS1-Conformant Resolver standard 1.2.0 asks (2.4 and 2.4.1; conformance statement 5.7: "SHALL extract and
/// syntactically validate the URI and report errors with an HTTP response code of 400"): GTIN digits and check
/// digit, qualifiers only in the order the GS1 Digital Link URI Syntax fixes for AI (01) (4.9: 10 then 21), AI
/// values in GS1 character set 82.</summary>
public sealed record DigitalLinkPath(string Gtin14, string? Lot, string? Serial)
{
    /// <summary>Reads the segments after "01" (each decoded once). A lot outside set 82 is refused unless
    /// <paramref name="lotAsTyped"/>: a label printed before lots took their GS1 form carries the lot as typed.
    /// </summary>
    public static DigitalLinkPath? Parse(IReadOnlyList<string> segments, FieldErrors errors, bool lotAsTyped = false)
    {
        // A trailing slash is tolerated (the resolver standard: "SHOULD tolerate trailing slashes").
        var parts = segments.Count > 1 && segments[^1].Length == 0 ? segments.Take(segments.Count - 1).ToList()
            : segments.ToList();
        var gtin = ReadGtin(parts[0], errors);
        var (lot, serial) = ReadQualifiers(parts.Skip(1).ToList(), errors, lotAsTyped);
        return errors.Any ? null : new DigitalLinkPath(gtin!, lot, serial);
    }

    /// <summary>GTIN-8, -12 and -13 are the same trade item as their GTIN-14 with leading zeros. URI Syntax 4.1 asks
    /// labels to write 14 digits (ours do) and lets existing resolvers keep accepting the shorter forms: they are
    /// treated as that GTIN-14, and the linkset's anchor says so.</summary>
    private static string? ReadGtin(string value, FieldErrors errors)
    {
        if (Gtin.IsValid(value)) return Gtin.ToGtin14(value);
        errors.Add("gtin", value.All(char.IsAsciiDigit) && value.Length is 8 or 12 or 13 or 14
            ? "The GTIN's check digit is wrong."
            : "A GTIN is 8, 12, 13 or 14 digits.");
        return null;
    }

    private static (string? Lot, string? Serial) ReadQualifiers(List<string> parts, FieldErrors errors, bool lotAsTyped)
    {
        string? lot = null, serial = null;
        var expected = new Queue<string>(["10", "21"]);
        for (var i = 0; i < parts.Count; i += 2)
        {
            while (expected.Count > 0 && expected.Peek() != parts[i]) expected.Dequeue();
            if (expected.Count == 0 || i + 1 >= parts.Count)
            {
                errors.Add("path", "After the GTIN only /10/{lot} and then /21/{serial} may follow, in that order.");
                return (null, null);
            }
            var value = parts[i + 1];
            if (expected.Dequeue() == "10") lot = Value("lot", value, errors, lotAsTyped);
            else serial = Value("serial", value, errors, anyText: false);
        }
        return (lot, serial);
    }

    private static string? Value(string field, string value, FieldErrors errors, bool anyText)
    {
        if (Gs1Lot.IsValid(value) || (anyText && value.Length is > 0 and <= Gs1Lot.MaxLength)) return value;
        errors.Add(field, $"A {field} is 1 to {Gs1Lot.MaxLength} characters of GS1 character set 82.");
        return null;
    }
}

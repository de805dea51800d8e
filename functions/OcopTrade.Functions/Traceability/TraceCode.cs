using System.Security.Cryptography;
using System.Text;

namespace OcopTrade.Functions.Traceability;

/// <summary>Trace codes printed on labels: 8 random symbols (40 bits) and 3 check symbols from an HMAC keyed with a
/// server secret, in Crockford's base32 (no I, L, O, U to misread), printed in groups: "7K3M-9Q2X-A1B".
/// Random, so nobody can enumerate them; keyed, so a made-up code is refused before any lookup. New codes take the
/// current key; a code made under any key still listed (rotated out, <see cref="TraceCodeKeys"/>) verifies.</summary>
public sealed class TraceCode(TraceCodeKeys keys)
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public const int RandomSymbols = 8;
    public const int CheckSymbols = 3;
    public const int Length = RandomSymbols + CheckSymbols;

    public TraceCode(byte[] key) : this(new TraceCodeKeys(key, [])) { }

    public string New()
    {
        Span<char> symbols = stackalloc char[RandomSymbols];
        for (var i = 0; i < RandomSymbols; i++) symbols[i] = Alphabet[RandomNumberGenerator.GetInt32(32)];
        var body = new string(symbols);
        return body + Check(keys.Current, body);
    }

    /// <summary>The canonical code for what a person typed or a scanner read ("7k3m 9q2x-a1b", "7K3M9Q2XA1B"), or null
    /// when it is malformed or its check fails.</summary>
    public string? Verify(string? typed)
    {
        if (typed is null || typed.Length > 40) return null;
        var builder = new StringBuilder(Length);
        foreach (var c in typed.ToUpperInvariant())
        {
            if (c is '-' or ' ') continue;
            var symbol = c switch { 'O' => '0', 'I' or 'L' => '1', _ => c };
            if (!Alphabet.Contains(symbol)) return null;
            builder.Append(symbol);
        }
        if (builder.Length != Length) return null;
        var code = builder.ToString();
        var check = Encoding.ASCII.GetBytes(code[RandomSymbols..]);
        var valid = false;
        // Every key is tried, so the time taken does not tell which one (if any) matched.
        foreach (var key in keys.All)
            valid |= CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(Check(key, code[..RandomSymbols])), check);
        return valid ? code : null;
    }

    /// <summary>"7K3M9Q2XA1B" → "7K3M-9Q2X-A1B", as printed.</summary>
    public static string Grouped(string code) => $"{code[..4]}-{code[4..8]}-{code[8..]}";

    private static string Check(byte[] key, string body)
    {
        var mac = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(body));
        var bits = (mac[0] << 16) | (mac[1] << 8) | mac[2];
        return new string([Alphabet[(bits >> 10) & 31], Alphabet[(bits >> 5) & 31], Alphabet[bits & 31]]);
    }
}

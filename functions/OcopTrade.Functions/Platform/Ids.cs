using System.Security.Cryptography;
using System.Text;

namespace OcopTrade.Functions.Platform;

/// <summary>Record ids: 60 random bits in lowercase Crockford base32, short enough for a URL and a phone screen.
/// With an Idempotency-Key the id is derived from it, so a retried create lands on the same record.</summary>
public static class Ids
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    public static string New() => Encode(RandomNumberGenerator.GetBytes(8));

    public static string FromIdempotencyKey(string scope, string key) =>
        Encode(SHA256.HashData(Encoding.UTF8.GetBytes(scope + "\n" + key)));

    public static bool LooksValid(string? id) => id is { Length: 12 } && id.All(c => Alphabet.Contains(c));

    public static string Fingerprint(object value) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(value, Json.Options)))[..32];

    private static string Encode(byte[] bytes)
    {
        var value = BitConverter.ToUInt64(bytes, 0);
        Span<char> chars = stackalloc char[12];
        for (var i = 0; i < 12; i++) { chars[i] = Alphabet[(int)(value & 31)]; value >>= 5; }
        return new string(chars);
    }
}

public sealed record ItemPage<T>(IReadOnlyList<T> Items, string? ContinuationToken);

public static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";

    /// <summary>Reads the optional header; a present but unusable one is an error rather than silently ignored.</summary>
    public static (string? Key, Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? Problem) Read(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(Header, out var values)) return (null, null);
        var key = values.ToString();
        return key.Length is >= 1 and <= 128 && key.All(c => c is > ' ' and < '\u007f')
            ? (key, null)
            : (null, Problems.Invalid(Header, "Use 1–128 visible ASCII characters, e.g. a UUID."));
    }
}

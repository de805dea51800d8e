using System.Security.Cryptography;
using System.Text;

namespace OcopTrade.Functions.Access;

/// <summary>Keys are 256 random bits shown once; only their SHA-256 is stored. A fast hash is enough because
/// the secret has full entropy: there is no password to guess.</summary>
public static class AccessKey
{
    public const string Prefix = "ocop_";

    public static string New() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The public handle of a key (for listing and revoking), derived from its hash, never from the key.</summary>
    public static string IdOf(string hash) => hash[..16];

    public static bool FixedTimeEquals(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

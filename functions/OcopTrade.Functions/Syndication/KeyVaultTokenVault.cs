using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Security.KeyVault.Secrets;

namespace OcopTrade.Functions.Syndication;

/// <summary>Tokens as one Key Vault secret per producer and marketplace, read and written by the app's managed
/// identity (Key Vault Secrets Officer on this vault only). Each refresh writes a new version; Key Vault keeps the
/// old ones, which are dead tokens.</summary>
public sealed class KeyVaultTokenVault(SecretClient secrets) : IMarketplaceTokenVault
{
    public async Task<MarketplaceTokens?> ReadAsync(string channel, string producerId,
        CancellationToken cancellationToken)
    {
        try
        {
            var secret = await secrets.GetSecretAsync(Name(channel, producerId), cancellationToken: cancellationToken);
            return MarketplaceTokens.Deserialise(Encoding.UTF8.GetBytes(secret.Value.Value));
        }
        catch (RequestFailedException e) when (e.Status == 404) { return null; }
    }

    public Task WriteAsync(string channel, string producerId, MarketplaceTokens tokens,
        CancellationToken cancellationToken) =>
        secrets.SetSecretAsync(
            new KeyVaultSecret(Name(channel, producerId), Encoding.UTF8.GetString(tokens.Serialise()))
            {
                Properties = { ContentType = "application/json" },
            }, cancellationToken);

    /// <summary>Secret names allow letters, digits and dashes only: the producer id is hashed into one.</summary>
    public static string Name(string channel, string producerId) =>
        $"{channel}-tokens-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(producerId)))[..32]}";
}

using Azure;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.DataProtection;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Syndication;

/// <summary>The local secret store for ./run.sh and the tests, where there is no Key Vault: tokens encrypted by
/// ASP.NET Core Data Protection (authenticated encryption under the app's key ring, <see cref="Access.BlobKeyRing"/>)
/// in a private blob container. Acceptable locally because the emulator holds only simulator tokens, the blobs are
/// unreadable without the key ring, and nothing queries them; Azure never uses it (the Key Vault URI is set there).
/// </summary>
public sealed class ProtectedBlobTokenVault(BlobServiceClient blobs, IDataProtectionProvider protection)
    : IMarketplaceTokenVault
{
    private readonly IDataProtector _protector = protection.CreateProtector("OcopTrade.MarketplaceTokens.v1");

    private BlobContainerClient Container => blobs.GetBlobContainerClient(StorageNames.MarketplaceTokensContainer);

    public async Task<MarketplaceTokens?> ReadAsync(string channel, string producerId,
        CancellationToken cancellationToken)
    {
        try
        {
            var content = await Container.GetBlobClient(BlobName(channel, producerId))
                .DownloadContentAsync(cancellationToken);
            return MarketplaceTokens.Deserialise(_protector.Unprotect(content.Value.Content.ToArray()));
        }
        catch (RequestFailedException e) when (e.Status == 404) { return null; }
    }

    public async Task WriteAsync(string channel, string producerId, MarketplaceTokens tokens,
        CancellationToken cancellationToken) =>
        await Container.GetBlobClient(BlobName(channel, producerId))
            .UploadAsync(BinaryData.FromBytes(_protector.Protect(tokens.Serialise())), overwrite: true,
                cancellationToken);

    public static string BlobName(string channel, string producerId) => $"{channel}/{producerId}.bin";
}

using System.Text.Json;

namespace OcopTrade.Functions.Syndication;

/// <summary>An access token and its refresh token. Neither appears in ToString, logs, exceptions or answers: only
/// the connector that signs a request or refreshes them reads them.</summary>
public sealed class MarketplaceTokens(string access, string refresh)
{
    public string Access() => access;

    public string Refresh() => refresh;

    public override string ToString() => "(tokens hidden)";

    internal byte[] Serialise() => JsonSerializer.SerializeToUtf8Bytes(new Stored(access, refresh));

    internal static MarketplaceTokens Deserialise(ReadOnlySpan<byte> bytes) =>
        JsonSerializer.Deserialize<Stored>(bytes) is { } s ? new(s.Access, s.Refresh)
            : throw new InvalidDataException("Unreadable marketplace tokens.");

    private sealed record Stored(string Access, string Refresh);
}

/// <summary>Where marketplace tokens live: the secret store, never a table. Key Vault in Azure
/// (<see cref="KeyVaultTokenVault"/>), encrypted blobs on the local emulator (<see cref="ProtectedBlobTokenVault"/>).
/// </summary>
public interface IMarketplaceTokenVault
{
    Task<MarketplaceTokens?> ReadAsync(string channel, string producerId, CancellationToken cancellationToken);

    Task WriteAsync(string channel, string producerId, MarketplaceTokens tokens, CancellationToken cancellationToken);
}

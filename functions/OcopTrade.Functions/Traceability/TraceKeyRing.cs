using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Traceability;

/// <summary>Where no trace code key is configured, the app makes a random one on first run and keeps it in a private
/// blob, as it keeps the session keys: every restart and every instance on the same storage use the same key.</summary>
public sealed class TraceKeyRing(BlobServiceClient blobs)
{
    public const string KeyBlob = "trace-code-key";

    private BlobClient Blob => blobs.GetBlobContainerClient(StorageNames.TraceCodeKeysContainer).GetBlobClient(KeyBlob);

    // Synchronous like the session key ring: read once, when the first code is made or checked.
    public byte[] LoadOrCreate()
    {
        if (Load() is { } kept) return kept;
        blobs.GetBlobContainerClient(StorageNames.TraceCodeKeysContainer).CreateIfNotExists();
        try
        {
            var key = RandomNumberGenerator.GetBytes(32);
            Blob.Upload(BinaryData.FromBytes(key), overwrite: false);
            return key;
        }
        // Two instances starting at once both tried; the first one's key is everyone's.
        catch (RequestFailedException e) when (e.Status == 409) { return Load()!; }
    }

    private byte[]? Load()
    {
        try { return Blob.DownloadContent().Value.Content.ToArray(); }
        catch (RequestFailedException e) when (e.Status == 404) { return null; }
    }
}

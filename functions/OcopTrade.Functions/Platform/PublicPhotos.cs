using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace OcopTrade.Functions.Platform;

/// <summary>The one public path into storage: the renditions container (the photos that pages, marketplaces and bulk
/// exports link to), readable anonymously and by nobody but the app writable. In Azure it lives on its own account
/// (<c>PublicPhotosStorage__accountName</c>, see infra/main.bicep), so the account holding the data allows no public
/// blob and no public network at all; without that setting (locally, Azurite) it is the container on the one
/// account.</summary>
public sealed class PublicPhotos(BlobServiceClient blobs)
{
    public const string Setting = "PublicPhotosStorage";

    public BlobContainerClient Container { get; } = blobs.GetBlobContainerClient(StorageNames.RenditionsContainer);

    public Task CreateIfNotExistsAsync(CancellationToken cancellationToken) =>
        Container.CreateIfNotExistsAsync(PublicAccessType.Blob, cancellationToken: cancellationToken);
}

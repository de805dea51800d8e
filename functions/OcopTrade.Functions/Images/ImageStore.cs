using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Images;

/// <summary>Image records in a table (partition = product, so a product's photos list in one query) and the
/// untouched originals in a private container.</summary>
public sealed class ImageStore(TableServiceClient tables, BlobServiceClient blobs)
{
    public const string OriginalsContainer = StorageNames.OriginalsContainer;
    public const string RenditionsContainer = StorageNames.RenditionsContainer;

    private readonly TableClient _table = tables.GetTableClient(StorageNames.ProductImagesTable);
    private BlobContainerClient Originals => blobs.GetBlobContainerClient(OriginalsContainer);
    private BlobContainerClient Public => blobs.GetBlobContainerClient(RenditionsContainer);

    public async Task<ProductImage?> FindAsync(string productId, string imageId, CancellationToken cancellationToken)
    {
        if (!Ids.LooksValid(productId) || !Ids.LooksValid(imageId)) return null;
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(productId, imageId, cancellationToken: cancellationToken);
        return response.HasValue ? ProductImage.From(response.Value!) : null;
    }

    public async Task<byte[]?> ReadOriginalAsync(ProductImage image, CancellationToken cancellationToken)
    {
        var blob = Originals.GetBlobClient(image.OriginalBlob);
        try { return (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToArray(); }
        catch (Azure.RequestFailedException e) when (e.Status == 404) { return null; }
    }

    /// <summary>Names carry a hash of the bytes, so a URL never changes meaning and can be cached for a year.
    /// Writing the same rendition twice (a retried message) writes the same name with the same bytes.</summary>
    public async Task<Rendition> PublishAsync(ProductImage image, RenderedFile file, CancellationToken cancellationToken)
    {
        await Public.CreateIfNotExistsAsync(PublicAccessType.Blob, cancellationToken: cancellationToken);
        var name = $"{image.ProductId}/{image.Id}/{Renditions.ContentHash(file.Bytes)}-{file.Name}";
        var blob = Public.GetBlobClient(name);
        await blob.UploadAsync(new BinaryData(file.Bytes), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders
            {
                ContentType = file.Format == "webp" ? "image/webp" : "image/jpeg",
                CacheControl = "public, max-age=31536000, immutable",
            },
        }, cancellationToken);
        return new Rendition(file.Name, file.Format, file.Width, file.Height, file.Bytes.Length, blob.Uri.ToString());
    }

    public Task SaveAsync(ProductImage image, CancellationToken cancellationToken) =>
        _table.UpsertEntityAsync(image.ToEntity(), TableUpdateMode.Replace, cancellationToken);

    /// <summary>Original first, record second: a record never points at a blob that is not there.</summary>
    public async Task AddAsync(ProductImage image, byte[] original, CancellationToken cancellationToken)
    {
        await Originals.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
        await Originals.GetBlobClient(image.OriginalBlob).UploadAsync(new BinaryData(original),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = image.ContentType } }, cancellationToken);
        await _table.AddEntityAsync(image.ToEntity(), cancellationToken);
    }

    public async Task<IReadOnlyList<ProductImage>> ListAsync(string productId, CancellationToken cancellationToken)
    {
        var images = new List<ProductImage>();
        await foreach (var e in _table.QueryAsync<TableEntity>(e => e.PartitionKey == productId, cancellationToken: cancellationToken))
            images.Add(ProductImage.From(e));
        return images.OrderBy(i => i.CreatedAt).ToList();
    }

    public async Task<bool> OriginalExistsAsync(ProductImage image, CancellationToken cancellationToken) =>
        await Originals.ExistsAsync(cancellationToken) && await Originals.GetBlobClient(image.OriginalBlob).ExistsAsync(cancellationToken);
}

using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Images;

/// <summary>Image records in a table (partition = product, so a product's photos list in one query) and the
/// untouched originals in a private container.</summary>
public sealed class ImageStore(TableServiceClient tables, BlobServiceClient blobs)
{
    public const string OriginalsContainer = "product-originals";

    private readonly TableClient _table = tables.GetTableClient(StorageNames.ProductImagesTable);
    private BlobContainerClient Originals => blobs.GetBlobContainerClient(OriginalsContainer);

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

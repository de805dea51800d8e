using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Images;

/// <summary>Image records in a table (partition = product, so a product's photos list in one query) and the
/// untouched originals in a private container.</summary>
public sealed class ImageStore(
    TableServiceClient tables, BlobServiceClient blobs, PublicPhotos photos, IEnumerable<IPhotoChanges> changes)
{
    public const string OriginalsContainer = StorageNames.OriginalsContainer;
    public const string RenditionsContainer = StorageNames.RenditionsContainer;

    private readonly TableClient _table = tables.GetTableClient(StorageNames.ProductImagesTable);
    private BlobContainerClient Originals => blobs.GetBlobContainerClient(OriginalsContainer);
    private BlobContainerClient Public => photos.Container;

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
        await photos.CreateIfNotExistsAsync(cancellationToken);
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

    /// <summary>Merges processing's outcome onto the record. False when the photo was deleted meanwhile: a merge
    /// never resurrects a record, unlike an upsert.</summary>
    public async Task<bool> SaveProcessingAsync(ProductImage image, CancellationToken cancellationToken)
    {
        try
        {
            await _table.UpdateEntityAsync(image.ProcessingResult(), ETag.All, TableUpdateMode.Merge, cancellationToken);
            if (image.Status == ImageStatus.Ready) await ChangedAsync(image.ProductId, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 404) { return false; }
    }

    /// <summary>A record without its original yet: a direct upload that the client will PUT through a SAS URL.</summary>
    public Task AddRecordAsync(ProductImage image, CancellationToken cancellationToken) =>
        _table.AddEntityAsync(image.ToEntity(), cancellationToken);

    /// <summary>Changes some properties of one record if nobody changed it since it was read; false on a conflict.</summary>
    public async Task<bool> TryMergeAsync(ProductImage image, IDictionary<string, object?> changes, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(image.ProductId, image.Id);
        foreach (var (key, value) in changes) entity[key] = value;
        try
        {
            await _table.UpdateEntityAsync(entity, image.ETag, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404) { return false; }
    }

    /// <summary>Writes one property on every photo of a product in one entity-group transaction, each guarded by the
    /// ETag it was read with: a concurrent reorder or primary change makes the whole write fail (false) rather than
    /// interleave, and the caller re-reads and tries again.</summary>
    public async Task<bool> TryUpdateAllAsync(IReadOnlyList<ProductImage> images, string property, Func<ProductImage, object> value,
        CancellationToken cancellationToken)
    {
        if (images.Count == 0) return true;
        var actions = images.Select(i => new TableTransactionAction(TableTransactionActionType.UpdateMerge,
            new TableEntity(i.ProductId, i.Id) { [property] = value(i) }, i.ETag)).ToList();
        try
        {
            await _table.SubmitTransactionAsync(actions, cancellationToken);
            await ChangedAsync(images[0].ProductId, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404 or 409) { return false; }
    }

    /// <summary>Record first, so the photo leaves the listing and the page at once; then every rendition and the
    /// original (it may carry the farm's GPS position and nothing needs it any more). Processing still in flight
    /// for this photo finds no record to merge onto and removes what it wrote. If storage fails after the record
    /// went, the blobs are left: the client's retry of the DELETE finds no record and calls <see cref="PurgeAsync"/>.</summary>
    public async Task DeleteAsync(ProductImage image, CancellationToken cancellationToken)
    {
        await _table.DeleteEntityAsync(image.ProductId, image.Id, ETag.All, cancellationToken);
        if (image.Status == ImageStatus.Ready) await ChangedAsync(image.ProductId, cancellationToken);
        await PurgeAsync(image.ProductId, image.Id, cancellationToken);
    }

    /// <summary>Removes whatever blobs remain of a photo whose record is gone (names follow from the ids); true if
    /// there were any. Only for a product the caller manages: ids are checked and the caller's product verified first.</summary>
    public async Task<bool> PurgeAsync(string productId, string imageId, CancellationToken cancellationToken)
    {
        if (!Ids.LooksValid(productId) || !Ids.LooksValid(imageId)) return false;
        var removed = false;
        try
        {
            await foreach (var blob in Public.GetBlobsAsync(BlobTraits.None, BlobStates.None, ProductImage.RenditionPrefixOf(productId, imageId), cancellationToken))
                removed |= await Public.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.ErrorCode == "ContainerNotFound") { } // no photo was ever rendered
        removed |= await Originals.DeleteBlobIfExistsAsync(ProductImage.OriginalBlobOf(productId, imageId), DeleteSnapshotsOption.IncludeSnapshots,
            cancellationToken: cancellationToken);
        return removed;
    }

    /// <summary>Removes rendition blobs of a photo other than <paramref name="keep"/> (URLs a re-render replaced).</summary>
    public async Task DeleteRenditionsAsync(ProductImage image, IReadOnlyCollection<string> keep, CancellationToken cancellationToken)
    {
        await foreach (var blob in Public.GetBlobsAsync(BlobTraits.None, BlobStates.None, image.RenditionPrefix, cancellationToken))
            if (!keep.Contains(blob.Name))
                await Public.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken);
    }

    public BlobClient OriginalBlobClient(ProductImage image) => Originals.GetBlobClient(image.OriginalBlob);

    public Task DeleteOriginalAsync(ProductImage image, CancellationToken cancellationToken) =>
        Originals.DeleteBlobIfExistsAsync(image.OriginalBlob, DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);

    /// <summary>Every photo of every product, a page at a time, for re-processing.</summary>
    public IAsyncEnumerable<Page<TableEntity>> AllAsync(string? continuation, int pageSize, CancellationToken cancellationToken) =>
        _table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey", "Status", "Uploaded"], maxPerPage: pageSize,
            cancellationToken: cancellationToken).AsPages(continuation, pageSize);

    /// <summary>Original first, record second: a record never points at a blob that is not there.</summary>
    public async Task AddAsync(ProductImage image, byte[] original, CancellationToken cancellationToken)
    {
        await Originals.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
        await Originals.GetBlobClient(image.OriginalBlob).UploadAsync(new BinaryData(original),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = image.ContentType } }, cancellationToken);
        await _table.AddEntityAsync(image.ToEntity(), cancellationToken);
    }

    /// <summary>A product's photos in their order, with the one primary photo marked.</summary>
    public async Task<IReadOnlyList<ProductImage>> ListAsync(string productId, CancellationToken cancellationToken)
    {
        var images = new List<ProductImage>();
        await foreach (var e in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {productId}"), cancellationToken: cancellationToken))
            images.Add(ProductImage.From(e));
        return PhotoOrder.Arrange(images);
    }

    public async Task<bool> OriginalExistsAsync(ProductImage image, CancellationToken cancellationToken) =>
        await Originals.ExistsAsync(cancellationToken) && await Originals.GetBlobClient(image.OriginalBlob).ExistsAsync(cancellationToken);

    private async Task ChangedAsync(string productId, CancellationToken cancellationToken)
    {
        foreach (var listener in changes) await listener.ChangedAsync(productId, cancellationToken);
    }
}

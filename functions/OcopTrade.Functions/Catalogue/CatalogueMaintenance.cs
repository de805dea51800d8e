using OcopTrade.Functions.Images;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Producers;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Catalogue;

/// <summary>Keeps the catalogue in step with the products, in the request that changed them: every product write
/// (edit, publish, unpublish, suspension, revocation) and every photo change a shopper sees rewrites or removes the
/// product's entry. A write that fails here leaves the product change standing; <see cref="RepairCatalogue"/>
/// puts the entry right overnight.</summary>
public sealed class CatalogueMaintenance(
    CatalogueStore catalogue, ProducerStore producers, IServiceProvider services,
    TimeProvider clock, ILogger<CatalogueMaintenance> logger) : IProductChanges, IPhotoChanges
{
    public async Task ChangedAsync(Product product, CancellationToken cancellationToken)
    {
        try { await catalogue.PutAsync(product.Id, await EntryOfAsync(product, cancellationToken), cancellationToken); }
        catch (Exception e) when (StorageFailure.IsUnavailable(e) || e is Azure.RequestFailedException)
        {
            logger.LogWarning(e, "Could not update the catalogue entry of {Product}; the nightly repair will",
                product.Id);
        }
    }

    /// <summary>Photos change without the product: its current version is read. The product and image stores are
    /// taken from the service provider when used, as each is built with this class among its listeners.</summary>
    public async Task ChangedAsync(string productId, CancellationToken cancellationToken)
    {
        var found = await services.GetRequiredService<ProductStore>().FindAsync(productId, cancellationToken);
        if (found is { } f) await ChangedAsync(f.Product, cancellationToken);
    }

    /// <summary>The entry the product should have now; reads the producer and photos only for a listable product.
    /// </summary>
    public async Task<CatalogueEntry?> EntryOfAsync(Product product, CancellationToken cancellationToken)
    {
        var today = CertificateValidity.TodayInVietnam(clock);
        if (!CatalogueEntry.Listable(product, today)) return null;
        var producer = await producers.FindAsync(product.ProducerId, cancellationToken);
        var photos = await services.GetRequiredService<ImageStore>().ListAsync(product.Id, cancellationToken);
        var photo = Thumbnail(photos);
        return CatalogueEntry.Of(product, producer?.LegalName, photo, today);
    }

    /// <summary>The primary photo's smallest JPEG rendition: a card on a phone is a few hundred pixels wide.</summary>
    public static string? Thumbnail(IReadOnlyList<ProductImage> photos) =>
        photos.Where(p => p.Status == ImageStatus.Ready && p.Renditions is { Count: > 0 })
            .OrderByDescending(p => p.Primary).FirstOrDefault()?.Renditions!
            .Where(r => r.Format == "jpeg" && r.Name.StartsWith('w')).MinBy(r => r.Width)?.Url;
}

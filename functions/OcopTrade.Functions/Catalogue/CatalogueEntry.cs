using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Catalogue;

/// <summary>One product as the buyers' catalogue shows it: only what its public page already shows (name, group,
/// stars, price, standards, photo, the producer's legal name and province) plus the monthly capacity. A product is in
/// the catalogue only while it is published and its certificate is in force.</summary>
public sealed record CatalogueEntry(
    string ProductId, string Slug, string Name, ProductGroup Group, int Stars, string Province, string ProducerName,
    IReadOnlyList<QualityStandard> Standards, long PriceVnd, string Unit, DateOnly CertificateValidUntil)
{
    public MonthlyCapacity? MonthlyCapacity { get; init; }
    public string? PhotoUrl { get; init; }

    /// <summary>The entry a product shows buyers on <paramref name="today"/>, or null when it must not be listed.
    /// </summary>
    public static CatalogueEntry? Of(Product product, string? producerName, string? photoUrl, DateOnly today)
    {
        var f = product.Fields;
        if (!Listable(product, today) || producerName is null) return null;
        if (f.Name is null || f.Group is null || f.Stars is null || f.PriceVnd is null || f.Unit is null) return null;
        return new CatalogueEntry(product.Id, product.Slug, f.Name, f.Group.Value, f.Stars.Value, product.Province,
            producerName, f.Standards ?? [], f.PriceVnd.Value, f.Unit, product.CertificateOn(today)!.ValidUntil)
        {
            MonthlyCapacity = f.MonthlyCapacity,
            PhotoUrl = photoUrl,
        };
    }

    /// <summary>Published, with a certificate neither expired nor revoked: the rule for every public listing.</summary>
    public static bool Listable(Product product, DateOnly today) =>
        product.Status == ProductStatus.Published
        && product.CertificateOn(today)?.State is CertificateState.Valid or CertificateState.Expiring;

    /// <summary>A certificate that expired since the entry was written hides the entry at once, before the nightly
    /// sweep suspends the listing and removes it.</summary>
    public bool InForceOn(DateOnly today) => CertificateValidUntil >= today;

    /// <summary>What a search term is matched against, without accents or case: "Mật ong Đồng Văn" is found by
    /// "mat ong dong van" as by "Mật Ong".</summary>
    public string SearchText => Folded($"{Name} {ProducerName} {Province}");

    public static string Folded(string text) => Diacritics.Remove(text).ToLowerInvariant();
}

/// <summary>An entry as the API answers it.</summary>
public sealed record CatalogueItem(
    string ProductId, string Name, ProductGroup Group, int Stars, string Province, string ProducerName,
    IReadOnlyList<QualityStandard> Standards, long PriceVnd, string Unit, string Url, DateOnly CertificateValidUntil)
{
    public MonthlyCapacity? MonthlyCapacity { get; init; }
    public string? PhotoUrl { get; init; }

    public static CatalogueItem Of(CatalogueEntry e) => new(
        e.ProductId, e.Name, e.Group, e.Stars, e.Province, e.ProducerName, e.Standards, e.PriceVnd, e.Unit,
        "/p/" + e.Slug, e.CertificateValidUntil)
    {
        MonthlyCapacity = e.MonthlyCapacity,
        PhotoUrl = e.PhotoUrl,
    };
}

using OcopTrade.Functions.Products;

namespace OcopTrade.Tests.Unit;

/// <summary>Listings for the domain tests: complete, 4 stars, a province certificate of 15 June 2025; today is
/// 22 November 2026.</summary>
internal static class Listings
{
    public static readonly DateOnly Today = new(2026, 11, 22);
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);
    public static readonly CertificateFields InForce =
        new("1234/QĐ-UBND", new DateOnly(2025, 6, 15), IssuingLevel.Province);

    public static Product Draft(CertificateFields? certificate = null) => new()
    {
        Id = "abcdefghjkmn", ProducerId = "producer0001", Province = "Lai Châu", Slug = "x-abcdefghjkmn",
        Status = ProductStatus.Draft, Fields = Fields(certificate ?? InForce),
        CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    public static Product Published(CertificateFields? certificate = null) =>
        Draft(certificate) with { Status = ProductStatus.Published, PublishedAt = DateTimeOffset.UnixEpoch };

    public static Product Revoked(Product listing) =>
        listing with { RevokedAt = DateTimeOffset.UnixEpoch, RevocationReason = "Vi phạm" };

    public static ProductFields Fields(CertificateFields? certificate) => new()
    {
        Name = "Chè Shan Tuyết", Description = "Chè cổ thụ.", Group = ProductGroup.Beverages, Stars = 4,
        Certificate = certificate, PriceVnd = 350_000, Unit = "hộp", NetQuantity = "200 g", ShelfLifeDays = 540,
    };
}

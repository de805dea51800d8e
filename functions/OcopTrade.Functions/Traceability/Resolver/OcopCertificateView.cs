using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Traceability.Resolver;

/// <summary>A published product's OCOP certificate as the resolver's gs1:certificationInfo link shows it: stars,
/// issuing level, number and validity on today's date (Vietnam).</summary>
public sealed record OcopCertificateView(
    string Gtin, string ProductName, string ProductUrl, int? Stars, IssuingLevel? Level, string? Number,
    DateOnly? IssueDate, DateOnly? ValidUntil, CertificateState? State)
{
    public static OcopCertificateView Of(string gtin14, Product product, string baseUrl, DateOnly today)
    {
        var certificate = product.CertificateOn(today);
        return new OcopCertificateView(gtin14, product.Fields.Name!, $"{baseUrl}/p/{product.Slug}",
            product.Fields.Stars, certificate?.IssuingLevel, certificate?.Number, certificate?.IssueDate,
            certificate?.ValidUntil, certificate?.State);
    }
}

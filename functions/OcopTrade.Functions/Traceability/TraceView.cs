using OcopTrade.Functions.Producers;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Traceability;

/// <summary>What a scan shows, as JSON (<c>GET /api/trace/{code}</c>) and as the trace page.</summary>
public sealed record TraceView(
    bool Verified, string TraceCode, string ProductName, int? Stars, ProductGroup? Group, string ProducerName, string? Commune,
    string Province, string? RawMaterialArea, IReadOnlyList<QualityStandard> Standards, Certificate? Certificate,
    bool CertificateLapsed, string LotNumber, DateOnly ProductionDate, DateOnly BestBefore, bool PastBestBefore, string? ProductPageUrl,
    IReadOnlyList<string> SoldAt)
{
    public static TraceView Of(Batch batch, Product product, Producer? producer, DateOnly today, IReadOnlyList<string> soldAt)
    {
        var certificate = product.CertificateOn(today);
        return new TraceView(
            true, Traceability.TraceCode.Grouped(batch.TraceCode), product.Fields.Name!, product.Fields.Stars, product.Fields.Group,
            producer?.LegalName ?? "", batch.OriginCommune ?? producer?.Commune, product.Province,
            batch.OriginArea ?? product.Fields.RawMaterialArea, product.Fields.Standards ?? [], certificate,
            certificate is null || certificate.State is CertificateState.Expired or CertificateState.Revoked,
            batch.LotNumber, batch.ProductionDate, batch.BestBefore, today > batch.BestBefore,
            product.Status == ProductStatus.Published ? "/p/" + product.Slug : null, soldAt);
    }
}

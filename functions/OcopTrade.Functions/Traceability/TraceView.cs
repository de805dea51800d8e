using OcopTrade.Functions.Producers;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Traceability;

/// <summary>What a scan shows, as JSON (<c>GET /api/trace/{code}</c>) and as the trace page. <c>SoldAtEvents</c>
/// names the trade-promotion events whose stalls sold this lot.</summary>
public sealed record TraceView(
    bool Verified, string TraceCode, string ProductName, int? Stars, ProductGroup? Group, string ProducerName, string? Commune,
    string Province, string? RawMaterialArea, IReadOnlyList<QualityStandard> Standards, Certificate? Certificate,
    bool CertificateLapsed, string LotNumber, DateOnly ProductionDate, DateOnly BestBefore, bool PastBestBefore, string? ProductPageUrl,
    IReadOnlyList<string> SoldAt, string? ProducerAddress = null, TracePhoto? Photo = null, LotNotice? Lot = null,
    IReadOnlyList<string>? SoldAtEvents = null)
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
            product.Status == ProductStatus.Published ? "/p/" + product.Slug : null, soldAt,
            producer is null ? null : string.Join(", ",
                new[] { producer.Address, producer.Commune, producer.District, producer.Province }
                    .Where(x => !string.IsNullOrWhiteSpace(x))));
    }
}

/// <summary>The product's photo on the trace page (Circular 02/2024/TT-BKHCN asks for one): its smallest
/// JPEG.</summary>
public sealed record TracePhoto(string Url, int Width, int Height, string Alt)
{
    public static TracePhoto? Of(IEnumerable<Images.ProductImage> images, string productName)
    {
        var image = images.Where(i => i.Status == Images.ImageStatus.Ready && i.Renditions is { Count: > 0 })
            .OrderByDescending(i => i.Primary).FirstOrDefault();
        var jpeg = image?.Renditions!.Where(r => r.Format == "jpeg" && r.Name.StartsWith('w')).MinBy(r => r.Width);
        return jpeg is null ? null : new TracePhoto(jpeg.Url, jpeg.Width, jpeg.Height,
            string.IsNullOrWhiteSpace(image!.AltText) ? productName : image.AltText);
    }
}

/// <summary>A hold or recall in force, as the public reads it on the trace page and its JSON.</summary>
public sealed record LotNotice(LotState Status, string Reason, DateTimeOffset Since, string Notice)
{
    public static LotNotice? Of(LotStatus status) =>
        status is { State: not LotState.None, Reason: { } reason, Since: { } since }
            ? new LotNotice(status.State, reason, since, status.Notice!)
            : null;
}

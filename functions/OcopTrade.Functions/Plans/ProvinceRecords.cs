using Azure.Data.Tables;
using OcopTrade.Functions.AdministrativeUnits;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Products;
using OcopTrade.Functions.Revenue;

namespace OcopTrade.Functions.Plans;

/// <summary>Where a producer is, as its record says (district kept for records made before 1 July 2025).</summary>
public sealed record ProducerPlace(string Id, string LegalName, string Province, string? District, string Commune);

/// <summary>A certified product as reports count it: its certificate on the report's day, and whether the certificate
/// is a re-certification (the watch saw an earlier one for the same product).</summary>
public sealed record CertifiedProduct(Product Product, ProducerPlace? Producer, Certificate Certificate, bool Recertified)
{
    /// <summary>Held a certificate at some time in the period: issued before it ended, valid until after it began,
    /// not revoked before it began.</summary>
    public bool CertifiedDuring(ReportPeriod period) =>
        Certificate.IssueDate <= period.LastDay && Certificate.ValidUntil >= period.From
        && (Product.RevokedAt is not { } r || DateOnly.FromDateTime(r.UtcDateTime.AddHours(7)) >= period.From);

    /// <summary>Valid on the day (not yet expired, not revoked by then).</summary>
    public bool ValidOn(DateOnly day) =>
        Certificate.IssueDate <= day && Certificate.ValidUntil >= day
        && (Product.RevokedAt is not { } r || DateOnly.FromDateTime(r.UtcDateTime.AddHours(7)) > day);

    public bool IssuedIn(ReportPeriod period) => period.Contains(Certificate.IssueDate);

    public bool In(UnitLevel level, string unit) => level switch
    {
        UnitLevel.Province => true,
        UnitLevel.District => Producer?.District is { } d && AdministrativeUnitMap.UnitKey(d) == AdministrativeUnitMap.UnitKey(unit),
        _ => Producer?.Commune is { } c && AdministrativeUnitMap.UnitKey(c) == AdministrativeUnitMap.UnitKey(unit),
    };
}

/// <summary>The live records of a territory (a province and the former provinces whose history it holds), read
/// server-side by province key: the producers and every product that carries a certificate.</summary>
public sealed class ProvinceRecords(TableServiceClient service, CertificateWatchStore watch, TimeProvider clock)
{
    public async Task<Dictionary<string, ProducerPlace>> ProducersAsync(IReadOnlyList<string> provinceKeys, CancellationToken cancellationToken)
    {
        var table = service.GetTableClient(StorageNames.ProducersTable);
        var producers = new Dictionary<string, ProducerPlace>(StringComparer.Ordinal);
        foreach (var key in provinceKeys)
            await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"ProvinceKey eq {key}"),
                select: ["PartitionKey", "LegalName", "Province", "District", "Commune"], cancellationToken: cancellationToken))
                producers[e.PartitionKey] = new ProducerPlace(e.PartitionKey, e.GetString("LegalName"), e.GetString("Province"), e.GetString("District"), e.GetString("Commune"));
        return producers;
    }

    public async Task<List<CertifiedProduct>> CertifiedAsync(
        IReadOnlyList<string> provinceKeys, string? producerId, IReadOnlyDictionary<string, ProducerPlace> producers, CancellationToken cancellationToken)
    {
        var table = service.GetTableClient(StorageNames.ProductsTable);
        var history = await watch.HistoryAsync(provinceKeys, cancellationToken);
        var today = CertificateValidity.TodayInVietnam(clock);
        var products = new List<CertifiedProduct>();
        foreach (var key in provinceKeys)
        {
            var filter = TableClient.CreateQueryFilter($"ProvinceKey eq {key} and CertificateIssueDate ne {""}");
            if (producerId is not null) filter += " and " + TableClient.CreateQueryFilter($"ProducerId eq {producerId}");
            await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                var product = ProductEntity.ToProduct(e);
                if (product.CertificateOn(today) is not { } certificate) continue;
                var earlier = history.GetValueOrDefault(product.Id)?.Any(d => d < certificate.IssueDate) == true;
                products.Add(new CertifiedProduct(product, producers.GetValueOrDefault(product.ProducerId), certificate, earlier));
            }
        }
        return products;
    }
}

using System.Globalization;
using Azure.Data.Tables;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Catalogue;

/// <summary>How an entry sits in table <c>CatalogueEntries</c>. Partitioned by product group: a buyer looks for a
/// kind of product first (honey, tea, textiles), so the commonest search is one partition, and with six groups no
/// partition is hot. Province, stars, each standard (a boolean column, so "has VietGAP" is an equality) and the
/// monthly capacity are columns filtered server-side. The row key is the product id, so a product has one row and
/// a repeated write lands on it.</summary>
public static class CatalogueRows
{
    public static string Partition(ProductGroup group) => group.ToString();

    public static string StandardColumn(QualityStandard standard) => "Has" + standard;

    public static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static TableEntity From(CatalogueEntry e)
    {
        var row = new TableEntity(Partition(e.Group), e.ProductId)
        {
            ["Slug"] = e.Slug, ["Name"] = e.Name, ["Stars"] = e.Stars, ["Province"] = e.Province,
            ["ProvinceKey"] = Provinces.Key(e.Province), ["ProducerName"] = e.ProducerName,
            ["Standards"] = string.Join(',', e.Standards), ["PriceVnd"] = e.PriceVnd, ["Unit"] = e.Unit,
            ["MonthlyCapacity"] = e.MonthlyCapacity?.Quantity, ["MonthlyCapacityUnit"] = e.MonthlyCapacity?.Unit,
            ["PhotoUrl"] = e.PhotoUrl, ["ValidUntil"] = Day(e.CertificateValidUntil),
        };
        foreach (var standard in Enum.GetValues<QualityStandard>())
            row[StandardColumn(standard)] = e.Standards.Contains(standard);
        return row;
    }

    public static CatalogueEntry ToEntry(TableEntity row) => new(
        row.RowKey, row.GetString("Slug"), row.GetString("Name"), Enum.Parse<ProductGroup>(row.PartitionKey),
        row.GetInt32("Stars") ?? 0, row.GetString("Province"), row.GetString("ProducerName"),
        Standards(row.GetString("Standards")), row.GetInt64("PriceVnd") ?? 0, row.GetString("Unit"),
        DateOnly.ParseExact(row.GetString("ValidUntil"), "yyyy-MM-dd", CultureInfo.InvariantCulture))
    {
        MonthlyCapacity = row.GetInt32("MonthlyCapacity") is { } quantity
            ? new MonthlyCapacity(quantity, row.GetString("MonthlyCapacityUnit")) : null,
        PhotoUrl = row.GetString("PhotoUrl"),
    };

    private static List<QualityStandard> Standards(string? stored) =>
        string.IsNullOrEmpty(stored) ? [] : stored.Split(',').Select(Enum.Parse<QualityStandard>).ToList();
}

using System.Globalization;
using Azure.Data.Tables;
using OcopTrade.Functions.Access;

namespace OcopTrade.Functions.Products;

/// <summary>How a product sits in Table storage: flat properties, so list filters run on the server.</summary>
internal static class ProductEntity
{
    public static TableEntity From(Product p)
    {
        var f = p.Fields;
        var issued = f.Certificate?.IssueDate;
        return new TableEntity(p.Id, "")
        {
            ["ProducerId"] = p.ProducerId,
            ["Province"] = p.Province,
            ["ProvinceKey"] = Provinces.Key(p.Province),
            ["Slug"] = p.Slug,
            ["Status"] = p.Status.ToString(),
            ["StatusReason"] = p.StatusReason,
            ["Name"] = f.Name,
            ["Description"] = f.Description,
            ["Group"] = f.Group?.ToString(),
            ["Stars"] = f.Stars,
            ["CertificateNumber"] = f.Certificate?.Number,
            ["CertificateIssueDate"] = issued is { } d ? ProductStore.Day(d) : null,
            ["CertificateLevel"] = f.Certificate?.IssuingLevel?.ToString(),
            // Stored for filtering; a product without a certificate sorts as long expired.
            ["ValidUntil"] = issued is { } i ? ProductStore.Day(CertificateValidity.ValidUntil(i)) : "0000-00-00",
            ["Revoked"] = p.RevokedAt is not null,
            ["RevokedAt"] = p.RevokedAt,
            ["RevocationReason"] = p.RevocationReason,
            ["PendingCertificateNumber"] = p.PendingCertificate?.Number,
            ["PendingCertificateIssueDate"] = p.PendingCertificate?.IssueDate is { } day ? ProductStore.Day(day) : null,
            ["PendingCertificateLevel"] = p.PendingCertificate?.IssuingLevel?.ToString(),
            ["PendingCertificateClaimedAt"] = p.PendingCertificate?.ClaimedAt,
            ["PriceVnd"] = f.PriceVnd,
            ["Unit"] = f.Unit,
            ["NetQuantity"] = f.NetQuantity,
            ["ShelfLifeDays"] = f.ShelfLifeDays,
            ["Stock"] = f.Stock,
            ["MonthlyCapacity"] = f.MonthlyCapacity?.Quantity,
            ["MonthlyCapacityUnit"] = f.MonthlyCapacity?.Unit,
            ["Ingredients"] = f.Ingredients,
            ["RawMaterialArea"] = f.RawMaterialArea,
            ["Standards"] = f.Standards is { Count: > 0 } s ? string.Join(',', s) : null,
            ["Gtin"] = f.Gtin,
            ["CreatedAt"] = p.CreatedAt,
            ["UpdatedAt"] = p.UpdatedAt,
            ["PublishedAt"] = p.PublishedAt,
        };
    }

    public static Product ToProduct(TableEntity e)
    {
        return new Product
        {
            Id = e.PartitionKey,
            ProducerId = e.GetString("ProducerId"),
            Province = e.GetString("Province"),
            Slug = e.GetString("Slug"),
            Status = Enum.Parse<ProductStatus>(e.GetString("Status")),
            StatusReason = e.GetString("StatusReason"),
            RevokedAt = e.GetDateTimeOffset("RevokedAt"),
            RevocationReason = e.GetString("RevocationReason"),
            CreatedAt = e.GetDateTimeOffset("CreatedAt")!.Value,
            UpdatedAt = e.GetDateTimeOffset("UpdatedAt")!.Value,
            PublishedAt = e.GetDateTimeOffset("PublishedAt"),
            PendingCertificate = CertificateOf(e, "PendingCertificate") is { } claimed
                ? new CertificateClaim(claimed, e.GetDateTimeOffset("PendingCertificateClaimedAt")!.Value) : null,
            Fields = new ProductFields
            {
                Name = e.GetString("Name"),
                Description = e.GetString("Description"),
                Group = EnumOrNull<ProductGroup>(e.GetString("Group")),
                Stars = e.GetInt32("Stars"),
                Certificate = CertificateOf(e, "Certificate"),
                PriceVnd = e.GetInt64("PriceVnd"),
                Unit = e.GetString("Unit"),
                NetQuantity = e.GetString("NetQuantity"),
                ShelfLifeDays = e.GetInt32("ShelfLifeDays"),
                Stock = e.GetInt32("Stock"),
                MonthlyCapacity = e.GetInt32("MonthlyCapacity") is { } quantity
                    ? new MonthlyCapacity(quantity, e.GetString("MonthlyCapacityUnit")) : null,
                Ingredients = e.GetString("Ingredients"),
                RawMaterialArea = e.GetString("RawMaterialArea"),
                Standards = e.GetString("Standards")?.Split(',').Select(Enum.Parse<QualityStandard>).ToList(),
                Gtin = e.GetString("Gtin"),
            },
        };
    }

    /// <summary>The certificate stored under <paramref name="prefix"/> (Number, IssueDate, Level), or null.</summary>
    private static CertificateFields? CertificateOf(TableEntity e, string prefix)
    {
        var number = e.GetString(prefix + "Number");
        var issued = e.GetString(prefix + "IssueDate");
        return issued is null && number is null ? null : new CertificateFields(
            number,
            issued is null ? null : DateOnly.ParseExact(issued, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            EnumOrNull<IssuingLevel>(e.GetString(prefix + "Level")));
    }

    private static T? EnumOrNull<T>(string? value) where T : struct, Enum => value is null ? null : Enum.Parse<T>(value);
}

namespace OcopTrade.Functions.Products;

/// <summary>The six product groups of Decision 148/QĐ-TTg.</summary>
public enum ProductGroup { Food, Beverages, Herbal, Textiles, Souvenirs, Tourism }

public enum ProductStatus { Draft, Published, Suspended }

public enum QualityStandard { VietGap, GlobalGap, Organic, Iso22000, Haccp, Gmp, GacpWho }

public sealed record CertificateFields(string? Number, DateOnly? IssueDate, IssuingLevel? IssuingLevel);

/// <summary>How much the producer can supply a month ("2000 hộp"), for buyers sizing an order; in the producer's own
/// unit, which may differ from the selling unit (a tea sold by the box may be supplied by the kilogram).</summary>
public sealed record MonthlyCapacity(int? Quantity, string? Unit);

/// <summary>The editable fields of a listing, as a client sends them to create (with producerId) or replace it.</summary>
public record ProductFields
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    public ProductGroup? Group { get; init; }
    public int? Stars { get; init; }
    public CertificateFields? Certificate { get; init; }
    public long? PriceVnd { get; init; }
    public string? Unit { get; init; }
    public string? NetQuantity { get; init; }
    public int? ShelfLifeDays { get; init; }
    public string? Ingredients { get; init; }
    public string? RawMaterialArea { get; init; }
    public List<QualityStandard>? Standards { get; init; }
    public string? Gtin { get; init; }

    /// <summary>How many the producer can sell through marketplaces now; listings show it (0 shows "sold out").</summary>
    public int? Stock { get; init; }

    public MonthlyCapacity? MonthlyCapacity { get; init; }
}

public sealed record ProductDraft : ProductFields
{
    public string? ProducerId { get; init; }
}

public sealed record Certificate(
    string? Number, DateOnly IssueDate, IssuingLevel? IssuingLevel, DateOnly ValidUntil, CertificateState State,
    DateTimeOffset? RevokedAt = null, string? RevocationReason = null);

/// <summary>A listing. Its state changes (publish, unpublish, suspend, revoke, certificate claims) are methods in
/// ListingStates.cs and CertificateClaims.cs: pure, each answering a <see cref="ListingChange"/>.</summary>
public sealed partial record Product
{
    public required string Id { get; init; }
    public required string ProducerId { get; init; }
    public required string Province { get; init; }
    public required string Slug { get; init; }
    public required ProductStatus Status { get; init; }
    public string? StatusReason { get; init; }
    public required ProductFields Fields { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
    public string? RevocationReason { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }

    /// <summary>A producer's change to its certificate, waiting for the department; <see cref="Fields"/> keeps the
    /// certificate in force until then.</summary>
    public CertificateClaim? PendingCertificate { get; init; }

    public Certificate? CertificateOn(DateOnly today)
    {
        if (Fields.Certificate?.IssueDate is not { } issued) return null;
        return new Certificate(Fields.Certificate.Number, issued, Fields.Certificate.IssuingLevel,
            CertificateValidity.ValidUntil(issued), CertificateValidity.StateOn(issued, RevokedAt is not null, today),
            RevokedAt, RevocationReason);
    }
}

/// <summary>A product as the API shows it: the fields flat, plus what is derived (certificate validity, slug).</summary>
public sealed record ProductView(
    string Id, string ProducerId, string Province, string? Name, string? Description, ProductGroup? Group, int? Stars,
    Certificate? Certificate, CertificateClaim? PendingCertificate, long? PriceVnd, string? Unit, string? NetQuantity,
    int? ShelfLifeDays, string? Ingredients,
    string? RawMaterialArea, IReadOnlyList<QualityStandard> Standards, string? Gtin, int? Stock, ProductStatus Status, string? StatusReason,
    string Slug, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? PublishedAt,
    MonthlyCapacity? MonthlyCapacity)
{
    public static ProductView Of(Product p, DateOnly today) => new(
        p.Id, p.ProducerId, p.Province, p.Fields.Name, p.Fields.Description, p.Fields.Group, p.Fields.Stars,
        p.CertificateOn(today), p.PendingCertificate,
        p.Fields.PriceVnd, p.Fields.Unit, p.Fields.NetQuantity, p.Fields.ShelfLifeDays, p.Fields.Ingredients, p.Fields.RawMaterialArea,
        p.Fields.Standards ?? [], p.Fields.Gtin, p.Fields.Stock, p.Status, p.StatusReason, p.Slug, p.CreatedAt, p.UpdatedAt, p.PublishedAt,
        p.Fields.MonthlyCapacity);
}

using OcopTrade.Functions.Catalogue;
using OcopTrade.Functions.Images;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Products;

namespace OcopTrade.Tests.Unit;

/// <summary>Who is in the buyers' catalogue, how a buyer's filters are read, and what each one matches.</summary>
public class CatalogueRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    private static Product Listing(ProductStatus status = ProductStatus.Published, string issued = "2025-06-15",
        DateTimeOffset? revokedAt = null) => new()
        {
            Id = "abcdefghjkmn", ProducerId = "producer0001", Province = "Lai Châu", Slug = "mat-ong-abcdefghjkmn",
            Status = status, RevokedAt = revokedAt,
            CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch,
            Fields = new ProductFields
            {
                Name = "Mật ong bạc hà Đồng Văn", Description = "Mật ong.", Group = ProductGroup.Food, Stars = 4,
                Certificate = new CertificateFields("12/QĐ", DateOnly.Parse(issued), IssuingLevel.Province),
                PriceVnd = 250_000, Unit = "hũ", NetQuantity = "500 ml", ShelfLifeDays = 720,
                Standards = [QualityStandard.VietGap], MonthlyCapacity = new MonthlyCapacity(2000, "hũ"),
            },
        };

    private static CatalogueEntry Entry(Product? product = null) =>
        CatalogueEntry.Of(product ?? Listing(), "HTX Ong Mật Đồng Văn", null, Today)!;

    private static CatalogueQuery Parse(FieldErrors errors, string? group = null, string? stars = null,
        string? province = null, string? standard = null, string? capacity = null, string? q = null,
        string? token = null) => CatalogueQuery.Parse(group, stars, province, standard, capacity, q, token, errors)!;

    private static CatalogueQuery Query(string? group = null, string? stars = null, string? province = null,
        string? standard = null, string? capacity = null, string? q = null, string? token = null)
    {
        var errors = new FieldErrors();
        var query = Parse(errors, group, stars, province, standard, capacity, q, token);
        Assert.False(errors.Any, string.Join(", ", errors.ToDictionary().Keys));
        return query;
    }

    [Fact]
    public void A_published_product_with_a_certificate_in_force_is_listed_with_its_public_details()
    {
        var entry = Entry();
        Assert.Equal("HTX Ong Mật Đồng Văn", entry.ProducerName);
        Assert.Equal(new DateOnly(2028, 6, 15), entry.CertificateValidUntil);
        Assert.Equal(2000, entry.MonthlyCapacity?.Quantity);
    }

    [Theory]
    [InlineData(ProductStatus.Draft, "2025-06-15", false)]
    [InlineData(ProductStatus.Suspended, "2025-06-15", false)]
    [InlineData(ProductStatus.Published, "2023-11-21", false)] // expired yesterday
    [InlineData(ProductStatus.Published, "2023-11-22", true)] // last day in force
    public void Only_a_published_product_with_a_certificate_in_force_is_listed(
        ProductStatus status, string issued, bool listed) =>
        Assert.Equal(listed, CatalogueEntry.Of(Listing(status, issued), "HTX", null, Today) is not null);

    [Fact]
    public void A_revoked_certificate_keeps_the_product_out()
    {
        Assert.Null(CatalogueEntry.Of(Listing(revokedAt: DateTimeOffset.UnixEpoch), "HTX", null, Today));
    }

    [Fact]
    public void An_entry_whose_certificate_expired_since_it_was_written_matches_no_search()
    {
        var entry = Entry(Listing(issued: "2023-11-22"));
        Assert.True(Query().Matches(entry, Today));
        Assert.False(Query().Matches(entry, Today.AddDays(1)));
    }

    [Theory]
    [InlineData("food", null, null, null, null, true)]
    [InlineData("beverages", null, null, null, null, false)]
    [InlineData(null, "4", null, null, null, true)]
    [InlineData(null, "5", null, null, null, false)]
    [InlineData(null, null, "Tỉnh Lai Châu", null, null, true)]
    [InlineData(null, null, "lai châu", null, null, true)]
    [InlineData(null, null, "Lạng Sơn", null, null, false)]
    [InlineData(null, null, null, "vietGap", null, true)]
    [InlineData(null, null, null, "organic", null, false)]
    [InlineData(null, null, null, null, "2000", true)]
    [InlineData(null, null, null, null, "2001", false)]
    public void Each_filter_matches_only_what_meets_it(
        string? group, string? stars, string? province, string? standard, string? capacity, bool matches) =>
        Assert.Equal(matches, Query(group, stars, province, standard, capacity).Matches(Entry(), Today));

    [Fact]
    public void A_product_without_a_capacity_matches_no_minimum()
    {
        var entry = Entry() with { MonthlyCapacity = null };
        Assert.True(Query().Matches(entry, Today));
        Assert.False(Query(capacity: "1").Matches(entry, Today));
    }

    [Theory]
    [InlineData("mật ong", true)]
    [InlineData("MAT ONG", true)]
    [InlineData("dong van bac ha", true)]
    [InlineData("htx ong", true)]
    [InlineData("lai chau", true)]
    [InlineData("mật ong rừng", false)]
    public void A_search_matches_every_word_in_the_name_producer_or_province_without_accents(string q, bool matches) =>
        Assert.Equal(matches, Query(q: q).Matches(Entry(), Today));

    [Fact]
    public void A_search_in_decomposed_form_matches_as_the_composed_one()
    {
        var nfd = "Đồng Văn".Normalize(System.Text.NormalizationForm.FormD);
        Assert.True(Query(q: nfd).Matches(Entry(), Today));
    }

    [Theory]
    [InlineData("group", "fruit")]
    [InlineData("stars", "2")]
    [InlineData("stars", "6")]
    [InlineData("stars", "four")]
    [InlineData("standard", "iso9001")]
    [InlineData("minMonthlyCapacity", "0")]
    [InlineData("minMonthlyCapacity", "100000001")]
    [InlineData("minMonthlyCapacity", "1.5")]
    [InlineData("continuationToken", "Food notanid")]
    [InlineData("continuationToken", "food abcdefghjkmn")]
    [InlineData("continuationToken", "Food")]
    public void A_bad_filter_is_named_and_no_query_made(string name, string value)
    {
        var errors = new FieldErrors();
        var query = CatalogueQuery.Parse(
            name == "group" ? value : null, name == "stars" ? value : null, null,
            name == "standard" ? value : null, name == "minMonthlyCapacity" ? value : null, null,
            name == "continuationToken" ? value : null, errors);
        Assert.Null(query);
        Assert.Equal([name], errors.ToDictionary().Keys);
    }

    [Fact]
    public void A_page_resumes_after_its_token_in_storage_order()
    {
        var token = new CatalogueCursor(ProductGroup.Food, "abcdefghjkmn").ToString();
        Assert.Equal("Food abcdefghjkmn", token);
        var after = Query(token: token);
        Assert.False(after.Matches(Entry(), Today)); // the entry the token names was on the last page
        Assert.True(after.Matches(Entry() with { ProductId = "abcdefghjkmp" }, Today));
        Assert.True(after.Matches(Entry() with { Group = ProductGroup.Herbal, ProductId = "0000000000aa" }, Today));
        Assert.False(after.Matches(Entry() with { Group = ProductGroup.Beverages, ProductId = "zzzzzzzzzzzz" }, Today));
    }

    [Fact]
    public void The_storage_filter_asks_for_the_group_partition_and_each_filter_as_a_column()
    {
        var filter = Query("food", "4", "Lai Châu", "organic", "100").StorageFilter(Today);
        Assert.Contains("PartitionKey eq 'Food'", filter);
        Assert.Contains("ValidUntil ge '2026-11-22'", filter);
        Assert.Contains("Stars eq 4", filter);
        Assert.Contains("ProvinceKey eq 'lai châu'", filter);
        Assert.Contains("HasOrganic eq true", filter);
        Assert.Contains("MonthlyCapacity ge 100", filter);
    }

    [Fact]
    public void An_entry_survives_its_round_trip_through_a_table_row()
    {
        var entry = Entry() with { PhotoUrl = "https://photos.example/p/w320.jpg" };
        var back = CatalogueRows.ToEntry(CatalogueRows.From(entry));
        Assert.Equal(entry.Standards, back.Standards);
        Assert.Equal(entry with { Standards = back.Standards }, back);
        Assert.True(RepairCatalogue.Same(CatalogueRows.From(entry), CatalogueRows.From(back)));
        Assert.False(RepairCatalogue.Same(CatalogueRows.From(entry), CatalogueRows.From(back with { Stars = 5 })));
    }

    [Fact]
    public void A_card_shows_the_primary_ready_photo_at_its_smallest_width()
    {
        static Rendition Jpeg(int width, string id) => new("w" + width, "jpeg", width, width, 1, $"{id}/w{width}.jpg");
        ProductImage Photo(string id, bool primary, ImageStatus status) =>
            new(id, "abcdefghjkmn", status, "image/jpeg", 1, 1, 1, null, DateTimeOffset.UnixEpoch,
                [Jpeg(1600, id), Jpeg(320, id), Jpeg(800, id)])
            { Primary = primary };
        var photos = new[] { Photo("a", false, ImageStatus.Ready), Photo("b", true, ImageStatus.Ready) };
        Assert.Equal("b/w320.jpg", CatalogueMaintenance.Thumbnail(photos));
        Assert.Equal("a/w320.jpg", CatalogueMaintenance.Thumbnail([photos[0], Photo("c", true, ImageStatus.Pending)]));
        Assert.Null(CatalogueMaintenance.Thumbnail([]));
    }

    [Theory]
    [InlineData(null, "hộp", "monthlyCapacity.quantity")]
    [InlineData(0, "hộp", "monthlyCapacity.quantity")]
    [InlineData(100_000_001, "hộp", "monthlyCapacity.quantity")]
    [InlineData(500, null, "monthlyCapacity.unit")]
    [InlineData(500, "  ", "monthlyCapacity.unit")]
    public void A_monthly_capacity_needs_a_whole_quantity_and_its_unit(int? quantity, string? unit, string field)
    {
        var errors = new FieldErrors();
        var fields = new ProductFields
        {
            Name = "Mật ong", Group = ProductGroup.Food, MonthlyCapacity = new MonthlyCapacity(quantity, unit),
        };
        Assert.Null(ProductRules.Validate(fields, Today, errors));
        Assert.Equal([field], errors.ToDictionary().Keys);
    }

    [Fact]
    public void A_monthly_capacity_is_kept_trimmed_and_may_be_left_out()
    {
        var errors = new FieldErrors();
        var kept = ProductRules.Validate(new ProductFields
        {
            Name = "Mật ong", Group = ProductGroup.Food, MonthlyCapacity = new MonthlyCapacity(2000, " hũ "),
        }, Today, errors);
        Assert.Equal(new MonthlyCapacity(2000, "hũ"), kept!.MonthlyCapacity);
        Assert.Null(ProductRules.Validate(new ProductFields { Name = "Mật ong", Group = ProductGroup.Food }, Today,
            errors)!.MonthlyCapacity);
    }
}

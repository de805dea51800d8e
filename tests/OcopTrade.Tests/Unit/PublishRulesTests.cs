using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Products;

namespace OcopTrade.Tests.Unit;

public class PublishRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    private static Product Listing(ProductFields fields, DateTimeOffset? revokedAt = null) => new()
    {
        Id = "abcdefghjkmn", ProducerId = "producer0001", Province = "Lai Châu", Slug = "x-abcdefghjkmn",
        Status = ProductStatus.Draft, Fields = fields, RevokedAt = revokedAt,
        CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    private static ProductFields Complete(int stars = 4, IssuingLevel level = IssuingLevel.Province, string issued = "2025-06-15") => new()
    {
        Name = "Chè Shan Tuyết", Description = "Chè cổ thụ.", Group = ProductGroup.Beverages, Stars = stars,
        Certificate = new CertificateFields("1234/QĐ-UBND", DateOnly.Parse(issued), level),
        PriceVnd = 350_000, Unit = "hộp", NetQuantity = "200 g", ShelfLifeDays = 540,
    };

    [Fact]
    public void A_complete_listing_with_a_valid_certificate_may_be_published() =>
        Assert.Empty(ProductRules.PublishProblems(Listing(Complete()), Today));

    [Fact]
    public void Every_missing_field_is_named_at_once()
    {
        var problems = ProductRules.PublishProblems(Listing(new ProductFields { Name = "Chè", Group = ProductGroup.Food }), Today);
        Assert.Equal(["certificate", "description", "netQuantity", "priceVnd", "shelfLifeDays", "stars", "unit"], problems.Keys.Order());
    }

    [Fact]
    public void An_expired_certificate_blocks_publishing()
    {
        var problems = ProductRules.PublishProblems(Listing(Complete(issued: "2023-11-21")), Today); // valid until 2026-11-21
        Assert.Contains("hết hạn", Assert.Single(problems["certificate"]));
    }

    [Fact]
    public void A_certificate_on_its_last_day_still_allows_publishing() =>
        Assert.Empty(ProductRules.PublishProblems(Listing(Complete(issued: "2023-11-22")), Today));

    [Fact]
    public void A_revoked_certificate_blocks_publishing() =>
        Assert.Contains("thu hồi", Assert.Single(ProductRules.PublishProblems(Listing(Complete(), DateTimeOffset.UnixEpoch), Today)["certificate"]));

    [Fact]
    public void The_issuing_level_must_match_the_rating() =>
        Assert.True(ProductRules.PublishProblems(Listing(Complete(stars: 5, level: IssuingLevel.Province)), Today).ContainsKey("certificate.issuingLevel"));

    [Fact]
    public void Handicrafts_need_no_shelf_life() =>
        Assert.Empty(ProductRules.PublishProblems(Listing(Complete() with { Group = ProductGroup.Souvenirs, ShelfLifeDays = null }), Today));

    [Theory]
    [InlineData(2, "stars")]
    [InlineData(6, "stars")]
    public void Stars_outside_three_to_five_are_invalid(int stars, string field)
    {
        var errors = new FieldErrors();
        Assert.Null(ProductRules.Validate(Complete() with { Stars = stars }, Today, errors));
        Assert.True(errors.ToDictionary().ContainsKey(field));
    }

    [Fact]
    public void Decomposed_Vietnamese_is_accepted_and_kept_as_NFC()
    {
        var errors = new FieldErrors();
        var nfd = "Mật ong".Normalize(System.Text.NormalizationForm.FormD);
        var fields = ProductRules.Validate(Complete() with { Name = nfd }, Today, errors);
        Assert.False(errors.Any);
        Assert.Equal("Mật ong".Normalize(System.Text.NormalizationForm.FormC), fields!.Name);
    }

    [Fact]
    public void Lengths_count_letters_not_code_units()
    {
        // 200 precomposed Vietnamese letters fit; a 201st does not.
        var errors = new FieldErrors();
        Assert.NotNull(ProductRules.Validate(Complete() with { Name = new string('ệ', 200) }, Today, errors));
        Assert.Null(ProductRules.Validate(Complete() with { Name = new string('ệ', 201) }, Today, errors));
    }

    [Fact]
    public void A_certificate_dated_in_the_future_is_refused()
    {
        var errors = new FieldErrors();
        Assert.Null(ProductRules.Validate(Complete(issued: "2026-11-23"), Today, errors));
        Assert.True(errors.ToDictionary().ContainsKey("certificate.issueDate"));
    }
}

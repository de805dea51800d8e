using Microsoft.Extensions.Configuration;
using OcopTrade.Functions.Products;
using OcopTrade.Functions.SalesPoints;

namespace OcopTrade.Tests.Unit;

public class SalesPointSaleRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    private static Product Listing(ProductStatus status, string issued = "2025-06-15", DateTimeOffset? revokedAt = null) => new()
    {
        Id = "abcdefghjkmn", ProducerId = "producer0001", Province = "Lai Châu", Slug = "x-abcdefghjkmn", Status = status,
        Fields = new ProductFields
        {
            Name = "Chè Shan Tuyết", PriceVnd = 350_000,
            Certificate = new CertificateFields("1234/QĐ-UBND", DateOnly.Parse(issued), IssuingLevel.Province),
        },
        RevokedAt = revokedAt, CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    [Theory]
    [InlineData(5, 0, 5, true)]
    [InlineData(5, 0, 6, false)]
    [InlineData(5, 3, 2, true)]
    [InlineData(5, 3, 3, false)]
    [InlineData(5, 0, 100_000, false)]
    public void A_sale_takes_no_more_than_the_lot_has_left(long lot, long sold, long quantity, bool allowed) =>
        Assert.Equal(allowed, new LotTally(lot, sold).Allows(quantity));

    [Fact]
    public void Selling_moves_the_tally_and_what_is_left_never_goes_below_zero()
    {
        Assert.Equal(2, new LotTally(5, 0).After(3).Remaining);
        Assert.Equal(0, new LotTally(5, 9).Remaining);
    }

    [Theory]
    [InlineData(350_000L, false)]
    [InlineData(175_000L, false)] // exactly half
    [InlineData(700_000L, false)] // exactly double
    [InlineData(174_999L, true)]
    [InlineData(700_001L, true)]
    [InlineData(10_000_000_000L, true)]
    public void A_price_outside_half_to_double_the_listings_is_held(long unitPrice, bool held) =>
        Assert.Equal(held, new PriceBand().HoldReason(unitPrice, 350_000) is not null);

    [Fact]
    public void A_listing_without_a_price_holds_every_sale() =>
        Assert.NotNull(new PriceBand().HoldReason(350_000, null));

    [Fact]
    public void The_band_comes_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SalesPoints:PriceBand:LowPercent"] = "80", ["SalesPoints:PriceBand:HighPercent"] = "150",
        }).Build();
        var band = PriceBand.From(configuration);
        Assert.Equal(new PriceBand(80, 150), band);
        Assert.NotNull(band.HoldReason(600_000, 350_000));
    }

    [Fact]
    public void Only_a_published_listing_with_a_certificate_in_force_is_on_sale()
    {
        Assert.Null(SaleRules.Refusal(Listing(ProductStatus.Published), Today));
        Assert.Contains("not published", SaleRules.Refusal(Listing(ProductStatus.Draft), Today));
        Assert.Contains("suspended", SaleRules.Refusal(Listing(ProductStatus.Suspended), Today));
        Assert.Contains("revoked", SaleRules.Refusal(Listing(ProductStatus.Published, revokedAt: DateTimeOffset.UnixEpoch), Today));
        Assert.Contains("expired", SaleRules.Refusal(Listing(ProductStatus.Published, issued: "2023-11-21"), Today));
    }
}

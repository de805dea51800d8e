using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Products;
using OcopTrade.Functions.Syndication;

namespace OcopTrade.Tests.Syndication;

/// <summary>The category and price a listing carries on each channel (override, then the admin's mapping or the
/// product's price, else none), what readiness and the mapper make of them, and which overrides are accepted:
/// pure rules, no I/O.</summary>
public class ListingTermsTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static Product Tea(long price = 350_000) => new()
    {
        Id = "abcdefghjkmn", ProducerId = "producer0001", Province = "Lai Châu", Slug = "che",
        Status = ProductStatus.Published, CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch,
        Fields = new ProductFields
        {
            Name = "Chè Shan Tuyết Tả Phìn", Description = "Chè shan tuyết cổ thụ hái tay ở độ cao 1.500 m.",
            Group = ProductGroup.Beverages, Stars = 4, PriceVnd = price, Gtin = "8934567890120",
            Certificate = new CertificateFields("1234/QĐ-UBND", new DateOnly(2025, 6, 15), IssuingLevel.Province),
        },
    };

    private static readonly CategoryMapping Drinks = new(ProductGroup.Beverages, "VS-2002", "Trà và đồ uống");

    private static IReadOnlyList<string> Unmet(Channel channel, Product product, ListingTerms terms) =>
        channel.Requirements.Check(product, channel, [], Today, photosRequired: false, terms)
            .Unmet.Select(c => c.Requirement).ToList();

    [Fact]
    public void An_override_wins_over_the_admins_mapping_and_the_products_price()
    {
        var mapped = ListingTerms.Of(Tea(), Channels.Voso, Drinks, null);
        Assert.Equal(("VS-2002", "Trà và đồ uống", TermSource.Mapping), (mapped.CategoryId, mapped.CategoryName,
            mapped.CategorySource));
        Assert.Equal((350_000L, TermSource.Product), (mapped.PriceVnd!.Value, mapped.PriceSource));

        var own = ListingTerms.Of(Tea(), Channels.Voso, Drinks, new ChannelOverrides("VS-9999", 299_000));
        Assert.Equal(("VS-9999", TermSource.Override), (own.CategoryId, own.CategorySource));
        Assert.Equal((299_000L, TermSource.Override), (own.PriceVnd!.Value, own.PriceSource));
    }

    [Fact]
    public void Without_a_mapping_for_the_products_group_there_is_no_category()
    {
        var none = ListingTerms.Of(Tea(), Channels.Voso, null, ChannelOverrides.None);
        Assert.Null(none.CategoryId);
        Assert.Equal(TermSource.None, none.CategorySource);
        var otherGroup = new CategoryMapping(ProductGroup.Food, "VS-1001", "Thực phẩm");
        Assert.Null(ListingTerms.Of(Tea(), Channels.Voso, otherGroup, null).CategoryId);
        Assert.Null(ListingTerms.Of(Tea(), Channels.Voso, Drinks with { CategoryId = "" }, null).CategoryId);
    }

    [Fact]
    public void A_category_override_clears_category_not_mapped_and_the_mapper_lists_under_it()
    {
        var unmapped = ListingTerms.Of(Tea(), Channels.Shopee, null, null);
        Assert.Equal(["category"], Unmet(Channels.Shopee, Tea(), unmapped));
        Assert.Null(ListingMapper.Map(Tea(), Channels.Shopee, [], 1, Today, unmapped).Listing);

        var chosen = ListingTerms.Of(Tea(), Channels.Shopee, null, new ChannelOverrides("100999", null));
        Assert.Empty(Unmet(Channels.Shopee, Tea(), chosen));
        var listing = ListingMapper.Map(Tea(), Channels.Shopee, [], 1, Today, chosen).Listing!;
        Assert.Equal("100999", listing.CategoryId);
    }

    [Fact]
    public void The_price_bounds_apply_to_the_price_the_channel_is_offered_at()
    {
        // 200 million đồng is over Shopee's bound but under voso's; an override brings it within Shopee's.
        var dear = Tea(price: 200_000_000);
        Assert.Equal(["price"], Unmet(Channels.Shopee, dear, ListingTerms.BuiltIn(dear, Channels.Shopee)));
        var cheaper = ListingTerms.Of(dear, Channels.Shopee, ListingTerms.BuiltInMapping(ProductGroup.Beverages,
            Channels.Shopee), new ChannelOverrides(null, 99_000_000));
        Assert.Empty(Unmet(Channels.Shopee, dear, cheaper));
        Assert.Equal(99_000_000, ListingMapper.Map(dear, Channels.Shopee, [], 1, Today, cheaper).Listing!.PriceVnd);

        // And an override under a channel's minimum is not ready there, though the product's own price is.
        var tooCheap = ListingTerms.Of(Tea(), Channels.Voso, Drinks, new ChannelOverrides(null, 500));
        Assert.Equal(["price"], Unmet(Channels.Voso, Tea(), tooCheap));
    }

    [Fact]
    public void Standard_terms_keep_a_listings_version_and_any_change_of_terms_moves_it()
    {
        var product = Tea();
        var before = ListingMapper.Version(product, []);
        Assert.Equal(before, ListingMapper.Version(product, [], ListingTerms.BuiltIn(product, Channels.Voso)));
        var mapped = ListingMapper.Version(product, [], ListingTerms.Of(product, Channels.Voso, Drinks, null));
        var priced = ListingMapper.Version(product, [],
            ListingTerms.Of(product, Channels.Voso, Drinks, new ChannelOverrides(null, 300_000)));
        Assert.Equal(3, new[] { before, mapped, priced }.Distinct().Count());
        // An override equal to the standard terms is no change at all.
        var same = ListingTerms.Of(product, Channels.Voso, ListingTerms.BuiltInMapping(ProductGroup.Beverages,
            Channels.Voso), new ChannelOverrides("VS-1002", 350_000));
        Assert.Equal(before, ListingMapper.Version(product, [], same));
    }

    [Theory]
    [InlineData("{\"categoryId\":\"<b>x</b>\"}", "categoryId")]
    [InlineData("{\"categoryId\":\"VS 1002\"}", "categoryId")]
    [InlineData("{\"priceVnd\":0}", "priceVnd")]
    [InlineData("{\"priceVnd\":-5}", "priceVnd")]
    [InlineData("{\"priceVnd\":10000000001}", "priceVnd")]
    public void Overrides_outside_the_rules_are_refused_by_field(string json, string field)
    {
        var body = System.Text.Json.JsonSerializer.Deserialize<ChannelSettingsBody>(json,
            OcopTrade.Functions.Platform.Json.Options)!;
        var errors = new FieldErrors();
        Assert.Null(ChannelTermRules.Overrides(Channels.Voso, body, errors));
        Assert.Equal([field], errors.ToDictionary().Keys);
    }

    [Fact]
    public void An_empty_override_is_no_override()
    {
        var errors = new FieldErrors();
        var cleared = ChannelTermRules.Overrides(Channels.Postmart, new ChannelSettingsBody("  ", null), errors)!;
        Assert.True(cleared.IsEmpty);
        Assert.Equal(new ChannelOverrides("PM-TRA", 1),
            ChannelTermRules.Overrides(Channels.Postmart, new("PM-TRA", 1), errors));
        Assert.False(errors.Any);
    }

    [Fact]
    public void A_mapping_needs_both_a_category_id_and_its_name()
    {
        var errors = new FieldErrors();
        Assert.Null(ChannelTermRules.Mapping(Channels.Voso, ProductGroup.Food, new CategoryMappingBody("", null),
            errors));
        Assert.Equal(["categoryId", "categoryName"], errors.ToDictionary().Keys.Order());
        Assert.Equal(new CategoryMapping(ProductGroup.Food, "100780", "Thực phẩm khô"), ChannelTermRules.Mapping(
            Channels.Shopee, ProductGroup.Food, new("100780", "Thực phẩm khô"), new FieldErrors()));
    }

    [Fact]
    public void Shopee_takes_only_numeric_category_ids()
    {
        var errors = new FieldErrors();
        Assert.Null(ChannelTermRules.Overrides(Channels.Shopee, new ChannelSettingsBody("PM-TRA", null), errors));
        Assert.Equal(["categoryId"], errors.ToDictionary().Keys);
        Assert.NotNull(ChannelTermRules.Overrides(Channels.Voso, new ChannelSettingsBody("PM-TRA", null),
            new FieldErrors()));
    }

    [Fact]
    public void A_group_in_a_route_is_its_api_name_and_nothing_else()
    {
        Assert.Equal(ProductGroup.Herbal, GroupNames.Parse("herbal"));
        Assert.Null(GroupNames.Parse("Herbal"));
        Assert.Null(GroupNames.Parse("2"));
        Assert.Null(GroupNames.Parse("spices"));
    }
}

using OcopTrade.Functions.Images;
using OcopTrade.Functions.Products;
using OcopTrade.Functions.Syndication;

namespace OcopTrade.Tests.Syndication;

/// <summary>What each marketplace requires before a listing is sent: pure rules, no I/O.</summary>
public class ChannelRequirementsTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static Product Tea(Func<ProductFields, ProductFields>? change = null)
    {
        var fields = new ProductFields
        {
            Name = "Chè Shan Tuyết Tả Phìn", Description = "Chè shan tuyết cổ thụ hái tay ở độ cao 1.500 m.",
            Group = ProductGroup.Beverages, Stars = 4, PriceVnd = 350_000, Gtin = "8934567890120",
            Certificate = new CertificateFields("1234/QĐ-UBND", new DateOnly(2025, 6, 15), IssuingLevel.Province),
        };
        return new Product
        {
            Id = "abcdefghjkmn", ProducerId = "producer0001", Province = "Lai Châu", Slug = "che",
            Status = ProductStatus.Published, CreatedAt = DateTimeOffset.UnixEpoch,
            UpdatedAt = DateTimeOffset.UnixEpoch,
            Fields = change is null ? fields : change(fields),
        };
    }

    private static ProductImage Photo(int width, int height, ImageStatus status = ImageStatus.Ready) =>
        new($"img{width}x{height}", "abcdefghjkmn", status, "image/jpeg", 1, width, height, null,
            DateTimeOffset.UnixEpoch,
            [new Rendition("square1000.jpg", "jpeg", 1000, 1000, 1,
                $"http://h/product-renditions/p/{width}x{height}.jpg")]);

    private static IReadOnlyList<string> Unmet(Channel channel, Product product, params ProductImage[] photos) =>
        channel.Requirements.Check(product, channel, photos, Today).Unmet.Select(c => c.Requirement).ToList();

    [Fact]
    public void A_complete_product_with_a_good_photo_is_ready_on_every_channel()
    {
        foreach (var channel in Channels.All)
        {
            var readiness = channel.Requirements.Check(Tea(), channel, [Photo(1200, 900)], Today);
            Assert.True(readiness.Ready, $"{channel.Name}: {string.Join("; ", readiness.Unmet.Select(u => u.Detail))}");
            Assert.Equal(["published", "photos", "photoSize", "title", "description", "category", "price", "gtin"],
                readiness.Checks.Select(c => c.Requirement));
        }
    }

    [Fact]
    public void A_product_without_a_processed_photo_is_not_ready_unless_photos_are_waived()
    {
        Assert.Equal(["photos"], Unmet(Channels.Voso, Tea()));
        Assert.Equal(["photos"], Unmet(Channels.Voso, Tea(), Photo(1200, 900, ImageStatus.Pending)));
        Assert.True(Channels.Voso.Requirements.Check(Tea(), Channels.Voso, [], Today, photosRequired: false).Ready);
    }

    [Fact]
    public void A_small_or_strip_shaped_photo_is_named_by_its_position()
    {
        var check = Channels.Shopee.Requirements.Check(Tea(), Channels.Shopee,
            [Photo(1200, 900), Photo(400, 400), Photo(3000, 1000)], Today).Checks.Single(c =>
                c.Requirement == "photoSize");
        Assert.False(check.Met);
        Assert.Contains("ảnh số 2, 3", check.Detail);
        // postmart takes smaller photos than shopee.
        Assert.Empty(Unmet(Channels.Postmart, Tea(), Photo(450, 450)));
        Assert.Equal(["photoSize"], Unmet(Channels.Shopee, Tea(), Photo(450, 450)));
    }

    [Fact]
    public void Description_and_title_minimums_differ_per_channel_and_count_the_producers_own_words()
    {
        // 16 characters of the producer's own, once tags are gone: enough for postmart (10), not voso or shopee (20).
        var short_ = Tea(f => f with { Description = "<p>Chè ngon lắm nhé</p>", Name = "Chè Tả Phìn" });
        Assert.Empty(Unmet(Channels.Postmart, short_, Photo(1000, 1000)));
        Assert.Equal(["description"], Unmet(Channels.Voso, short_, Photo(1000, 1000)));
        var tiny = Tea(f => f with { Name = "Chè ngon" }); // 8 characters: shopee asks for 10
        Assert.Equal(["title"], Unmet(Channels.Shopee, tiny, Photo(1000, 1000)));
        Assert.Empty(Unmet(Channels.Voso, tiny, Photo(1000, 1000)));
    }

    [Fact]
    public void Price_bounds_category_and_gtin_are_each_channels_own()
    {
        var dear = Tea(f => f with { PriceVnd = 200_000_000 });
        Assert.Equal(["price"], Unmet(Channels.Shopee, dear, Photo(1000, 1000)));
        Assert.Empty(Unmet(Channels.Voso, dear, Photo(1000, 1000)));
        Assert.Equal(["price"], Unmet(Channels.Voso, Tea(f => f with { PriceVnd = 500 }), Photo(1000, 1000)));

        Assert.Equal(["category"], Unmet(Channels.Postmart, Tea(f => f with { Group = null }), Photo(1000, 1000)));

        // Packaged drinks need a GTIN on Shopee only; a textile does not.
        Assert.Equal(["gtin"], Unmet(Channels.Shopee, Tea(f => f with { Gtin = null }), Photo(1000, 1000)));
        Assert.Empty(Unmet(Channels.Voso, Tea(f => f with { Gtin = null }), Photo(1000, 1000)));
        Assert.Empty(Unmet(Channels.Shopee, Tea(f => f with { Gtin = null, Group = ProductGroup.Textiles }), Photo(1000,
            1000)));
    }

    [Fact]
    public void A_draft_or_a_product_without_a_valid_certificate_is_not_ready()
    {
        Assert.Contains("published", Unmet(Channels.Voso, Tea() with { Status = ProductStatus.Draft }, Photo(1000,
            1000)));
        Assert.Contains("published", Unmet(Channels.Voso, Tea(f => f with { Certificate = null }), Photo(1000, 1000)));
    }
}

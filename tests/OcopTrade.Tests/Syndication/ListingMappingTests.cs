using OcopTrade.Functions.Images;
using OcopTrade.Functions.Products;
using OcopTrade.Functions.Syndication;

namespace OcopTrade.Tests.Syndication;

/// <summary>How a product becomes a marketplace listing: pure rules, no I/O.</summary>
public class ListingMappingTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static Product Tea(Action<ProductFields>? _ = null, string description = "Chè shan tuyết cổ thụ hái tay ở độ cao 1.500 m.", string? name = null) => new()
    {
        Id = "abcdefghjkmn", ProducerId = "producer0001", Province = "Lai Châu", Slug = "che", Status = ProductStatus.Published,
        CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = new DateTimeOffset(2026, 11, 20, 3, 0, 0, TimeSpan.Zero),
        Fields = new ProductFields
        {
            Name = name ?? "Chè Shan Tuyết Tả Phìn", Description = description, Group = ProductGroup.Beverages, Stars = 4,
            Certificate = new CertificateFields("1234/QĐ-UBND", new DateOnly(2025, 6, 15), IssuingLevel.Province),
            PriceVnd = 350_000, Unit = "hộp", NetQuantity = "200 g", RawMaterialArea = "Xã Tả Phìn", Standards = [QualityStandard.VietGap],
        },
    };

    [Fact]
    public void The_sku_is_the_same_for_every_attempt_and_channel()
    {
        var (voso, _) = ListingMapper.Map(Tea(), Channels.Voso, [], 100, Today);
        var (again, _) = ListingMapper.Map(Tea(), Channels.Voso, [], 100, Today);
        var (shopee, _) = ListingMapper.Map(Tea(), Channels.Shopee, [], 100, Today);
        Assert.Equal("OCOP-ABCDEFGHJKMN", voso!.Sku);
        Assert.Equal(voso.Sku, again!.Sku);
        Assert.Equal(voso.Sku, shopee!.Sku);
    }

    [Fact]
    public void Each_channel_gets_its_own_category_for_the_product_group()
    {
        Assert.Equal("VS-1002", ListingMapper.Map(Tea(), Channels.Voso, [], 1, Today).Listing!.CategoryId);
        Assert.Equal("PM-DOUONG", ListingMapper.Map(Tea(), Channels.Postmart, [], 1, Today).Listing!.CategoryId);
        Assert.Equal("100781", ListingMapper.Map(Tea(), Channels.Shopee, [], 1, Today).Listing!.CategoryId);
    }

    [Fact]
    public void The_description_is_plain_text_and_carries_the_ocop_facts()
    {
        var product = Tea(description: "<p>Chè <b>ngon</b> &amp; thơm</p><script>alert(1)</script>\u0007");
        var listing = ListingMapper.Map(product, Channels.Voso, [], 1, Today).Listing!;
        Assert.DoesNotContain("<", listing.Description);
        Assert.False(listing.Description.Contains('\u0007'), "control characters are dropped");
        Assert.DoesNotContain("alert", listing.Description);
        Assert.StartsWith("Chè ngon & thơm", listing.Description);
        Assert.Contains("Sản phẩm OCOP 4 sao", listing.Description);
        Assert.Contains("1234/QĐ-UBND", listing.Description);
        Assert.Contains("hiệu lực đến 15/06/2028", listing.Description);
        Assert.Contains("Xuất xứ: Lai Châu", listing.Description);
        Assert.Equal("4", listing.Attributes["ocopStars"]);
        Assert.Equal("Lai Châu", listing.Attributes["origin"]);
    }

    [Fact]
    public void Titles_are_cut_at_a_word_to_the_channel_limit()
    {
        var longName = string.Join(' ', Enumerable.Repeat("Chè shan tuyết cổ thụ", 12));
        var listing = ListingMapper.Map(Tea(name: longName), Channels.Voso, [], 1, Today).Listing!;
        Assert.True(new System.Globalization.StringInfo(listing.Title).LengthInTextElements <= Channels.Voso.TitleMax);
        Assert.EndsWith("…", listing.Title);
        Assert.DoesNotContain("  ", listing.Title);
        Assert.StartsWith(listing.Title[..^1].TrimEnd(), longName);
    }

    [Theory]
    [InlineData("200 g", 200)]
    [InlineData("1,5 kg", 1500)]
    [InlineData("500 ml", 500)]
    [InlineData("1 lít", 1000)]
    [InlineData("hộp 12 gói", 500)]
    [InlineData(null, 500)]
    public void Weight_comes_from_the_net_quantity(string? net, int grams) => Assert.Equal(grams, ListingMapper.WeightGrams(net));

    [Fact]
    public void Only_ready_square_renditions_are_offered_up_to_the_channel_limit()
    {
        ProductImage Image(int i, ImageStatus status) => new($"img{i:D9}", "abcdefghjkmn", status, "image/jpeg", 1, 10, 10, null, DateTimeOffset.UnixEpoch,
            [new Rendition("w320.jpg", "jpeg", 320, 240, 1, $"http://h/product-renditions/abcdefghjkmn/img{i}/a-w320.jpg"),
             new Rendition("square1000.jpg", "jpeg", 1000, 1000, 1, $"http://h/product-renditions/abcdefghjkmn/img{i}/a-square1000.jpg")]);
        var images = Enumerable.Range(0, 12).Select(i => Image(i, i == 0 ? ImageStatus.Pending : ImageStatus.Ready)).ToList();
        var listing = ListingMapper.Map(Tea(), Channels.Postmart, images, 1, Today).Listing!;
        Assert.Equal(Channels.Postmart.MaxImages, listing.Images.Count);
        Assert.All(listing.Images, i => Assert.EndsWith("square1000.jpg", i.Url));
        Assert.Equal("abcdefghjkmn/img1/a-square1000.jpg", listing.Images[0].BlobName);
    }

    [Fact]
    public void A_product_without_price_or_group_is_not_mapped_and_says_why()
    {
        var product = Tea() with { Fields = Tea().Fields with { PriceVnd = null, Group = null } };
        var (listing, problems) = ListingMapper.Map(product, Channels.Voso, [], 1, Today);
        Assert.Null(listing);
        Assert.Contains(problems, p => p.Contains("giá bán"));
        Assert.Contains(problems, p => p.Contains("danh mục"));
    }

    [Fact]
    public void Stock_is_the_producers_own_count_and_the_setting_only_when_they_gave_none()
    {
        var soldOut = Tea() with { Fields = Tea().Fields with { Stock = 0 } };
        Assert.Equal(0, ListingMapper.Map(soldOut, Channels.Voso, [], 100, Today).Listing!.Stock);
        Assert.Equal(100, ListingMapper.Map(Tea(), Channels.Voso, [], 100, Today).Listing!.Stock);
    }

    [Fact]
    public void The_listing_version_moves_with_the_photos_a_marketplace_shows_and_only_with_them()
    {
        ProductImage Image(string id, ImageStatus status, bool primary = false, string hash = "a") =>
            new(id, "abcdefghjkmn", status, "image/jpeg", 1, 10, 10, null, DateTimeOffset.UnixEpoch,
                [new Rendition("square1000.jpg", "jpeg", 1000, 1000, 1, $"http://h/product-renditions/abcdefghjkmn/{id}/{hash}-square1000.jpg")])
            { Primary = primary };
        var none = ListingMapper.Version(Tea(), []);
        Assert.Equal(none, ListingMapper.Version(Tea(), [Image("one", ImageStatus.Pending)])); // not shown yet
        var one = ListingMapper.Version(Tea(), [Image("one", ImageStatus.Ready)]);
        Assert.NotEqual(none, one);
        var two = ListingMapper.Version(Tea(), [Image("one", ImageStatus.Ready, primary: true), Image("two", ImageStatus.Ready)]);
        var newCover = ListingMapper.Version(Tea(), [Image("one", ImageStatus.Ready), Image("two", ImageStatus.Ready, primary: true)]);
        Assert.NotEqual(two, newCover);
        Assert.NotEqual(one, ListingMapper.Version(Tea(), [Image("one", ImageStatus.Ready, hash: "b")])); // re-rendered: new URLs
        Assert.NotEqual(one, ListingMapper.Version(Tea() with { UpdatedAt = Tea().UpdatedAt.AddSeconds(1) }, [Image("one", ImageStatus.Ready)]));
    }

    [Fact]
    public void Shopee_sign_is_hmac_sha256_over_partner_path_timestamp_token_shop()
    {
        // Expected value computed independently: printf '%s' "2001887/api/v2/product/add_item1655714431token-abc123456" | openssl dgst -sha256 -hmac "partner-secret"
        Assert.Equal("9d7bcbd40f14ec81998e414c1a571fc2d54b4c33bdca1bb2421ab659601478c6",
            ShopeeSigner.Sign("partner-secret", "2001887", "/api/v2/product/add_item", 1655714431, "token-abc", "123456"));
    }

    [Fact]
    public void Refusals_read_in_vietnamese_and_keep_the_marketplace_code()
    {
        var text = ReasonTexts.Explain(Channels.Voso, new MarketplaceReason("PROHIBITED_CLAIM", "description", "Medical claims are not allowed."));
        Assert.Contains("chữa bệnh", text);
        Assert.Contains("(mã voso: PROHIBITED_CLAIM)", text);
        var unknown = ReasonTexts.Explain(Channels.Shopee, new MarketplaceReason("product.error_new", "brand", "Brand missing."));
        Assert.Contains("Shopee từ chối sản phẩm ở trường brand: Brand missing.", unknown);
        Assert.Contains("product.error_new", unknown);
    }

    [Fact]
    public void Credentials_never_show_their_secret()
    {
        var credential = new MarketplaceCredential("seller-1", "very-secret-token");
        Assert.DoesNotContain("very-secret-token", credential.ToString());
        Assert.DoesNotContain("very-secret-token", $"{credential}");
    }
}

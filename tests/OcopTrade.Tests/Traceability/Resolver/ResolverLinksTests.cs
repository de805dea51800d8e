using OcopTrade.Functions.Products;
using OcopTrade.Functions.Traceability.Resolver;

namespace OcopTrade.Tests.Traceability.Resolver;

public class ResolverLinksTests
{
    private const string Base = "https://ocop.example.vn";

    private static readonly Product Tea = new()
    {
        Id = "p1", ProducerId = "pr1", Province = "Lai Châu", Slug = "che-p1", Status = ProductStatus.Published,
        Fields = new ProductFields { Name = "Chè", Stars = 4, Gtin = "8934567890120" },
        CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void A_product_defaults_to_its_page_and_links_its_certificate()
    {
        var set = ResolverLinks.For(Base, new DigitalLinkPath("08934567890120", null, null), Tea, null);
        Assert.Equal($"{Base}/01/08934567890120", set.Anchor);
        Assert.Equal($"{Base}/p/che-p1", set.Default?.Href);
        Assert.Equal(["pip", "certificationInfo"], set.Links.Select(l => l.LinkType));
    }

    [Fact]
    public void A_verified_lot_defaults_to_its_trace_page_and_carries_its_products_links()
    {
        var set = ResolverLinks.For(Base, new DigitalLinkPath("08934567890120", "A/B", "S1"), Tea, "7K3M9Q2XA1B");
        Assert.Equal($"{Base}/01/08934567890120/10/A%2FB/21/S1", set.Anchor);
        Assert.Equal($"{Base}/t/7K3M9Q2XA1B", set.Default?.Href);
        Assert.Equal(["pip", "certificationInfo", "traceability", "recallStatus"], set.Links.Select(l => l.LinkType));
        Assert.Equal($"{Base}/api/recall-status?gtin=08934567890120&lot=A%2FB", set.Find("gs1:recallStatus")?.Href);
    }

    [Fact]
    public void A_lot_without_a_verified_code_never_offers_a_trace_page()
    {
        var set = ResolverLinks.For(Base, new DigitalLinkPath("08934567890120", "L1", null), Tea, null);
        Assert.Null(set.Find("gs1:traceability"));
        Assert.Null(set.Default);
        Assert.Equal("pip", set.Find("gs1:pip")?.LinkType);
        Assert.DoesNotContain(set.Links, l => l.Title.Contains("xác minh"));
    }

    [Theory]
    [InlineData("gs1:pip", "pip")]
    [InlineData("https://gs1.org/voc/pip", "pip")]
    [InlineData("https://ref.gs1.org/voc/certificationInfo", "certificationInfo")]
    [InlineData("gs1:defaultLink", "pip")]
    [InlineData("gs1:epil", null)]
    [InlineData("pip", null)]
    public void A_link_type_is_found_by_CURIE_or_full_URI(string asked, string? found)
    {
        var set = ResolverLinks.For(Base, new DigitalLinkPath("08934567890120", null, null), Tea, null);
        Assert.Equal(found, set.Find(asked)?.LinkType);
    }
}

using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Catalogue;

/// <summary>The buyers' catalogue over the fixture's products: each filter narrows, filters combine, pages follow
/// on, and only published products with a certificate in force are ever shown, to anyone, without a key.</summary>
public sealed class CatalogueSearchTests(CatalogueFixture catalogue) : IClassFixture<CatalogueFixture>
{
    private async Task<string[]> Found(string query) =>
        (await catalogue.SearchAsync(query)).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task Anyone_sees_every_published_certified_product_and_never_a_draft()
    {
        Assert.Equal(catalogue.Named("honey", "tea", "wine", "noodles"), await Found(""));
    }

    [Theory]
    [InlineData("group=food", new[] { "honey", "noodles" })]
    [InlineData("group=beverages", new[] { "tea", "wine" })]
    [InlineData("group=textiles", new string[0])]
    [InlineData("stars=4", new[] { "honey", "noodles" })]
    [InlineData("stars=5", new[] { "tea" })]
    [InlineData("province=L%E1%BA%A1ng%20S%C6%A1n", new[] { "wine", "noodles" })]
    [InlineData("province=t%E1%BB%89nh%20lai%20ch%C3%A2u", new[] { "honey", "tea" })]
    [InlineData("province=S%C6%A1n%20La", new string[0])]
    [InlineData("standard=vietGap", new[] { "honey", "noodles" })]
    [InlineData("standard=organic", new[] { "tea", "noodles" })]
    [InlineData("minMonthlyCapacity=2000", new[] { "honey", "noodles" })]
    [InlineData("minMonthlyCapacity=2001", new[] { "noodles" })]
    public async Task Each_filter_narrows_the_catalogue_to_the_products_that_meet_it(string query, string[] expected)
    {
        Assert.Equal(catalogue.Named(expected), await Found(query));
    }

    [Fact]
    public async Task Filters_combine_so_every_one_must_hold()
    {
        Assert.Equal(catalogue.Named("noodles"), await Found("group=food&standard=organic&stars=4"));
        Assert.Equal(catalogue.Named("honey"),
            await Found("group=food&province=" + Uri.EscapeDataString("Lai Châu") + "&minMonthlyCapacity=100"));
        Assert.Empty(await Found("group=beverages&standard=vietGap"));
    }

    [Theory]
    [InlineData("Mật ong")]
    [InlineData("mat ong")]
    [InlineData("MAT ONG DONG VAN")]
    [InlineData("đồng văn")]
    public async Task A_Vietnamese_search_ignores_accents_and_case(string q)
    {
        Assert.Equal(catalogue.Named("honey"), await Found("q=" + Uri.EscapeDataString(q)));
    }

    [Fact]
    public async Task A_search_typed_on_a_decomposing_keyboard_finds_the_same_products()
    {
        var nfd = "Miến dong".Normalize(NormalizationForm.FormD);
        Assert.Equal(catalogue.Named("noodles"), await Found("q=" + Uri.EscapeDataString(nfd)));
        Assert.Equal(catalogue.Named("honey", "tea"), await Found("q=" + Uri.EscapeDataString("Tam Đường lai châu")));
    }

    [Fact]
    public async Task Pages_follow_on_from_their_token_without_repeating_or_losing_a_product()
    {
        var first = await (await catalogue.App.Client(null).GetAsync("/api/catalogue?pageSize=3"))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(3, first["items"]!.AsArray().Count);
        Assert.NotNull(first["continuationToken"]);

        var paged = await catalogue.SearchAsync("pageSize=1");
        Assert.Equal(4, paged.Count);
        Assert.Equal(catalogue.Named("honey", "tea", "wine", "noodles"), paged.Order(StringComparer.Ordinal));
        var searched = await catalogue.SearchAsync("pageSize=1&q=" + Uri.EscapeDataString("hợp tác xã"));
        Assert.Equal(catalogue.Named("honey", "tea", "wine", "noodles"), searched.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_entry_shows_what_a_buyer_needs_and_links_to_the_public_page()
    {
        var page = await (await catalogue.App.Client(null).GetAsync("/api/catalogue?stars=5"))
            .ExpectAsync(HttpStatusCode.OK);
        var tea = page["items"]!.AsArray().Single()!;
        Assert.Equal("Chè Shan Tuyết Tả Phìn", tea["name"]!.GetValue<string>());
        Assert.Equal("beverages", tea["group"]!.GetValue<string>());
        Assert.Equal("Lai Châu", tea["province"]!.GetValue<string>());
        Assert.Equal("Hợp tác xã Chè Tam Đường", tea["producerName"]!.GetValue<string>());
        Assert.Equal(500, tea["monthlyCapacity"]!["quantity"]!.GetValue<int>());
        Assert.Equal("kg", tea["monthlyCapacity"]!["unit"]!.GetValue<string>());
        Assert.Equal(["organic"], tea["standards"]!.AsArray().Select(s => s!.GetValue<string>()));
        var url = tea["url"]!.GetValue<string>();
        Assert.StartsWith("/p/che-shan-tuyet-ta-phin-", url);
        Assert.Equal(HttpStatusCode.OK, (await catalogue.App.Client(null).GetAsync(url)).StatusCode);
        Assert.Null(tea["phone"]);
        Assert.Null(tea["taxCode"]);
    }

    [Theory]
    [InlineData("group", "fruit")]
    [InlineData("stars", "2")]
    [InlineData("stars", "abc")]
    [InlineData("standard", "iso9001")]
    [InlineData("minMonthlyCapacity", "0")]
    [InlineData("minMonthlyCapacity", "-5")]
    [InlineData("continuationToken", "Fruit 0123456789ab")]
    [InlineData("continuationToken", "Food ../../etc")]
    [InlineData("q", "m\u0007t")]
    public async Task A_hostile_query_value_is_a_400_problem_naming_it(string name, string value)
    {
        var response = await catalogue.App.Client(null)
            .GetAsync($"/api/catalogue?{name}={Uri.EscapeDataString(value)}");
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, name);
    }

    [Fact]
    public async Task A_search_too_long_to_be_a_product_name_is_refused()
    {
        var response = await catalogue.App.Client(null).GetAsync("/api/catalogue?q=" + new string('a', 101));
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "q");
    }

    [Fact]
    public async Task The_catalogue_page_lists_the_results_as_cards_linking_to_each_product()
    {
        var response = await catalogue.App.Client(null).GetAsync("/catalogue?group=food&q=mien");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Miến dong Bình Liêu", html);
        Assert.DoesNotContain("Mật ong bạc hà", html);
        Assert.Contains("<option value=\"food\" selected>", html);
        Assert.Contains("Cung ứng: 10.000 kg/tháng", html);
        Assert.Contains("form-action 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotContain("<script", html);
    }
}

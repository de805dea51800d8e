using System.Net;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Catalogue;

/// <summary>The catalogue follows its products in the same request: a listing taken down, suspended, revoked or
/// whose certificate expired is gone from it at once; an edit shows at once. Each test leaves the fixture's
/// catalogue as it found it.</summary>
public sealed class CatalogueUpkeepTests(CatalogueFixture catalogue) : IClassFixture<CatalogueFixture>
{
    private const string Province = "Sơn La";

    private async Task<string> ListedAsync(string issueDate = "2025-06-15")
    {
        var producer = await catalogue.Admin.CreateProducerAsync(Province);
        var id = await catalogue.PublishedAsync(producer, "Xoài tròn Yên Châu", "food", 4, ["vietGap"], (300, "kg"),
            issueDate);
        Assert.Equal([id], await InProvinceAsync());
        return id;
    }

    private Task<List<string>> InProvinceAsync() => catalogue.SearchAsync("province=" + Uri.EscapeDataString(Province));

    [Fact]
    public async Task An_unpublished_product_leaves_the_catalogue()
    {
        var id = await ListedAsync();
        await (await catalogue.Admin.PostAsync($"/api/products/{id}/unpublish", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(await InProvinceAsync());
    }

    [Fact]
    public async Task A_revoked_certificate_suspends_the_listing_and_takes_it_out_of_the_catalogue()
    {
        var id = await ListedAsync();
        await (await catalogue.Admin.PostAsync($"/api/products/{id}/certificate/revocation",
            Api.JsonBody("""{"reason":"Vi phạm chất lượng"}"""))).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(await InProvinceAsync());
    }

    [Fact]
    public async Task An_edit_shows_in_the_catalogue_at_once_even_when_it_moves_the_product_to_another_group()
    {
        var id = await ListedAsync();
        var read = await catalogue.Admin.GetAsync($"/api/products/{id}");
        var edit = Api.ProductEdit(e =>
        {
            e["name"] = "Hoa quả sấy Yên Châu";
            e["group"] = "souvenirs";
            e.Remove("shelfLifeDays");
            e.Remove("gtin");
            e["monthlyCapacity"] = new JsonObject { ["quantity"] = 800, ["unit"] = "hộp" };
        });
        await (await catalogue.Admin.PutAsync($"/api/products/{id}", edit, read.Etag()))
            .ExpectAsync(HttpStatusCode.OK);
        var stored = await (await catalogue.Admin.GetAsync($"/api/products/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(800, stored["monthlyCapacity"]!["quantity"]!.GetValue<int>());
        Assert.Equal("hộp", stored["monthlyCapacity"]!["unit"]!.GetValue<string>());

        Assert.Equal([id], await catalogue.SearchAsync("group=souvenirs&q=hoa%20qua%20say"));
        Assert.Empty(await catalogue.SearchAsync("group=food&province=" + Uri.EscapeDataString(Province)));
        Assert.Equal([id], await catalogue.SearchAsync("minMonthlyCapacity=800&province=" +
            Uri.EscapeDataString(Province)));
        await (await catalogue.Admin.PostAsync($"/api/products/{id}/unpublish", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(await InProvinceAsync());
    }

    [Fact]
    public async Task A_certificate_that_expires_hides_the_product_at_once_and_the_night_sweep_removes_its_entry()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));
        var id = await ListedAsync(today.AddMonths(-36).AddDays(2).ToString("yyyy-MM-dd"));
        try
        {
            catalogue.App.Clock.Offset = TimeSpan.FromDays(4);
            Assert.Empty(await InProvinceAsync());

            await catalogue.App.RunFunctionAsync("CertificateExpirySweep");
            await Eventually.HoldsAsync(
                async () => (await (await catalogue.Admin.GetAsync($"/api/products/{id}"))
                    .ExpectAsync(HttpStatusCode.OK))["status"]!.GetValue<string>(),
                status => status == "suspended", because: "the sweep suspends the lapsed listing");
        }
        finally { catalogue.App.Clock.Offset = TimeSpan.Zero; }
        // Back on the day the certificate was still in force: only a removed entry keeps the product out.
        Assert.Empty(await InProvinceAsync());
    }
}

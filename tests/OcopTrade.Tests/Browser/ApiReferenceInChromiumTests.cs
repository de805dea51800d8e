using Microsoft.Playwright;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Browser;

/// <summary>The API reference as an integrator opens it: it must work from the app alone (no CDN), so it opens on a
/// locked-down network and tells no third party who reads it.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class ApiReferenceInChromiumTests(SharedApp shared, Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task The_API_reference_opens_with_nothing_loaded_from_another_origin()
    {
        await using var phone = await PhonePage.OpenAsync(chromium);
        var page = phone.Page;

        var response = await page.GotoAsync(new Uri(shared.App.BaseAddress, "/api/docs/").ToString(), new() { WaitUntil = WaitUntilState.NetworkIdle });
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        // It rendered the document: the title and the operations from /api/openapi.json.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "OcopTrade API" }).First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("x-api-key").First).ToBeAttachedAsync();
        await phone.SettleAsync();

        var own = shared.App.BaseAddress.GetLeftPart(UriPartial.Authority);
        var elsewhere = phone.Requests.Where(url => !url.StartsWith("data:") && !url.StartsWith("blob:") && new Uri(url).GetLeftPart(UriPartial.Authority) != own).ToList();
        Assert.True(elsewhere.Count == 0, "The API reference loads from other origins: " + string.Join(", ", elsewhere.Distinct()));
    }
}

using Microsoft.Playwright;
using OcopTrade.Tests.Browser;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Portal;

/// <summary>The scanner's first way to read a label is the phone's camera; the app's Permissions-Policy forbids the
/// camera everywhere else, and must not forbid it there.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class ScannerCameraInChromiumTests(SharedApp shared, Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task The_scanner_may_use_the_camera_and_no_other_page_may()
    {
        var admin = shared.App.Client();
        var key = await admin.SalesPointKeyAsync(await admin.CreateSalesPointAsync());
        await using var context = await chromium.Browser.NewContextAsync(new()
        {
            BaseURL = shared.App.BaseAddress.ToString().TrimEnd('/'), Locale = "vi-VN",
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/portal/sign-in");
        Assert.False(await CameraAllowedAsync(page));

        await PortalSignIn.AsAsync(page, key, "/portal/scan");
        Assert.True(await CameraAllowedAsync(page), "The scanner page forbids the camera it reads labels with.");
    }

    private static Task<bool> CameraAllowedAsync(IPage page) =>
        page.EvaluateAsync<bool>("document.featurePolicy.allowsFeature('camera')");
}

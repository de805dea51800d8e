using Microsoft.Playwright;

namespace OcopTrade.Tests.Browser;

/// <summary>Signing in to the portal as a person does: the key typed into the form, then the page the key's role
/// lands on.</summary>
public static class PortalSignIn
{
    public static async Task AsAsync(IPage page, string key, string landing)
    {
        await page.GotoAsync("/portal/sign-in");
        await page.GetByLabel("Khóa truy cập").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == landing);
    }
}

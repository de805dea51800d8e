using System.Net;
using Microsoft.Playwright;
using OcopTrade.Tests.Browser;
using OcopTrade.Tests.Linkage;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Portal;

/// <summary>Supply–demand connection on a 360 × 800 phone: a producer answers a buyer's enquiry in the portal, and
/// the buyer, signing in with its own key, lands on its page and reads the answer.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class LinkageInChromiumTests(SharedApp shared, Chromium chromium) : IClassFixture<Chromium>
{
    private async Task<(IBrowserContext Context, IPage Page, List<string> Problems)> PhoneAsync()
    {
        var context = await chromium.Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 360, Height = 800 }, IsMobile = true, HasTouch = true, Locale = "vi-VN",
            BaseURL = shared.App.BaseAddress.ToString().TrimEnd('/'),
        });
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.PageError += (_, error) => { lock (problems) problems.Add("script error: " + error); };
        page.Console += (_, m) =>
        {
            if (m.Type == "error"
            && m.Text.Contains("Content Security Policy")) lock (problems) problems.Add(m.Text);
        };
        return (context, page, problems);
    }

    [Fact]
    public async Task A_producer_answers_an_enquiry_in_the_portal_and_the_buyer_reads_the_answer()
    {
        var p = await LinkageSetup.BuildAsync(shared.App);
        var (id, _) = await LinkageSetup.SendEnquiryAsync(p.Buyer, p.ProductId);

        var (producerContext, page, problems) = await PhoneAsync();
        await using (producerContext)
        {
            await PortalSignIn.AsAsync(page, p.ProducerKey, "/portal");
            await page.GetByRole(AriaRole.Link, new() { Name = "Kết nối", Exact = true }).ClickAsync();
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/portal/enquiries");
            var card = page.Locator($"[data-enquiry='{id}']");
            await card.GetByLabel("Trả lời", new() { Exact = true }).SelectOptionAsync("answered");
            await card.GetByLabel("Nội dung trả lời").FillAsync("Giá 320.000 đ/hộp, giao trong 10 ngày.");
            await card.GetByRole(AriaRole.Button, new() { Name = "Gửi trả lời" }).ClickAsync();
            // The page reloads with the answer in place of the form.
            await card.GetByText("Đã trả lời").WaitForAsync();
            Assert.Equal(0, await card.Locator("form").CountAsync());
            Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 360);
        }

        var enquiry = await (await p.Buyer.GetAsync($"/api/enquiries/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("answered", "Giá 320.000 đ/hộp, giao trong 10 ngày."),
            (enquiry["status"]!.GetValue<string>(), enquiry["answer"]!.GetValue<string>()));

        var (buyerContext, buyerPage, buyerProblems) = await PhoneAsync();
        await using (buyerContext)
        {
            await PortalSignIn.AsAsync(buyerPage, p.BuyerKey, "/portal/buyer");
            await buyerPage.Locator($"[data-enquiry='{id}']")
                .GetByText("Giá 320.000 đ/hộp, giao trong 10 ngày.").WaitForAsync();
            Assert.Equal("/catalogue", await buyerPage.GetByRole(AriaRole.Link,
                new() { Name = "Danh mục sản phẩm" }).GetAttributeAsync("href"));
        }
        Assert.Empty(problems);
        Assert.Empty(buyerProblems);
    }
}

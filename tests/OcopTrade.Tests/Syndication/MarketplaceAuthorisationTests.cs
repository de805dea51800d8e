using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using OcopTrade.Functions.Syndication;
using OcopTrade.Tests.Hardening;
using OcopTrade.Tests.Support;
using static OcopTrade.Tests.Syndication.SyndicationFixture;

namespace OcopTrade.Tests.Syndication;

/// <summary>The simulator and the app, with every log line the app writes captured.</summary>
public sealed class AuthorisationFixture : SyndicationFixture
{
    public CapturedLogs Logs { get; } = new();

    protected override void Configure(OcopApp app) => app.WithServices(Logs.Attach);
}

/// <summary>Shopee's shop authorisation: the consent round trip, tokens kept only in the secret store, refreshed
/// by the timer before they expire and once when Shopee refuses one mid-job, a lapse shown to the producer, and no
/// token in any log.</summary>
[Collection("Marketplace simulator")]
public class MarketplaceAuthorisationTests(AuthorisationFixture fixture) : IClassFixture<AuthorisationFixture>
{
    private OcopApp App => fixture.App;
    private Simulator Simulator => fixture.Simulator;

    private static string Authorisations(string producerId) =>
        $"/api/producers/{producerId}/marketplace-authorisations";

    /// <summary>A producer with a published product who authorised its Shopee shop through the consent round trip;
    /// the simulator issues access tokens living <paramref name="accessSeconds"/>.</summary>
    private async Task<(HttpClient Producer, string ProducerId, string ProductId, string Shop)> AuthorisedAsync(
        int accessSeconds = 4 * 3600)
    {
        var (producer, producerId, productId) = await fixture.PublishedProductAsync();
        var shop = Simulator.Seller("shopee", producerId);
        await Simulator.TokensAsync(new { accessTokenSeconds = accessSeconds, consentingShop = shop });
        // Followed as a browser would: to Shopee's consent page, back to the callback, on to the portal.
        var landed = await producer.GetAsync(Authorisations(producerId) + "/shopee/start");
        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
        Assert.Equal("/portal", landed.RequestMessage!.RequestUri!.AbsolutePath);
        return (producer, producerId, productId, shop);
    }

    private async Task<JsonObject> AuthorisationAsync(HttpClient producer, string producerId)
    {
        var list = JsonNode.Parse(await (await producer.GetAsync(Authorisations(producerId))).Content
            .ReadAsStringAsync())!.AsArray();
        return Assert.Single(list)!.AsObject();
    }

    private async Task<int> StatAsync(string name) => (await Simulator.TokenStatsAsync())[name]!.GetValue<int>();

    private static async Task<List<JsonObject>> EntriesAsync(HttpClient producer, string producerId) =>
        (await (await producer.GetAsync($"/api/revenue?producerId={producerId}")).ExpectAsync(HttpStatusCode.OK))
            ["items"]!.AsArray().OfType<JsonObject>().ToList();

    [Fact]
    public async Task Authorising_a_shop_keeps_its_tokens_in_the_secret_store_and_shows_only_when_it_lapses()
    {
        var (producer, producerId, _, shop) = await AuthorisedAsync();
        var tokens = await Simulator.TokensOfAsync(shop);
        Assert.Equal(2, tokens.Count);

        var raw = await (await producer.GetAsync(Authorisations(producerId))).Content.ReadAsStringAsync();
        var authorisation = await AuthorisationAsync(producer, producerId);
        Assert.Equal(("shopee", shop, "active"), (authorisation["channel"]!.GetValue<string>(),
            authorisation["shopId"]!.GetValue<string>(), authorisation["state"]!.GetValue<string>()));
        // Refreshes keep moving the lapse; without them it is the refresh token's 30 days.
        var lapses = authorisation["expiresAt"]!.GetValue<DateTimeOffset>();
        Assert.InRange(lapses - DateTimeOffset.UtcNow, TimeSpan.FromDays(29), TimeSpan.FromDays(31));

        var row = (await new TableServiceClient(App.Storage.ConnectionString)
            .GetTableClient(MarketplaceAuthorisationStore.TableName)
            .GetEntityAsync<TableEntity>(producerId, "shopee")).Value;
        var stored = string.Join(" ", row.Select(p => p.Value?.ToString()));
        var blob = (await new BlobServiceClient(App.Storage.ConnectionString)
            .GetBlobContainerClient("marketplace-tokens")
            .GetBlobClient(ProtectedBlobTokenVault.BlobName("shopee", producerId))
            .DownloadContentAsync()).Value.Content.ToString();
        foreach (var token in tokens)
        {
            Assert.DoesNotContain(token, raw);
            Assert.DoesNotContain(token, stored);
            Assert.DoesNotContain(token, blob);
        }
    }

    [Fact]
    public async Task The_timer_refreshes_a_token_about_to_expire_and_the_next_order_pull_uses_the_new_one()
    {
        // Ten minutes left is within the hour's margin: due now.
        var (producer, producerId, productId, shop) = await AuthorisedAsync(accessSeconds: 600);
        await SyndicateAsync(producer, productId, "shopee");
        await UntilAsync(producer, productId, "live", "shopee");
        var first = await Simulator.TokensOfAsync(shop);
        var refused = await StatAsync("refusedAccessTokens");

        await App.RunFunctionAsync("RefreshMarketplaceTokens");
        var current = await Simulator.TokensOfAsync(shop);
        Assert.Equal(2, current.Count);
        Assert.Empty(current.Intersect(first)); // refreshed, and the old pair is dead at Shopee
        // (Other tests' authorisations may have been due too: count from here.)
        var refreshes = await StatAsync("refreshes");

        var orderId = await Simulator.PlaceOrderAsync("shopee", shop, "OCOP-" + productId.ToUpperInvariant(), 1,
            120_000);
        await Simulator.AdvanceOrderAsync("shopee", orderId, "completed");
        await App.RunFunctionAsync("PullShopeeOrders");
        Assert.Single(await EntriesAsync(producer, producerId));
        // The pull signed with the refreshed token from the start: Shopee refused nothing, nothing was refreshed.
        Assert.Equal(refused, await StatAsync("refusedAccessTokens"));
        Assert.Equal(refreshes, await StatAsync("refreshes"));
        Assert.NotNull((await AuthorisationAsync(producer, producerId))["refreshedAt"]);
    }

    [Fact]
    public async Task An_access_token_that_expires_mid_job_is_refreshed_once_and_the_job_succeeds()
    {
        var (producer, _, productId, shop) = await AuthorisedAsync();
        await Simulator.ExpireTokensAsync(shop, "access");
        var (refreshes, refused) = (await StatAsync("refreshes"), await StatAsync("refusedAccessTokens"));

        await SyndicateAsync(producer, productId, "shopee");
        await UntilAsync(producer, productId, "live", "shopee");
        Assert.Equal(refused + 1, await StatAsync("refusedAccessTokens"));
        Assert.Equal(refreshes + 1, await StatAsync("refreshes"));
    }

    [Fact]
    public async Task An_expired_refresh_token_lapses_the_authorisation_for_jobs_pulls_the_endpoint_and_the_portal()
    {
        var (producer, producerId, productId, shop) = await AuthorisedAsync();
        await Simulator.ExpireTokensAsync(shop, "both");

        await SyndicateAsync(producer, productId, "shopee");
        var status = await UntilAsync(producer, productId, "needsAttention", "shopee");
        var reasons = Channel(status, "shopee")!["reasons"]!.AsArray().Select(r => r!.GetValue<string>());
        Assert.Contains(reasons, r => r.StartsWith("Quyền kết nối Shopee đã hết hạn", StringComparison.Ordinal));

        var authorisation = await AuthorisationAsync(producer, producerId);
        Assert.Equal("lapsed", authorisation["state"]!.GetValue<string>());
        Assert.EndsWith("/shopee/start", authorisation["renewUrl"]!.GetValue<string>());

        await App.RunFunctionAsync("PullShopeeOrders");
        Assert.Contains(fixture.Logs.Lines, l => l.Property("Producer") == producerId
            && l.Exception?.Contains("shopee authorisation lapsed", StringComparison.Ordinal) == true);

        var home = await (await producer.GetAsync("/portal")).Content.ReadAsStringAsync();
        Assert.Contains("Quyền kết nối Shopee đã hết hạn ngày", home);
        Assert.Contains($"href=\"{Authorisations(producerId)}/shopee/start\"", home);
    }

    [Fact]
    public async Task Two_refreshes_at_once_spend_the_refresh_token_once_and_lose_nothing()
    {
        var (producer, producerId, productId, shop) = await AuthorisedAsync();
        var refused = (await Simulator.TokensOfAsync(shop)).Single(t => t.StartsWith("sat-", StringComparison.Ordinal));
        var (refreshes, refusedRefresh) = (await StatAsync("refreshes"), await StatAsync("refusedRefreshTokens"));

        var shopee = App.Services.GetRequiredService<ShopeeConnector>();
        var tokens = await Task.WhenAll(Enumerable.Range(0, 4)
            .Select(_ => shopee.RefreshAsync(producerId, refused, CancellationToken.None)));
        Assert.Single(tokens.Distinct());
        Assert.Equal((refreshes + 1, refusedRefresh),
            (await StatAsync("refreshes"), await StatAsync("refusedRefreshTokens")));

        // The rotated refresh token was kept: the next refresh works too, and the listing goes up.
        await App.Services.GetRequiredService<ShopeeConnector>()
            .RefreshAsync(producerId, tokens[0], CancellationToken.None);
        Assert.Equal(refreshes + 2, await StatAsync("refreshes"));
        await SyndicateAsync(producer, productId, "shopee");
        await UntilAsync(producer, productId, "live", "shopee");
        Assert.Equal("active", (await AuthorisationAsync(producer, producerId))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task No_token_appears_in_any_log_line_while_authorising_refreshing_and_retrying()
    {
        var (producer, _, productId, shop) = await AuthorisedAsync(accessSeconds: 600);
        var seen = await Simulator.TokensOfAsync(shop);
        await App.RunFunctionAsync("RefreshMarketplaceTokens");
        seen.AddRange(await Simulator.TokensOfAsync(shop));
        await Simulator.ExpireTokensAsync(shop, "access");
        await SyndicateAsync(producer, productId, "shopee");
        await UntilAsync(producer, productId, "live", "shopee");
        seen.AddRange(await Simulator.TokensOfAsync(shop));

        Assert.Contains(fixture.Logs.Lines, l => l.Message.StartsWith("Refreshed the shopee tokens",
            StringComparison.Ordinal));
        Assert.Equal(6, seen.Distinct().Count());
        var everything = new StringBuilder();
        foreach (var line in fixture.Logs.Lines) everything.AppendLine(line.Everything);
        var text = everything.ToString();
        Assert.All(seen, token => Assert.DoesNotContain(token, text));
    }

    [Fact]
    public async Task Another_producers_authorisations_are_not_found_and_a_forged_callback_changes_nothing()
    {
        var (_, producerId, _, _) = await AuthorisedAsync();
        var (other, otherId, _) = await fixture.PublishedProductAsync();

        await (await other.GetAsync(Authorisations(producerId))).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await other.GetAsync(Authorisations(producerId) + "/shopee/start"))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(JsonNode.Parse(await (await other.GetAsync(Authorisations(otherId))).Content
            .ReadAsStringAsync())!.AsArray());

        // A state made for one producer does not authorise another; Shopee's redirect is not followed here.
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false })
        { BaseAddress = App.BaseAddress };
        browser.DefaultRequestHeaders.Add("x-api-key", await App.Client().ProducerKeyAsync(producerId));
        var consent = (await browser.GetAsync(Authorisations(producerId) + "/shopee/start")).Headers.Location!;
        Assert.StartsWith(Simulator.BaseAddress + "api/v2/shop/auth_partner?", consent.ToString());
        var callback = new Uri(Uri.UnescapeDataString(consent.Query.Split("redirect=")[1]));
        var state = callback.Query.Split("state=")[1];
        using var anonymous = new HttpClient { BaseAddress = App.BaseAddress };
        string Callback(string id, string stateSent) =>
            Authorisations(id) + $"/shopee/callback?state={stateSent}&code=x&shop_id=1";
        await (await anonymous.GetAsync(Callback(otherId, state))).ExpectProblemAsync(HttpStatusCode.BadRequest, "state");
        await (await anonymous.GetAsync(Callback(producerId, "forged")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "state");
        // A good state with a code Shopee never issued is refused by Shopee, and the authorisation stays as it was.
        await (await anonymous.GetAsync(Callback(producerId, state)))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "code");
        Assert.Empty(JsonNode.Parse(await (await other.GetAsync(Authorisations(otherId))).Content
            .ReadAsStringAsync())!.AsArray());
    }
}

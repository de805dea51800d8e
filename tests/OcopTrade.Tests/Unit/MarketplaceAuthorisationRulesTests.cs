using OcopTrade.Functions.Portal;
using OcopTrade.Functions.Syndication;

namespace OcopTrade.Tests.Unit;

/// <summary>When an authorisation is refreshed, warned about and lapsed, and what of it may be printed.</summary>
public class MarketplaceAuthorisationRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 5, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Margin = TimeSpan.FromHours(1);

    private static MarketplaceAuthorisation Granted(TimeSpan accessLeft, DateTimeOffset? shopUntil = null) =>
        MarketplaceAuthorisation.Granted("p1", "shopee", "shop-1", Now, accessLeft) with
        {
            AuthorisationExpiresAt = shopUntil,
        };

    [Theory]
    [InlineData(240, false)]
    [InlineData(61, false)]
    [InlineData(60, true)]
    [InlineData(10, true)]
    [InlineData(-5, true)]
    public void An_access_token_is_refreshed_once_it_expires_within_the_margin(int minutesLeft, bool due) =>
        Assert.Equal(due, Granted(TimeSpan.FromMinutes(minutesLeft)).NeedsRefresh(Now, Margin));

    [Fact]
    public void A_lapsed_authorisation_is_never_refreshed()
    {
        var lapsed = Granted(TimeSpan.FromMinutes(5)).Lapsed(Now);
        Assert.False(lapsed.NeedsRefresh(Now, Margin));
        Assert.Equal(AuthorisationState.Lapsed, lapsed.StateOn(Now));
        Assert.Equal(Now, lapsed.LapsesAt);
    }

    [Fact]
    public void An_authorisation_lapses_when_its_refresh_token_expires_unused()
    {
        var granted = Granted(TimeSpan.FromHours(4));
        Assert.Equal(Now + TimeSpan.FromDays(30), granted.LapsesAt);
        Assert.Equal(AuthorisationState.Active, granted.StateOn(Now + TimeSpan.FromDays(22)));
        Assert.Equal(AuthorisationState.Expiring, granted.StateOn(Now + TimeSpan.FromDays(23)));
        Assert.Equal(AuthorisationState.Lapsed, granted.StateOn(Now + TimeSpan.FromDays(30)));
        Assert.False(granted.NeedsRefresh(Now + TimeSpan.FromDays(30), Margin));
    }

    [Fact]
    public void A_refresh_moves_both_expiries_and_releases_the_lease()
    {
        var later = Now + TimeSpan.FromDays(20);
        var refreshed = Granted(TimeSpan.FromHours(4)).Leasing(later, TimeSpan.FromSeconds(30))
            .Refreshed(later, TimeSpan.FromHours(4));
        Assert.Equal((later + TimeSpan.FromHours(4), later + TimeSpan.FromDays(30), (DateTimeOffset?)later),
            (refreshed.AccessExpiresAt, refreshed.RefreshExpiresAt, refreshed.RefreshedAt));
        Assert.False(refreshed.Leased(later));
        Assert.Equal(AuthorisationState.Active, refreshed.StateOn(later));
    }

    [Fact]
    public void The_shops_own_end_comes_first_when_it_is_sooner()
    {
        var granted = Granted(TimeSpan.FromHours(4), Now + TimeSpan.FromDays(5));
        Assert.Equal(Now + TimeSpan.FromDays(5), granted.LapsesAt);
        Assert.Equal(AuthorisationState.Expiring, granted.StateOn(Now));
    }

    [Fact]
    public void A_lease_holds_until_it_runs_out()
    {
        var leased = Granted(TimeSpan.FromHours(4)).Leasing(Now, TimeSpan.FromSeconds(30));
        Assert.True(leased.Leased(Now + TimeSpan.FromSeconds(29)));
        Assert.False(leased.Leased(Now + TimeSpan.FromSeconds(30)));
        Assert.False(leased.Released().Leased(Now));
    }

    [Fact]
    public void The_producer_is_warned_within_a_week_of_the_lapse_with_its_date_in_Vietnam()
    {
        var granted = Granted(TimeSpan.FromHours(4), new DateTimeOffset(2026, 12, 4, 20, 0, 0, TimeSpan.Zero));
        Assert.Equal("Quyền kết nối Shopee sẽ hết hạn ngày 05/12/2026. Hãy kết nối lại cửa hàng trước ngày đó để " +
            "sản phẩm và đơn hàng tiếp tục được đồng bộ.", AuthorisationNotice.Text(granted, Now));
        Assert.Null(AuthorisationNotice.Text(granted, Now - TimeSpan.FromDays(8)));
        Assert.StartsWith("Quyền kết nối Shopee đã hết hạn ngày",
            AuthorisationNotice.Text(granted.Lapsed(Now), Now));
    }

    [Theory]
    [InlineData("k3b9x2m4q7w1")]
    [InlineData("nhà sản xuất/ngoài ~ id")]
    public void A_producers_Key_Vault_secret_name_is_one_Key_Vault_accepts_and_its_own(string producerId)
    {
        var name = KeyVaultTokenVault.Name("shopee", producerId);
        Assert.Matches("^[0-9a-zA-Z-]{1,127}$", name);
        Assert.StartsWith("shopee-tokens-", name);
        Assert.NotEqual(name, KeyVaultTokenVault.Name("shopee", producerId + "x"));
    }

    [Fact]
    public void Tokens_and_credentials_never_print_their_secrets()
    {
        var tokens = new MarketplaceTokens("sat-access-123", "srt-refresh-456");
        Assert.DoesNotContain("123", tokens.ToString());
        Assert.DoesNotContain("456", $"{tokens}");
        var credential = MarketplaceCredential.Authorised("shop-1", "p1");
        Assert.Throws<InvalidOperationException>(() => credential.Secret());
        Assert.Equal("shop-1 (secret hidden)", credential.ToString());
    }
}

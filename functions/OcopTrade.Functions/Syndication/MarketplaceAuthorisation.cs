namespace OcopTrade.Functions.Syndication;

/// <summary>What a producer sees of a marketplace authorisation.</summary>
public enum AuthorisationState { Active, Expiring, Lapsed }

/// <summary>A producer's authorisation of our app on a marketplace shop, without its tokens (they live only in the
/// secret store, <see cref="IMarketplaceTokenVault"/>): when the access token and the refresh token expire, when
/// the shop's authorisation itself ends, and whether a refresh was refused.
/// <para>Shopee Open Platform v2, as verified: <c>/api/v2/auth/token/get</c> exchanges the code from the shop's
/// consent for an access token and a refresh token; <c>/api/v2/auth/access_token/get</c> trades the refresh token
/// for a new pair (the refresh token rotates); the access token lives 4 hours (<c>expire_in</c>, e.g. 13987 s) and
/// the refresh token 30 days (open.shopee.com developer guide "Authorization and Authentication", as quoted by
/// jhlee-developer.tistory.com "Getting and refreshing the access_token" and wendeehsu.medium.com "Shopee OpenAPI
/// Handsup"); an expired access token is refused with error <c>invalid_acceess_token</c> (Shopee's spelling).
/// The shop authorisation's own end comes from <c>shop/get_shop_info</c> (<c>expire_time</c>); its length (about a
/// year) is the seller's choice and was not verified, so it is read, never assumed.</para></summary>
public sealed record MarketplaceAuthorisation
{
    /// <summary>How long before the lapse a producer is warned.</summary>
    public static readonly TimeSpan WarningPeriod = TimeSpan.FromDays(7);

    public required string ProducerId { get; init; }
    public required string Channel { get; init; }
    public required string ShopId { get; init; }
    public required DateTimeOffset AccessExpiresAt { get; init; }
    public required DateTimeOffset RefreshExpiresAt { get; init; }
    public DateTimeOffset? AuthorisationExpiresAt { get; init; }
    public required DateTimeOffset AuthorisedAt { get; init; }
    public DateTimeOffset? RefreshedAt { get; init; }
    public DateTimeOffset? LapsedAt { get; init; }
    /// <summary>A refresh in progress holds the record until then, so two refreshes never spend one refresh token.
    /// </summary>
    public DateTimeOffset? LeasedUntil { get; init; }

    /// <summary>When access ends unless the producer authorises again: the shop authorisation's end, or the refresh
    /// token's if that comes first (refreshes keep moving it; it is reached only when they stop working).</summary>
    public DateTimeOffset LapsesAt => LapsedAt ?? (AuthorisationExpiresAt is { } end && end < RefreshExpiresAt
        ? end : RefreshExpiresAt);

    public AuthorisationState StateOn(DateTimeOffset now) =>
        LapsedAt is not null || LapsesAt <= now ? AuthorisationState.Lapsed
        : LapsesAt - now <= WarningPeriod ? AuthorisationState.Expiring
        : AuthorisationState.Active;

    /// <summary>The access token expires within <paramref name="margin"/> and the authorisation can still refresh.
    /// </summary>
    public bool NeedsRefresh(DateTimeOffset now, TimeSpan margin) =>
        StateOn(now) != AuthorisationState.Lapsed && AccessExpiresAt - margin <= now;

    public bool Leased(DateTimeOffset now) => LeasedUntil > now;

    public MarketplaceAuthorisation Leasing(DateTimeOffset now, TimeSpan lease) =>
        this with { LeasedUntil = now + lease };

    public MarketplaceAuthorisation Refreshed(DateTimeOffset now, TimeSpan accessLifetime) => this with
    {
        AccessExpiresAt = now + accessLifetime,
        RefreshExpiresAt = now + RefreshLifetime,
        RefreshedAt = now,
        LeasedUntil = null,
    };

    public MarketplaceAuthorisation Lapsed(DateTimeOffset now) => this with { LapsedAt = now, LeasedUntil = null };

    public MarketplaceAuthorisation Released() => this with { LeasedUntil = null };

    /// <summary>Shopee's refresh token lifetime: 30 days from when it was issued.</summary>
    public static readonly TimeSpan RefreshLifetime = TimeSpan.FromDays(30);

    public static MarketplaceAuthorisation Granted(
        string producerId, string channel, string shopId, DateTimeOffset now, TimeSpan accessLifetime) => new()
        {
            ProducerId = producerId,
            Channel = channel,
            ShopId = shopId,
            AccessExpiresAt = now + accessLifetime,
            RefreshExpiresAt = now + RefreshLifetime,
            AuthorisedAt = now,
        };
}

/// <summary>The authorisation is gone: no refresh helps until the producer authorises the shop again.</summary>
public sealed class MarketplaceAuthorisationLapsedException(string channel, DateTimeOffset lapsedAt)
    : MarketplaceAuthException($"The {channel} authorisation lapsed on {lapsedAt:yyyy-MM-dd}; " +
        "the producer must authorise the shop again.")
{
    public string Channel { get; } = channel;
    public DateTimeOffset LapsedAt { get; } = lapsedAt;

    /// <summary>The reason in the producer's words.</summary>
    public string Reason(string displayName) =>
        $"Quyền kết nối {displayName} đã hết hạn ngày {LapsedAt.ToOffset(TimeSpan.FromHours(7)):dd/MM/yyyy}; " +
        "hãy kết nối lại cửa hàng trong cổng nhà sản xuất.";
}

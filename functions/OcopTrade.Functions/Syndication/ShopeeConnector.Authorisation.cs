using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OcopTrade.Functions.Syndication;

/// <summary>Shopee's shop authorisation (Open Platform v2; facts and sources on
/// <see cref="MarketplaceAuthorisation"/>): the consent link (<c>shop/auth_partner</c>), the code exchanged for
/// tokens (<c>auth/token/get</c>), and the refresh (<c>auth/access_token/get</c>), which rotates the refresh token.
/// A refresh holds a lease on the authorisation record (written under its ETag), so two refreshes of one shop never
/// both spend the same refresh token and lose the one Shopee rotated in. Tokens go to the secret store only; logs
/// name the producer and the shop, never a token.</summary>
public sealed partial class ShopeeConnector
{
    private static readonly TimeSpan LeaseLength = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LeaseWait = TimeSpan.FromMilliseconds(200);
    private const int LeaseTries = 100;

    /// <summary>How long before its expiry an access token is refreshed.</summary>
    public TimeSpan RefreshMargin =>
        configuration.GetValue("Syndication:Authorisations:RefreshMargin", TimeSpan.FromHours(1));

    /// <summary>Where the producer consents: Shopee's partner authorisation page, which comes back to
    /// <paramref name="redirect"/> with <c>code</c> and <c>shop_id</c>.</summary>
    public Uri ConsentUrl(string redirect)
    {
        const string path = "/api/v2/shop/auth_partner";
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        var sign = ShopeeSigner.Sign(PartnerKey, PartnerId, path, timestamp, "", "");
        return new Uri(http.BaseAddress!, $"{path.TrimStart('/')}?partner_id={Uri.EscapeDataString(PartnerId)}" +
            $"&timestamp={timestamp}&sign={sign}&redirect={Uri.EscapeDataString(redirect)}");
    }

    /// <summary>Exchanges the consent's code for tokens, keeps them in the secret store and the facts in the table.
    /// </summary>
    public async Task<MarketplaceAuthorisation> AuthoriseAsync(
        string producerId, string shopId, string code, CancellationToken cancellationToken)
    {
        var answer = await TokenCallAsync("/api/v2/auth/token/get",
            new JsonObject { ["code"] = code, ["shop_id"] = ShopIdValue(shopId), ["partner_id"] = PartnerIdValue },
            cancellationToken);
        if (Tokens(answer) is not { } issued)
            throw new MarketplaceAuthException($"shopee refused the authorisation code ({answer["error"].Text()}).");
        await vault.WriteAsync(Channel, producerId, issued.Tokens, cancellationToken);
        var now = clock.GetUtcNow();
        var authorisation = MarketplaceAuthorisation.Granted(producerId, Channel, shopId, now, issued.Lifetime) with
        {
            AuthorisationExpiresAt = await AuthorisationEndAsync(shopId, issued.Tokens, cancellationToken),
        };
        await authorisations.SaveAsync(authorisation, cancellationToken);
        logger.LogInformation("Producer {Producer} authorised shopee shop {Shop}", producerId, shopId);
        return authorisation;
    }

    /// <summary>The current access token of an authorised credential (refreshed first if our record says it has
    /// expired), or the configured one.</summary>
    private async Task<string> AccessTokenAsync(MarketplaceCredential credential, CancellationToken cancellationToken)
    {
        if (credential.AuthorisedProducerId is not { } producerId) return credential.Secret();
        var (authorisation, _) = await FindAsync(producerId, cancellationToken);
        var now = clock.GetUtcNow();
        if (authorisation.StateOn(now) == AuthorisationState.Lapsed) throw Lapsed(authorisation, now);
        if (authorisation.AccessExpiresAt <= now) return await RefreshAsync(producerId, null, cancellationToken);
        return (await TokensAsync(producerId, cancellationToken)).Access();
    }

    /// <summary>Refreshes the producer's tokens: those Shopee refused (<paramref name="refused"/>, the access token
    /// it just turned down), or, with null, those due for refresh. Whoever holds the lease refreshes; the others
    /// wait for it and use what it wrote. A refused refresh token lapses the authorisation.</summary>
    public async Task<string> RefreshAsync(string producerId, string? refused, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < LeaseTries; attempt++)
        {
            var (authorisation, etag) = await FindAsync(producerId, cancellationToken);
            var now = clock.GetUtcNow();
            if (authorisation.StateOn(now) == AuthorisationState.Lapsed) throw Lapsed(authorisation, now);
            var tokens = await TokensAsync(producerId, cancellationToken);
            var done = refused is null ? !authorisation.NeedsRefresh(now, RefreshMargin) : tokens.Access() != refused;
            if (done && !authorisation.Leased(now)) return tokens.Access();
            if (authorisation.Leased(now))
            {
                await Task.Delay(LeaseWait, cancellationToken); // real time: a lease is seconds, whatever the clock
                continue;
            }
            if (await authorisations.TryReplaceAsync(authorisation.Leasing(now, LeaseLength), etag, cancellationToken)
                is { } leased)
                return await RotateAsync(authorisation, leased, tokens, cancellationToken);
        }
        throw new MarketplaceUnavailableException("shopee tokens stayed leased by another refresh for too long.");
    }

    /// <summary>The refresh itself, under the lease: new tokens to the secret store first, then the record; a
    /// failure on the way releases the lease (the refresh token was not spent, or the next try learns it was).
    /// </summary>
    private async Task<string> RotateAsync(MarketplaceAuthorisation authorisation, Azure.ETag leased,
        MarketplaceTokens tokens, CancellationToken cancellationToken)
    {
        var held = authorisation.Leasing(clock.GetUtcNow(), LeaseLength);
        JsonObject answer;
        try
        {
            answer = await TokenCallAsync("/api/v2/auth/access_token/get", new JsonObject
            {
                ["refresh_token"] = tokens.Refresh(), ["shop_id"] = ShopIdValue(authorisation.ShopId),
                ["partner_id"] = PartnerIdValue,
            }, cancellationToken);
        }
        catch
        {
            await authorisations.TryReplaceAsync(held.Released(), leased, CancellationToken.None);
            throw;
        }
        var now = clock.GetUtcNow();
        if (answer["error"].Text() == "error_sign")
        {
            await authorisations.TryReplaceAsync(held.Released(), leased, CancellationToken.None);
            throw new MarketplaceAuthException("shopee refused the partner signature of a token refresh.");
        }
        if (Tokens(answer) is not { } issued)
        {
            logger.LogWarning("shopee refused the refresh token of producer {Producer} (shop {Shop}: {Error}); " +
                "the authorisation lapsed", authorisation.ProducerId, authorisation.ShopId, answer["error"].Text());
            await authorisations.TryReplaceAsync(held.Lapsed(now), leased, CancellationToken.None);
            throw Lapsed(authorisation, now);
        }
        await vault.WriteAsync(Channel, authorisation.ProducerId, issued.Tokens, CancellationToken.None);
        await authorisations.TryReplaceAsync(held.Refreshed(now, issued.Lifetime), leased, CancellationToken.None);
        logger.LogInformation("Refreshed the shopee tokens of producer {Producer} (shop {Shop})",
            authorisation.ProducerId, authorisation.ShopId);
        return issued.Tokens.Access();
    }

    private async Task<(MarketplaceAuthorisation, Azure.ETag)> FindAsync(string producerId,
        CancellationToken cancellationToken) =>
        await authorisations.FindAsync(producerId, Channel, cancellationToken)
            ?? throw new MarketplaceAuthException("The producer has not authorised a shopee shop.");

    private async Task<MarketplaceTokens> TokensAsync(string producerId, CancellationToken cancellationToken) =>
        await vault.ReadAsync(Channel, producerId, cancellationToken)
            ?? throw new MarketplaceAuthException("The producer's shopee tokens are missing from the secret store.");

    private MarketplaceAuthorisationLapsedException Lapsed(MarketplaceAuthorisation authorisation,
        DateTimeOffset now) => new(Channel, authorisation.LapsedAt ?? (authorisation.LapsesAt < now
            ? authorisation.LapsesAt : now));

    /// <summary>When the shop's authorisation ends (<c>shop/get_shop_info</c>, <c>expire_time</c>); null if Shopee
    /// does not say.</summary>
    private async Task<DateTimeOffset?> AuthorisationEndAsync(string shopId, MarketplaceTokens tokens,
        CancellationToken cancellationToken)
    {
        var (_, json) = await SendSignedAsync("/api/v2/shop/get_shop_info", shopId, tokens.Access(), null, "",
            cancellationToken);
        return json["expire_time"] is JsonValue end && end.TryGetValue(out long seconds) && seconds > 0
            ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
    }

    /// <summary>A partner-level call (auth/*): signed over partner id, path and timestamp only.</summary>
    private async Task<JsonObject> TokenCallAsync(string path, JsonObject body, CancellationToken cancellationToken)
    {
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        var sign = ShopeeSigner.Sign(PartnerKey, PartnerId, path, timestamp, "", "");
        using var response = await http.PostAsync(
            $"{path.TrimStart('/')}?partner_id={Uri.EscapeDataString(PartnerId)}&timestamp={timestamp}&sign={sign}",
            JsonContent.Create(body), cancellationToken);
        if ((int)response.StatusCode >= 500 || response.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
            MarketplaceAnswers.ThrowIfNotUsable(Channel, response);
        return await MarketplaceAnswers.BodyAsync(response, cancellationToken);
    }

    /// <summary>Shopee answers the token calls at the top level: access_token, refresh_token, expire_in (s).
    /// </summary>
    private static (MarketplaceTokens Tokens, TimeSpan Lifetime)? Tokens(JsonObject answer) =>
        string.IsNullOrEmpty(answer["error"].Text()) && answer["access_token"].Text() is { Length: > 0 } access
            && answer["refresh_token"].Text() is { Length: > 0 } refresh
            && answer["expire_in"] is JsonValue lifetime && lifetime.TryGetValue(out long seconds) && seconds > 0
            ? (new MarketplaceTokens(access, refresh), TimeSpan.FromSeconds(seconds)) : null;

    private JsonNode PartnerIdValue => long.TryParse(PartnerId, CultureInfo.InvariantCulture, out var id)
        ? JsonValue.Create(id) : JsonValue.Create(PartnerId);

    /// <summary>Shopee's shop ids are numbers; the simulator's may be names.</summary>
    private static JsonNode ShopIdValue(string shopId) =>
        long.TryParse(shopId, CultureInfo.InvariantCulture, out var id)
            ? JsonValue.Create(id) : JsonValue.Create(shopId);
}

namespace OcopTrade.Functions.Syndication;

/// <summary>A producer's account on a marketplace. The secret never appears in ToString, logs or exceptions;
/// only the connector that signs a request reads it. An authorised credential (Shopee's shop authorisation) holds
/// no secret at all: the connector takes the current access token from the secret store when it signs.</summary>
public sealed class MarketplaceCredential(string account, string secret)
{
    public string Account { get; } = account;

    /// <summary>Set when the tokens come from the producer's authorisation rather than configuration.</summary>
    public string? AuthorisedProducerId { get; private init; }

    public string Secret() => AuthorisedProducerId is null ? secret
        : throw new InvalidOperationException("An authorised credential's token is read from the secret store.");

    public static MarketplaceCredential Authorised(string shopId, string producerId) =>
        new(shopId, "") { AuthorisedProducerId = producerId };

    public override string ToString() => $"{Account} (secret hidden)";
}

/// <summary>Per-producer marketplace credentials. A producer who authorised its Shopee shop
/// (<see cref="MarketplaceAuthorisation"/>) is served from that authorisation, its tokens in the secret store.
/// Otherwise from configuration, which in Azure is Key Vault references
/// (<c>Syndication__Credentials__voso__{producerId}__Account</c> / <c>__Secret</c>), never from a table or a log.
/// <c>…__default__…</c> applies to producers without their own; a <c>{producerId}</c> in it is replaced, which is
/// how the simulator gives every producer its own seller account out of the box.</summary>
public sealed class MarketplaceCredentials(IConfiguration configuration, MarketplaceAuthorisationStore authorisations)
{
    public async Task<MarketplaceCredential?> ForAsync(
        string channel, string producerId, CancellationToken cancellationToken)
    {
        if (channel == Channels.Shopee.Name
            && await authorisations.FindAsync(producerId, channel, cancellationToken) is { } authorised)
            return MarketplaceCredential.Authorised(authorised.Authorisation.ShopId, producerId);
        return Configured(channel, producerId);
    }

    /// <summary>Which of these producers sells through this Shopee shop: the one whose authorisation names it or,
    /// for a producer who never authorised, whose configured account does. One query for every producer, not a read
    /// each, since a push asks it of every producer on Shopee.</summary>
    public async Task<string?> ProducerOfShopAsync(
        string shopId, IEnumerable<string> producerIds, CancellationToken cancellationToken)
    {
        var authorised = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var a in authorisations.OnAsync(Channels.Shopee.Name, cancellationToken))
            authorised[a.ProducerId] = a.ShopId;
        return producerIds.FirstOrDefault(p =>
            (authorised.TryGetValue(p, out var shop) ? shop : Configured(Channels.Shopee.Name, p)?.Account) == shopId);
    }

    private MarketplaceCredential? Configured(string channel, string producerId)
    {
        var own = configuration.GetSection($"Syndication:Credentials:{channel}:{producerId}");
        if (own["Account"] is { Length: > 0 } account && own["Secret"] is { Length: > 0 } secret)
            return new MarketplaceCredential(account, secret);
        var fallback = configuration.GetSection($"Syndication:Credentials:{channel}:default");
        if (fallback["Account"] is { Length: > 0 } a && fallback["Secret"] is { Length: > 0 } s)
            return new MarketplaceCredential(a.Replace("{producerId}", producerId),
                s.Replace("{producerId}", producerId));
        return null;
    }
}

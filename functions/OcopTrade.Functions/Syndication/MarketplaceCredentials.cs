namespace OcopTrade.Functions.Syndication;

/// <summary>A producer's account on a marketplace. The secret never appears in ToString, logs or exceptions;
/// only the connector that signs a request reads it.</summary>
public sealed class MarketplaceCredential(string account, string secret)
{
    public string Account { get; } = account;

    public string Secret() => secret;

    public override string ToString() => $"{Account} (secret hidden)";
}

/// <summary>Per-producer marketplace credentials, read from configuration, which in Azure is Key Vault references
/// (<c>Syndication__Credentials__voso__{producerId}__Account</c> / <c>__Secret</c>), never from a table or a log.
/// <c>…__default__…</c> applies to producers without their own; a <c>{producerId}</c> in it is replaced, which is
/// how the simulator gives every producer its own seller account out of the box.</summary>
public sealed class MarketplaceCredentials(IConfiguration configuration)
{
    public MarketplaceCredential? For(string channel, string producerId)
    {
        var own = configuration.GetSection($"Syndication:Credentials:{channel}:{producerId}");
        if (own["Account"] is { Length: > 0 } account && own["Secret"] is { Length: > 0 } secret)
            return new MarketplaceCredential(account, secret);
        var fallback = configuration.GetSection($"Syndication:Credentials:{channel}:default");
        if (fallback["Account"] is { Length: > 0 } a && fallback["Secret"] is { Length: > 0 } s)
            return new MarketplaceCredential(a.Replace("{producerId}", producerId), s.Replace("{producerId}", producerId));
        return null;
    }
}

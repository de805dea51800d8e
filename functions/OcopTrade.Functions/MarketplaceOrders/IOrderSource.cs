using OcopTrade.Functions.Syndication;

namespace OcopTrade.Functions.MarketplaceOrders;

/// <summary>A marketplace's orders, as one seller reads them: every order changed at or after a moment, oldest change
/// first, all pages. Throws (as publishing does: <see cref="MarketplaceUnavailableException"/>, throttling, refused
/// credentials) when the marketplace cannot answer, so the caller keeps its checkpoint.</summary>
public interface IOrderSource
{
    string Channel { get; }

    Task<IReadOnlyList<MarketplaceOrder>> ChangedSinceAsync(
        MarketplaceCredential credential, DateTimeOffset since, CancellationToken cancellationToken);
}

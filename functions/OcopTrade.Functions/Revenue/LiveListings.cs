namespace OcopTrade.Functions.Revenue;

/// <summary>
/// The seam for participation's second half: "a live marketplace listing" counts like modern-channel revenue. The
/// syndication capability implements it (its <c>ProducersWithLiveListingsAsync</c>) and registers it with
/// <c>services.AddSingleton&lt;ILiveMarketplaceListings, …&gt;()</c>; until then none is registered and participation
/// counts revenue only. Called once per report with the report's province (and producer, if any).
/// </summary>
public interface ILiveMarketplaceListings
{
    /// <summary>Ids of producers in <paramref name="province"/> with a listing live on a marketplace at some time
    /// between <paramref name="from"/> and <paramref name="to"/> (first days of months, ICT).</summary>
    Task<IReadOnlySet<string>> ProducersWithLiveListingsAsync(string province, DateOnly from, DateOnly to, CancellationToken cancellationToken);
}

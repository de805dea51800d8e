using OcopTrade.Functions.Revenue;

namespace OcopTrade.Functions.Syndication;

/// <summary>Participation counts a live marketplace listing as presence in a modern channel, sale or not.</summary>
public sealed class LiveListingsForParticipation(SyndicationStore store) : ILiveMarketplaceListings
{
    private static readonly TimeSpan Ict = TimeSpan.FromHours(7);

    /// <summary>Listings carry no province; the report keeps only the ids among its own subjects, so asking for all
    /// producers is correct and costs one range query. Months are ICT, from the first day of <paramref name="from"/>
    /// to the end of <paramref name="to"/>'s month.</summary>
    public Task<IReadOnlySet<string>> ProducersWithLiveListingsAsync(string province, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        store.ProducersWithLiveListingsAsync(StartOf(from), StartOf(to.AddMonths(1)), cancellationToken);

    private static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), Ict);
}

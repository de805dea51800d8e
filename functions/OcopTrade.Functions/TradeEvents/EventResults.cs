using OcopTrade.Functions.AdministrativeUnits;
using OcopTrade.Functions.Linkage;
using OcopTrade.Functions.Revenue;
using OcopTrade.Functions.Traceability;

namespace OcopTrade.Functions.TradeEvents;

/// <summary>One figure against its target: the percent reached, when the event set a target above zero.</summary>
public sealed record EventMeasure(long Value, long? Target = null, double? Percent = null)
{
    public static EventMeasure Against(long value, long? target) =>
        new(value, target, target is > 0 ? Math.Round(value * 100.0 / target.Value, 1) : null);
}

/// <summary>What an event achieved. <see cref="Scans"/> counts views of the trace pages of the lots of the products
/// taking part, by people (not bots, not tills), during the event's days in Vietnam's time. <see cref="Deals"/>
/// counts the deals buyers and producers recorded for the event and the other side confirmed.</summary>
public sealed record EventResult(
    string EventId, string Name, EventStatus Status, DateOnly From, DateOnly To, EventMeasure Producers,
    EventMeasure Products, EventMeasure Stalls, EventMeasure RevenueVnd, EventMeasure Sales, EventMeasure Scans,
    EventMeasure Enquiries, EventMeasure Deals, EventMeasure DealValueVnd)
{
    /// <summary>The figures from what the event recorded: its accepted applications, its stalls' entries and the
    /// enquiries and deals made there.</summary>
    public static EventResult Of(TradeEvent ev, IReadOnlyList<EventApplication> applications,
        IReadOnlyList<RevenueEntry> entries, long scans, LinkageEventFigures linkage)
    {
        var accepted = applications.Where(a => a.Status == ApplicationStatus.Accepted).ToList();
        var counted = entries.Where(e => e.Effective && e.EventId == ev.Id).ToList();
        return new EventResult(ev.Id, ev.Name, ev.Status, ev.From, ev.To,
            EventMeasure.Against(accepted.Select(a => a.ProducerId).Distinct().Count(), ev.Targets.Producers),
            EventMeasure.Against(accepted.SelectMany(a => a.ProductIds).Distinct().Count(), ev.Targets.Products),
            EventMeasure.Against(accepted.Count(a => a.Stall is not null), ev.StallCount),
            EventMeasure.Against(counted.Sum(e => e.AmountVnd), ev.Targets.RevenueVnd),
            EventMeasure.Against(counted.Count, null),
            EventMeasure.Against(scans, null),
            EventMeasure.Against(linkage.Enquiries, null),
            EventMeasure.Against(linkage.DealsConfirmed, ev.Targets.Deals),
            EventMeasure.Against(linkage.ConfirmedValueVnd, null));
    }

    /// <summary>The event's days as instants: from its first midnight to the midnight after its last, in
    /// Vietnam.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Window(TradeEvent ev)
    {
        var ict = TimeSpan.FromHours(7);
        return (new DateTimeOffset(ev.From.ToDateTime(TimeOnly.MinValue), ict),
            new DateTimeOffset(ev.To.AddDays(1).ToDateTime(TimeOnly.MinValue), ict));
    }
}

/// <summary>Reads what an event's results are made of: one partition of revenue per producer taking part, one
/// partition of scans per lot of their products, and the enquiries and deals of the event's province.</summary>
public sealed class EventResults(
    EventStore store, RevenueStore revenue, BatchStore batches, ScanLog scans, EnquiryStore enquiries, DealStore deals,
    AdministrativeUnitMap units)
{
    public async Task<EventResult> ForAsync(TradeEvent ev, CancellationToken cancellationToken) =>
        await ForAsync(ev, await LinkageOfAsync(ev.Province, cancellationToken), cancellationToken);

    /// <summary>The results of several events (a sheet's, the dashboard's), reading each province's enquiries and
    /// deals once rather than once per event.</summary>
    public async Task<List<EventResult>> ForAllAsync(
        IEnumerable<TradeEvent> events, CancellationToken cancellationToken)
    {
        var linkage = new Dictionary<string, ProvinceLinkage>(StringComparer.Ordinal);
        var results = new List<EventResult>();
        foreach (var ev in events)
        {
            var key = Access.Provinces.Key(ev.Province);
            if (!linkage.TryGetValue(key, out var province))
                linkage[key] = province = await LinkageOfAsync(ev.Province, cancellationToken);
            results.Add(await ForAsync(ev, province, cancellationToken));
        }
        return results;
    }

    /// <summary>A province's enquiries and deals: an event takes producers of its own province, so its enquiries
    /// and deals are among these.</summary>
    private sealed record ProvinceLinkage(List<Enquiry> Enquiries, List<Deal> Deals);

    private async Task<ProvinceLinkage> LinkageOfAsync(string province, CancellationToken cancellationToken)
    {
        var keys = units.RecordedKeys(province);
        return new(await enquiries.InProvincesAsync(keys, cancellationToken),
            await deals.InProvincesAsync(keys, cancellationToken));
    }

    private async Task<EventResult> ForAsync(
        TradeEvent ev, ProvinceLinkage linkage, CancellationToken cancellationToken)
    {
        var applications = await store.ApplicationsAsync(ev.Id, cancellationToken);
        var accepted = applications.Where(a => a.Status == ApplicationStatus.Accepted).ToList();
        var entries = new List<RevenueEntry>();
        foreach (var producerId in accepted.Select(a => a.ProducerId).Distinct())
            entries.AddRange(await revenue.AtEventAsync(producerId, ev.Id, cancellationToken));
        return EventResult.Of(ev, applications, entries,
            await ScansAsync(ev, accepted.SelectMany(a => a.ProductIds).Distinct(), cancellationToken),
            LinkageFigures.ForEvent(ev.Id, linkage.Enquiries, linkage.Deals));
    }

    private async Task<long> ScansAsync(
        TradeEvent ev, IEnumerable<string> productIds, CancellationToken cancellationToken)
    {
        var (from, to) = EventResult.Window(ev);
        long count = 0;
        foreach (var productId in productIds)
            foreach (var batch in await batches.ListAsync(productId, cancellationToken))
                count += await scans.ViewsBetweenAsync(batch.TraceCode, from, to, cancellationToken);
        return count;
    }
}

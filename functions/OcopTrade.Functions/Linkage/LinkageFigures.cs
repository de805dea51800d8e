using OcopTrade.Functions.Revenue;

namespace OcopTrade.Functions.Linkage;

/// <summary>Enquiries and deals of one trade-promotion event in the period.</summary>
public sealed record LinkageEventFigures(
    string EventId, int Enquiries, int DealsConfirmed, long ConfirmedValueVnd, int SubjectsInLinkage);

/// <summary>Supply–demand connection in a period: enquiries sent in it, deals whose period overlaps it, and the
/// subjects in linkage (distinct producers with a confirmed deal overlapping it).</summary>
public sealed record LinkageReport(
    string? Province, string? ProducerId, string From, string To, int Enquiries, int EnquiriesAnswered,
    int DealsRecorded, int DealsAwaitingConfirmation, int DealsConfirmed, int DealsDisputed, long ConfirmedValueVnd,
    int SubjectsInLinkage, IReadOnlyList<LinkageEventFigures> ByEvent, string Basis);

/// <summary>The linkage figures, from records already read: no I/O, so every rule here is tested directly.</summary>
public static class LinkageFigures
{
    public const string Basis = "Enquiries sent in the period; deals whose period overlaps it. Only deals the other " +
        "side confirmed count towards value and subjects in linkage (distinct producers with a confirmed deal).";

    /// <summary>Producers with a confirmed deal sharing a day with the period: "subjects in linkage".</summary>
    public static HashSet<string> LinkedProducers(IEnumerable<Deal> deals, ReportPeriod period) =>
        deals.Where(d => d.Counts && d.Overlaps(period.From, period.LastDay)).Select(d => d.ProducerId)
            .ToHashSet(StringComparer.Ordinal);

    public static bool SentIn(Enquiry enquiry, ReportPeriod period) =>
        period.Contains(DateOnly.FromDateTime(enquiry.CreatedAt.UtcDateTime.AddHours(7)));

    public static LinkageReport Compute(
        string? province, string? producerId, IEnumerable<Enquiry> allEnquiries, IEnumerable<Deal> allDeals,
        ReportPeriod period)
    {
        var enquiries = allEnquiries.Where(e => SentIn(e, period)).ToList();
        var deals = allDeals.Where(d => d.Overlaps(period.From, period.LastDay)).ToList();
        var confirmed = deals.Where(d => d.Counts).ToList();
        return new LinkageReport(province, producerId, period.FromMonth, period.ToMonth, enquiries.Count,
            enquiries.Count(e => e.Status != EnquiryStatus.Open), deals.Count,
            deals.Count(d => d.Status == DealStatus.AwaitingConfirmation), confirmed.Count,
            deals.Count(d => d.Status == DealStatus.Disputed), confirmed.Sum(d => d.ValueVnd),
            LinkedProducers(deals, period).Count, ByEvent(enquiries, confirmed), Basis);
    }

    private static List<LinkageEventFigures> ByEvent(List<Enquiry> enquiries, List<Deal> confirmed) =>
    [
        .. enquiries.Select(e => e.EventId).Concat(confirmed.Select(d => d.EventId)).OfType<string>()
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(id => ForEvent(id, enquiries, confirmed)),
    ];

    /// <summary>An event's enquiries and confirmed deals, of whatever period: what the event connected.</summary>
    public static LinkageEventFigures ForEvent(string eventId, IEnumerable<Enquiry> enquiries, IEnumerable<Deal> deals)
    {
        var confirmed = deals.Where(d => d.Counts && d.EventId == eventId).ToList();
        return new LinkageEventFigures(eventId, enquiries.Count(e => e.EventId == eventId), confirmed.Count,
            confirmed.Sum(d => d.ValueVnd), confirmed.Select(d => d.ProducerId).Distinct(StringComparer.Ordinal).Count());
    }
}

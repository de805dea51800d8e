using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.TradeEvents;

namespace OcopTrade.Functions.Linkage;

/// <summary>An enquiry or a deal may name the trade-promotion event it grew from, and that event's results count
/// it. Events take producers of their own province, so the event must be one of the producer's province, and one
/// that was held: a misspelt id or a cancelled event would count in no results at all.</summary>
public static class EventLinks
{
    public static async Task<ProblemHttpResult?> CheckAsync(
        string? eventId, string producerProvince, EventStore events, CancellationToken cancellationToken)
    {
        if (eventId is null) return null;
        var found = await events.FindAsync(eventId, cancellationToken);
        return found?.Event is { Status: not EventStatus.Cancelled } ev && Provinces.Same(ev.Province, producerProvince)
            ? null
            : Problems.Invalid("eventId", "No event of the producer's province that was not cancelled has this id.");
    }
}

using Azure;
using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Notifications;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Producers;
using OcopTrade.Functions.SalesPoints;

namespace OcopTrade.Functions.TradeEvents;

/// <summary>What a decision came to: the decided application and its ETag, or the problem that refused it.</summary>
public sealed record DecisionResult(
    EventApplication? Application, ETag ETag = default, ProblemHttpResult? Problem = null);

/// <summary>The department's decision on an application, with what follows an acceptance: the stall becomes a sales
/// point of the event's days, scoped to the event and the producer, and the producer is told by mail.</summary>
public sealed class ApplicationDecisions(
    EventStore store, SalesPointStore points, ProducerStore producers, INotifier notifier, TimeProvider clock)
{
    public async Task<DecisionResult> DecideAsync(TradeEvent ev, EventApplication application, ETag ifMatch,
        DecisionRequest request, string decidedBy, CancellationToken cancellationToken)
    {
        var taken = (await store.ApplicationsAsync(ev.Id, cancellationToken))
            .Where(a => a.Status == ApplicationStatus.Accepted && a.Stall is not null)
            .Select(a => a.Stall!.Value).ToList();
        var decision = application.Decide(request, request.Reason ?? "", ev, taken,
            StallId(ev.Id, application.ProducerId), decidedBy, clock.GetUtcNow());
        if (decision.Decided is not { } decided)
            return new(null, Problem: decision.Conflict
                ? Problems.Conflict(decision.Error!) : Problems.Invalid(decision.Field!, decision.Error!));

        var producer = await producers.FindAsync(application.ProducerId, cancellationToken);
        // The stall's sales point first: a decision that then fails leaves an unused point, never an accepted
        // application without its stall.
        if (decided.Status == ApplicationStatus.Accepted)
            await OpenStallAsync(ev, decided, producer, cancellationToken);
        var (outcome, etag) = await store.DecideAsync(decided, ifMatch, cancellationToken);
        if (outcome == DecideOutcome.Stale) return new(null, Problem: Problems.PreconditionFailed());
        if (outcome == DecideOutcome.StallTaken)
            return new(null,
                Problem: Problems.Conflict($"Stall {decided.Stall} is assigned to another producer already."));
        await NotifyAsync(ev, decided, producer, cancellationToken);
        return new(decided, etag);
    }

    /// <summary>One stall per producer per event: its id is derived from both, so a repeated acceptance finds
    /// it.</summary>
    public static string StallId(string eventId, string producerId) =>
        Ids.FromIdempotencyKey("stall|" + eventId, producerId);

    private Task<SalesPoint> OpenStallAsync(TradeEvent ev, EventApplication accepted, Producer? producer,
        CancellationToken cancellationToken) =>
        points.CreateStallAsync(new SalesPoint(accepted.SalesPointId!,
            Truncate($"Gian hàng {accepted.Stall} – {producer?.LegalName ?? accepted.ProducerId}", 200),
            SalesPointKind.FairStall, ev.Province, null, Truncate(ev.Place, 300), clock.GetUtcNow(), ev.Id,
            accepted.ProducerId, ev.From, ev.To), cancellationToken);

    /// <summary>Only what the producer sees in the portal anyway: the event, the decision, its reason and
    /// stall.</summary>
    private Task NotifyAsync(
        TradeEvent ev, EventApplication decided, Producer? producer, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(producer?.Email)
            ? Task.CompletedTask
            : notifier.NotifyAsync(new ApplicationDecided($"application|{decided.Id}|decided", producer.Email,
                producer.LegalName, "/portal/events", ev.Name, decided.Status == ApplicationStatus.Accepted,
                decided.Reason, decided.Stall?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                cancellationToken);

    private static string Truncate(string text, int length) =>
        new System.Globalization.StringInfo(text).LengthInTextElements <= length
            ? text : new System.Globalization.StringInfo(text).SubstringByTextElements(0, length);
}

namespace OcopTrade.Functions.TradeEvents;

public enum ApplicationStatus { Submitted, Accepted, Declined, Withdrawn }

/// <summary>What a producer sends to apply: the products it will bring.</summary>
public sealed record ApplicationRequest(IReadOnlyList<string>? ProductIds);

/// <summary>The department's decision: accept with a stall, or decline with a reason.</summary>
public sealed record DecisionRequest(bool? Accepted, string? Reason, int? Stall);

/// <summary>A producer's application to an event. Decided once; a declined or withdrawn application is kept, with
/// its reason. <see cref="SalesPointId"/> is the accepted stall's own sales point.</summary>
public sealed record EventApplication(
    string Id, string EventId, string ProducerId, IReadOnlyList<string> ProductIds, ApplicationStatus Status,
    DateTimeOffset SubmittedAt, string? Reason = null, int? Stall = null, string? SalesPointId = null,
    string? DecidedBy = null, DateTimeOffset? DecidedAt = null, DateTimeOffset? WithdrawnAt = null)
{
    public const int MaxProducts = 30;

    /// <summary>The outcome of a decision: the decided application, or the field and why it was refused (and
    /// whether the refusal is a conflict with the event's state rather than bad input).</summary>
    public sealed record Decision(EventApplication? Decided, string? Field = null, string? Error = null,
        bool Conflict = false);

    /// <summary>Decides a submitted application. Accepting needs a stall within the event's count that no other
    /// accepted application holds, and room among the stalls; declining needs a reason.</summary>
    public Decision Decide(DecisionRequest request, string reason, TradeEvent ev, IReadOnlyCollection<int> stallsTaken,
        string salesPointId, string decidedBy, DateTimeOffset now)
    {
        if (Status != ApplicationStatus.Submitted)
            return new(null, "status",
                $"The application is {Status.ToString().ToLowerInvariant()}; it was decided already.", true);
        if (ev.Status == EventStatus.Cancelled) return new(null, "status", "The event is cancelled.", true);
        if (request.Accepted != true)
            return string.IsNullOrEmpty(reason)
                ? new(null, "reason", "A decline needs a reason the producer can read.")
                : new(Declined(reason, decidedBy, now));
        if (stallsTaken.Count >= ev.StallCount)
            return new(null, "stall",
                $"All {ev.StallCount} stalls are assigned; no more producers can be accepted.", true);
        if (request.Stall is not { } stall || stall < 1 || stall > ev.StallCount)
            return new(null, "stall", $"Assign a stall number between 1 and {ev.StallCount}.");
        if (stallsTaken.Contains(stall))
            return new(null, "stall", $"Stall {stall} is assigned to another producer already.", true);
        return new(this with
        {
            Status = ApplicationStatus.Accepted,
            Stall = stall,
            Reason = string.IsNullOrEmpty(reason) ? null : reason,
            SalesPointId = salesPointId,
            DecidedBy = decidedBy,
            DecidedAt = now,
        });
    }

    private EventApplication Declined(string reason, string by, DateTimeOffset at) =>
        this with { Status = ApplicationStatus.Declined, Reason = reason, DecidedBy = by, DecidedAt = at };

    /// <summary>The producer withdraws an application not yet decided; withdrawing it again changes nothing.
    /// Null when it was decided already (then the department's decision stands).</summary>
    public EventApplication? Withdraw(DateTimeOffset now) => Status switch
    {
        ApplicationStatus.Withdrawn => this,
        ApplicationStatus.Submitted => this with { Status = ApplicationStatus.Withdrawn, WithdrawnAt = now },
        _ => null,
    };

    /// <summary>Why these products may not be brought, or null: each the producer's own and published, no
    /// repeats, at least one and at most <see cref="MaxProducts"/>.</summary>
    public static string? ProductsRefusal(IReadOnlyList<string>? requested, string producerId,
        Func<string, Products.Product?> find)
    {
        if (requested is not { Count: > 0 }) return "Name at least one of your published products.";
        if (requested.Count > MaxProducts) return $"At most {MaxProducts} products.";
        if (requested.Distinct(StringComparer.Ordinal).Count() != requested.Count) return "A product is named twice.";
        foreach (var id in requested)
        {
            var product = find(id);
            if (product is null || product.ProducerId != producerId) return $"'{id}' is not one of your products.";
            if (product.Status != Products.ProductStatus.Published) return $"'{id}' is not published.";
        }
        return null;
    }
}

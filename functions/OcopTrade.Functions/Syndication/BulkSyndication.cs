using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Syndication;

/// <summary>What a bulk action does to every product of its scope: send each ready one to a channel, or retry each
/// listing that needs attention.</summary>
public enum BulkAction { SendReady, RetryAttention }

public enum BulkState { Queued, Running, Done }

/// <summary>The body of <c>POST …/bulk-syndications</c>.</summary>
public sealed record BulkSyndicationRequest(string? Action, string? Channel)
{
    /// <summary>The action and channel asked for, or the errors naming what is wrong. A channel is required to send
    /// (a product is ready for one marketplace, not for all); a retry may name one or mean every channel.</summary>
    public (BulkAction Action, Channel? Channel)? Validate(FieldErrors errors)
    {
        var action = errors.Text("action", Action, 40, required: true) switch
        {
            null => (BulkAction?)null,
            "sendReady" => BulkAction.SendReady,
            "retryAttention" => BulkAction.RetryAttention,
            _ => Refused(errors, "action", "Use sendReady or retryAttention."),
        };
        var name = errors.Text("channel", Channel, 40, required: action == BulkAction.SendReady);
        var channel = name is null ? null : Channels.Find(name);
        if (name is not null && channel is null)
            errors.Add("channel", "Use one of: " + string.Join(", ", Channels.All.Select(c => c.Name)) + ".");
        return errors.Any || action is not { } chosen ? null : (chosen, channel);
    }

    private static BulkAction? Refused(FieldErrors errors, string field, string message)
    {
        errors.Add(field, message);
        return null;
    }
}

/// <summary>Whose products a bulk action goes through: one producer's, or every producer's of a province.</summary>
public sealed record BulkScope(string? ProducerId, string? Province)
{
    public static BulkScope Producer(string producerId) => new(producerId, null);

    public static BulkScope OfProvince(string province) => new(null, province);

    public override string ToString() => ProducerId is { } id ? "producer:" + id : "province:" + Province;
}

/// <summary>A product left alone, with the channel and the unmet requirements of its readiness checklist.</summary>
public sealed record BulkSkip(string ProductId, string Name, string Channel, IReadOnlyList<ReadinessCheck> Unmet);

/// <summary>What one product came to: jobs queued, channels already holding this version, channels skipped with
/// their reasons, or a failure to find out.</summary>
public sealed record ProductOutcome(int Queued, int Unchanged, IReadOnlyList<BulkSkip> Skipped, bool Failed = false)
{
    public static readonly ProductOutcome Nothing = new(0, 0, []);

    public static readonly ProductOutcome Failure = new(0, 0, [], Failed: true);
}

/// <summary>One bulk action and how far it got. Pages of products are processed one message each; <see cref="Page"/>
/// is the next page to process and <see cref="ContinuationToken"/> where it starts, so a re-delivered message for a
/// page already counted changes nothing.</summary>
public sealed record BulkSyndicationRecord
{
    /// <summary>Skipped products listed with reasons, at most; the count goes on.</summary>
    public const int SkippedListed = 20;

    public required string Id { get; init; }
    public required BulkAction Action { get; init; }
    public string? Channel { get; init; }
    public required BulkScope Scope { get; init; }
    public required Access.Caller Caller { get; init; }
    public BulkState State { get; init; } = BulkState.Queued;
    public int Total { get; init; }
    public int Processed { get; init; }
    public int Queued { get; init; }
    public int Unchanged { get; init; }
    public int Skipped { get; init; }
    public int Failed { get; init; }
    public IReadOnlyList<BulkSkip> SkippedProducts { get; init; } = [];
    public int Page { get; init; }
    public string? ContinuationToken { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The page's products counted in, and the checkpoint moved past it: done when no page follows.</summary>
    public BulkSyndicationRecord Counting(
        IReadOnlyList<ProductOutcome> outcomes, string? nextToken, DateTimeOffset now) => this with
        {
            State = nextToken is null ? BulkState.Done : BulkState.Running,
            Processed = Processed + outcomes.Count,
            Queued = Queued + outcomes.Sum(o => o.Queued),
            Unchanged = Unchanged + outcomes.Sum(o => o.Unchanged),
            Skipped = Skipped + outcomes.Count(o => o.Skipped.Count > 0),
            Failed = Failed + outcomes.Count(o => o.Failed),
            SkippedProducts = [.. SkippedProducts.Concat(outcomes.SelectMany(o => o.Skipped)).Take(SkippedListed)],
            // Products added while the action runs may push the count past the total taken at its start.
            Total = Math.Max(Total, Processed + outcomes.Count),
            Page = Page + 1,
            ContinuationToken = nextToken,
            UpdatedAt = now,
        };

    /// <summary>How long a started action may wait for its first page before a repeated request sends it again.
    /// </summary>
    public static readonly TimeSpan StartGrace = TimeSpan.FromMinutes(2);

    /// <summary>Recorded but, this long after, still not begun: its first message was most likely never sent (a
    /// crash between the two writes). Sending it again is safe: a second delivery of a page is counted once.</summary>
    public bool NeverBegan(DateTimeOffset now) =>
        State == BulkState.Queued && Page == 0 && now - CreatedAt > StartGrace;

    /// <summary>What a message for <paramref name="page"/> should do given this checkpoint.</summary>
    public PageTurn Turn(int page) => State == BulkState.Done ? PageTurn.Finished
        : page == Page ? PageTurn.Process
        : page == Page - 1 ? PageTurn.SendNext
        : PageTurn.Stale;
}

/// <summary>Process the page; it was counted already, but its successor may never have been sent (a crash between
/// the two), so send that; or nothing at all.</summary>
public enum PageTurn { Process, SendNext, Finished, Stale }

/// <summary>The message on <see cref="BulkSyndicationFunction.Queue"/>: process this page of this bulk action.
/// </summary>
public sealed record BulkSyndicationPage(string BulkId, int Page);

/// <summary>What <c>GET /api/bulk-syndications/{id}</c> answers.</summary>
public sealed record BulkSyndicationView(
    string Id, BulkAction Action, string? Channel, string? ProducerId, string? Province, BulkState State, int Total,
    int Processed, int Queued, int Unchanged, int Skipped, int Failed, IReadOnlyList<BulkSkip> SkippedProducts,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static BulkSyndicationView Of(BulkSyndicationRecord r) => new(
        r.Id, r.Action, r.Channel, r.Scope.ProducerId, r.Scope.Province, r.State, r.Total, r.Processed, r.Queued,
        r.Unchanged, r.Skipped, r.Failed, r.SkippedProducts, r.CreatedAt, r.UpdatedAt);
}

using System.Text.Json.Serialization;

namespace OcopTrade.Functions.Syndication;

/// <summary>Where one product stands on one marketplace.</summary>
public enum SyndicationState { Queued, Publishing, Live, Rejected, Retrying, NeedsAttention, Delisted }

public sealed record HistoryEntry(DateTimeOffset At, SyndicationState State, string Detail);

/// <summary>One product on one channel: the row a producer reads, and the job's memory across retries and crashes.
/// <see cref="Version"/> is the product version last asked for; <see cref="SyncedVersion"/> the one the marketplace holds.</summary>
public sealed record SyndicationRecord
{
    public required string ProductId { get; init; }
    public required string Channel { get; init; }
    public required string ProducerId { get; init; }
    public required SyndicationState State { get; init; }
    /// <summary>What the producer wants: listed, or taken down. Jobs arriving out of order obey this, not their own action.</summary>
    public JobAction Intent { get; init; } = JobAction.Publish;
    public string? ExternalId { get; init; }
    public string? Url { get; init; }
    public IReadOnlyList<string> Reasons { get; init; } = [];
    public int Attempt { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public IReadOnlyList<HistoryEntry> History { get; init; } = [];
    public string? Version { get; init; }
    public string? SyncedVersion { get; init; }
    public DateTimeOffset? LiveSince { get; init; }

    /// <summary>At most this many history lines are kept per channel; older ones fall off.</summary>
    public const int HistoryLimit = 50;

    /// <summary>The next state, with a history line; a repeated identical line (a retried job) is not added twice.</summary>
    public SyndicationRecord Moving(SyndicationState state, string detail, DateTimeOffset now)
    {
        var last = History.Count > 0 ? History[^1] : null;
        var history = last is not null && last.State == state && last.Detail == detail
            ? History
            : History.Append(new HistoryEntry(now, state, detail)).TakeLast(HistoryLimit).ToList();
        return this with { State = state, UpdatedAt = now, History = history };
    }
}

/// <summary>What <c>GET /api/products/{id}/syndications</c> answers per channel. Every field is always present
/// (null when unknown) so the portal can bind to it.</summary>
public sealed record SyndicationView(
    string Channel,
    SyndicationState State,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ExternalId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Url,
    IReadOnlyList<string> Reasons,
    int Attempt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTimeOffset? NextAttemptAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<HistoryEntry> History)
{
    public static SyndicationView Of(SyndicationRecord r) =>
        new(r.Channel, r.State, r.ExternalId, r.Url, r.Reasons, r.Attempt, r.NextAttemptAt, r.UpdatedAt, r.History);
}

public sealed record SyndicationRequest(List<string>? Channels);

public enum JobAction { Publish, Delist }

/// <summary>Who asked: a producer's press, the coalesced re-sync after edits, or the lifecycle (suspension, lapse).</summary>
public enum JobOrigin { Producer, Resync, Lifecycle }

/// <summary>The message on a marketplace's queue. <see cref="Throttles"/> counts re-queues after 429s, which do not
/// count as failed attempts (a busy marketplace is not a broken listing).</summary>
public sealed record SyndicationJob(string ProductId, string Channel, JobAction Action, string Version, JobOrigin Origin, int Throttles = 0);

/// <summary>The message on the coalescing queue: "this product changed; re-sync its listings once things settle".</summary>
public sealed record ResyncRequest(string ProductId);

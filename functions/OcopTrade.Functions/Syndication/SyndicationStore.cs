using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Syndication;

/// <summary>One partition per product (so a product's channels read in one query and change together in a batch):
/// a row per channel (RowKey = channel), a row per stretch of time a listing was live (<c>~live|channel|ticks</c>,
/// for the participation report) and the coalescing marker (<c>~resync</c>). '~' sorts after every channel name.</summary>
public sealed class SyndicationStore(TableServiceClient tables)
{
    public const string TableName = "Syndications";
    private const string ResyncRow = "~resync";
    private const string SpanPrefix = "~live|";
    private readonly TableClient _table = tables.GetTableClient(TableName);

    public async Task<IReadOnlyList<(SyndicationRecord Record, ETag ETag)>> ListAsync(string productId, CancellationToken cancellationToken)
    {
        var rows = new List<(SyndicationRecord, ETag)>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {productId} and RowKey lt {"~"}");
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            rows.Add((From(e), e.ETag));
        return rows.OrderBy(r => r.Item1.Channel, StringComparer.Ordinal).ToList();
    }

    public async Task<(SyndicationRecord Record, ETag ETag)?> FindAsync(string productId, string channel, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(productId, channel, cancellationToken: cancellationToken);
        return response.HasValue ? (From(response.Value!), response.Value!.ETag) : null;
    }

    /// <summary>Writes the record if nobody changed it since <paramref name="etag"/> (or, with no etag, if it does not
    /// exist yet); also opens or closes its live span in the same transaction. Returns the new ETag, or null when
    /// someone else won the race.</summary>
    public async Task<ETag?> TryWriteAsync(SyndicationRecord record, ETag? etag, CancellationToken cancellationToken, SyndicationRecord? before = null)
    {
        var actions = new List<TableTransactionAction>
        {
            etag is { } tag
                ? new(TableTransactionActionType.UpdateReplace, To(record), tag)
                : new(TableTransactionActionType.Add, To(record)),
        };
        if (record.LiveSince is { } since && before?.LiveSince != since)
            actions.Add(new(TableTransactionActionType.UpsertReplace, Span(record, since, null)));
        if (before?.LiveSince is { } wasSince && record.LiveSince != wasSince)
            actions.Add(new(TableTransactionActionType.UpsertReplace, Span(before, wasSince, record.UpdatedAt)));
        try
        {
            var response = await _table.SubmitTransactionAsync(actions, cancellationToken);
            return response.Value[0].Headers.ETag ?? new ETag("*");
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412) { return null; }
    }

    /// <summary>Reads, changes and writes one channel's record under its ETag, again on a lost race. The change may
    /// answer null to leave the record as it is.</summary>
    public async Task<(SyndicationRecord Record, ETag ETag)?> UpdateAsync(
        string productId, string channel, Func<SyndicationRecord?, SyndicationRecord?> change, CancellationToken cancellationToken,
        (SyndicationRecord Record, ETag ETag)? known = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            // The first try may use a version the caller already holds, saving a read on the common, uncontended path.
            var found = attempt == 0 && known is not null ? known : await FindAsync(productId, channel, cancellationToken);
            var next = change(found?.Record);
            if (next is null) return found;
            if (await TryWriteAsync(next, found?.ETag, cancellationToken, found?.Record) is { } etag) return (next, etag);
            if (attempt >= 10) throw new InvalidOperationException($"{productId}/{channel}: too much contention.");
        }
    }

    /// <summary>Marks a product as changed. True when this is the first change since the last re-sync (or the marker
    /// is older than <paramref name="stale"/>, so its message was lost), and the caller queues one delayed re-sync;
    /// later changes only touch the marker, which tells that re-sync to look again.</summary>
    public async Task<bool> MarkChangedAsync(string productId, DateTimeOffset now, TimeSpan stale, CancellationToken cancellationToken)
    {
        try
        {
            await _table.AddEntityAsync(new TableEntity(productId, ResyncRow) { ["ChangedAt"] = now, ["QueuedAt"] = now }, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = (await _table.GetEntityIfExistsAsync<TableEntity>(productId, ResyncRow, cancellationToken: cancellationToken));
            var queuedAt = existing.HasValue ? existing.Value!.GetDateTimeOffset("QueuedAt") ?? now : now;
            var requeue = !existing.HasValue || now - queuedAt > stale;
            await _table.UpsertEntityAsync(new TableEntity(productId, ResyncRow) { ["ChangedAt"] = now, ["QueuedAt"] = requeue ? now : queuedAt },
                TableUpdateMode.Replace, cancellationToken);
            return requeue;
        }
    }

    public async Task<ETag?> ChangeMarkerAsync(string productId, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(productId, ResyncRow, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value!.ETag : null;
    }

    /// <summary>Clears the marker if no change arrived since it was read; false means "changed again meanwhile".</summary>
    public async Task<bool> TryClearChangeMarkerAsync(string productId, ETag etag, CancellationToken cancellationToken)
    {
        try { await _table.DeleteEntityAsync(productId, ResyncRow, etag, cancellationToken); return true; }
        catch (RequestFailedException e) when (e.Status == 412) { return false; }
        catch (RequestFailedException e) when (e.Status == 404) { return true; }
    }

    /// <summary>Producers that had a listing live on any marketplace at some moment in [from, to): the revenue
    /// report's "participates in e-commerce". Reads only the live-span rows, filtered on the server.</summary>
    public async Task<IReadOnlySet<string>> ProducersWithLiveListingsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey ge {SpanPrefix} and RowKey lt {"~live}"} and Start lt {to}") +
            " and (" + TableClient.CreateQueryFilter($"Open eq true or End gt {from}") + ")";
        var producers = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, select: ["ProducerId"],
            cancellationToken: cancellationToken))
            producers.Add(e.GetString("ProducerId"));
        return producers;
    }

    /// <summary>Producers with any product ever sent to this channel: the sellers whose orders are pulled.</summary>
    public async Task<IReadOnlySet<string>> ProducersOnAsync(string channel, CancellationToken cancellationToken)
    {
        var producers = new HashSet<string>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"RowKey eq {channel}");
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, select: ["ProducerId"],
            cancellationToken: cancellationToken))
            producers.Add(e.GetString("ProducerId"));
        return producers;
    }

    /// <summary>One page of the products live on a channel (and meant to stay), with the token of the next page.</summary>
    public async Task<(IReadOnlyList<string> ProductIds, string? Next)> LiveOnAsync(
        string channel, string? continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"RowKey eq {channel} and State eq {nameof(SyndicationState.Live)} and Intent eq {nameof(JobAction.Publish)}");
        await foreach (var page in _table.QueryAsync<TableEntity>(filter, pageSize, ["PartitionKey"], cancellationToken)
            .AsPages(continuationToken, pageSize))
            return (page.Values.Select(e => e.PartitionKey).ToList(), page.ContinuationToken);
        return ([], null);
    }

    /// <summary>Every channel record in a state the lifecycle sweep looks at (live or on its way there).</summary>
    public async IAsyncEnumerable<SyndicationRecord> ActiveAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey lt {"~"} and State ne {nameof(SyndicationState.Delisted)}");
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            yield return From(e);
    }

    private static TableEntity Span(SyndicationRecord r, DateTimeOffset since, DateTimeOffset? end) =>
        new(r.ProductId, $"{SpanPrefix}{r.Channel}|{since.UtcTicks:D19}")
        {
            ["ProducerId"] = r.ProducerId, ["Channel"] = r.Channel, ["Start"] = since, ["End"] = end, ["Open"] = end is null,
        };

    private static TableEntity To(SyndicationRecord r) => new(r.ProductId, r.Channel)
    {
        ["ProducerId"] = r.ProducerId,
        ["State"] = r.State.ToString(),
        ["Intent"] = r.Intent.ToString(),
        ["ExternalId"] = r.ExternalId,
        ["Url"] = r.Url,
        ["Reasons"] = JsonSerializer.Serialize(r.Reasons, Json.Options),
        ["Attempt"] = r.Attempt,
        ["NextAttemptAt"] = r.NextAttemptAt,
        ["UpdatedAt"] = r.UpdatedAt,
        ["History"] = JsonSerializer.Serialize(r.History, Json.Options),
        ["Version"] = r.Version,
        ["SyncedVersion"] = r.SyncedVersion,
        ["LiveSince"] = r.LiveSince,
    };

    private static SyndicationRecord From(TableEntity e) => new()
    {
        ProductId = e.PartitionKey,
        Channel = e.RowKey,
        ProducerId = e.GetString("ProducerId"),
        State = Enum.Parse<SyndicationState>(e.GetString("State")),
        Intent = Enum.TryParse<JobAction>(e.GetString("Intent"), out var intent) ? intent : JobAction.Publish,
        ExternalId = e.GetString("ExternalId"),
        Url = e.GetString("Url"),
        Reasons = JsonSerializer.Deserialize<List<string>>(e.GetString("Reasons") ?? "[]", Json.Options) ?? [],
        Attempt = e.GetInt32("Attempt") ?? 0,
        NextAttemptAt = e.GetDateTimeOffset("NextAttemptAt"),
        UpdatedAt = e.GetDateTimeOffset("UpdatedAt") ?? default,
        History = JsonSerializer.Deserialize<List<HistoryEntry>>(e.GetString("History") ?? "[]", Json.Options) ?? [],
        Version = e.GetString("Version"),
        SyncedVersion = e.GetString("SyncedVersion"),
        LiveSince = e.GetDateTimeOffset("LiveSince"),
    };
}

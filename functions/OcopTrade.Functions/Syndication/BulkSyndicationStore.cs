using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Syndication;

/// <summary>One row per bulk action (PartitionKey = its id): what was asked, by whom, and its progress, which is
/// also the checkpoint its pages move under ETags.</summary>
public sealed class BulkSyndicationStore(TableServiceClient tables)
{
    public const string TableName = "BulkSyndications";
    private readonly TableClient _table = tables.GetTableClient(TableName);

    /// <summary>Adds the action, or with a repeated Idempotency-Key finds the one it started and whether it was asked
    /// the same thing.</summary>
    public async Task<(BulkSyndicationRecord Record, bool Created, bool SameRequest)> CreateAsync(
        BulkSyndicationRecord record, string fingerprint, CancellationToken cancellationToken)
    {
        var (stored, _, created, same) =
            await IdempotentInsert.AddAsync(_table, To(record), fingerprint, cancellationToken);
        return (From(stored), created, same);
    }

    public async Task<(BulkSyndicationRecord Record, ETag ETag)?> FindAsync(
        string id, CancellationToken cancellationToken)
    {
        if (!Ids.LooksValid(id)) return null;
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(id, "", cancellationToken: cancellationToken);
        return found.HasValue ? (From(found.Value!), found.Value!.ETag) : null;
    }

    /// <summary>Writes the progress if nobody moved it since <paramref name="etag"/>; false when another delivery of
    /// the same page got there first.</summary>
    public async Task<bool> TryCheckpointAsync(
        BulkSyndicationRecord record, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await _table.UpdateEntityAsync(To(record), etag, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 412) { return false; }
    }

    private static TableEntity To(BulkSyndicationRecord r) => new(r.Id, "")
    {
        ["Action"] = r.Action.ToString(),
        ["Channel"] = r.Channel,
        ["ProducerId"] = r.Scope.ProducerId,
        ["Province"] = r.Scope.Province,
        ["CallerRole"] = r.Caller.Role.ToString(),
        ["CallerProducerId"] = r.Caller.ProducerId,
        ["CallerProvince"] = r.Caller.Province,
        ["State"] = r.State.ToString(),
        ["Total"] = r.Total,
        ["Processed"] = r.Processed,
        ["Queued"] = r.Queued,
        ["Unchanged"] = r.Unchanged,
        ["Skipped"] = r.Skipped,
        ["Failed"] = r.Failed,
        ["SkippedProducts"] = JsonSerializer.Serialize(r.SkippedProducts, Json.Options),
        ["Page"] = r.Page,
        // Merge keeps a property written as null: an empty token says "no further page" instead.
        ["ContinuationToken"] = r.ContinuationToken ?? "",
        ["CreatedAt"] = r.CreatedAt,
        ["UpdatedAt"] = r.UpdatedAt,
    };

    private static BulkSyndicationRecord From(TableEntity e) => new()
    {
        Id = e.PartitionKey,
        Action = Enum.Parse<BulkAction>(e.GetString("Action")),
        Channel = e.GetString("Channel"),
        Scope = new BulkScope(e.GetString("ProducerId"), e.GetString("Province")),
        Caller = new Caller(Enum.Parse<Role>(e.GetString("CallerRole")), e.GetString("CallerProducerId"), null,
            e.GetString("CallerProvince")),
        State = Enum.Parse<BulkState>(e.GetString("State")),
        Total = e.GetInt32("Total") ?? 0,
        Processed = e.GetInt32("Processed") ?? 0,
        Queued = e.GetInt32("Queued") ?? 0,
        Unchanged = e.GetInt32("Unchanged") ?? 0,
        Skipped = e.GetInt32("Skipped") ?? 0,
        Failed = e.GetInt32("Failed") ?? 0,
        SkippedProducts =
            JsonSerializer.Deserialize<List<BulkSkip>>(e.GetString("SkippedProducts") ?? "[]", Json.Options) ?? [],
        Page = e.GetInt32("Page") ?? 0,
        ContinuationToken = e.GetString("ContinuationToken") is { Length: > 0 } token ? token : null,
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
        UpdatedAt = e.GetDateTimeOffset("UpdatedAt") ?? default,
    };
}

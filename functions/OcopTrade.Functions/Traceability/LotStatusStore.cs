using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Traceability;

/// <summary>A lot held or recalled, as the department's list shows it.</summary>
public sealed record OpenLot(string ProductId, string BatchId, string ProductName, string LotNumber, string TraceCode,
    LotStatus Status);

/// <summary>Lot standings, one partition per product: a row per lot with its current standing (<c>{batchId}</c>,
/// guarded by its ETag) and a row per change (<c>{batchId}|{ticks}|{id}</c>). A change writes both in one
/// transaction, so the standing never moves without its history line, and history rows are never updated or
/// deleted. A lot that never had a row is on sale.</summary>
public sealed class LotStatusStore(TableServiceClient service)
{
    private const string Current = "current";
    private const string History = "history";
    private readonly TableClient _table = service.GetTableClient(StorageNames.LotStatusTable);

    public async Task<(LotStatus Status, ETag? ETag)> FindAsync(string productId, string batchId, CancellationToken ct)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(productId, batchId, cancellationToken: ct);
        return found.HasValue ? (ToStatus(found.Value!), found.Value!.ETag) : (LotStatus.OnSale, null);
    }

    /// <summary>The standing of every lot of a product that ever had one, by batch id.</summary>
    public async Task<IReadOnlyDictionary<string, LotStatus>> ForProductAsync(string productId, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {productId} and Kind eq {Current}");
        var statuses = new Dictionary<string, LotStatus>(StringComparer.Ordinal);
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            statuses[e.RowKey] = ToStatus(e);
        return statuses;
    }

    public async Task<IReadOnlyList<LotStatusEntry>> HistoryAsync(
        string productId, string batchId, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {productId} and RowKey gt {batchId + "|"} and RowKey lt {batchId + "}"}");
        var entries = new List<LotStatusEntry>();
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct)) entries.Add(ToEntry(e));
        return entries;
    }

    /// <summary>Writes a change if the lot still stands as read at <paramref name="read"/> (null: it had no row);
    /// answers the new ETag, or null when someone changed the lot meanwhile.</summary>
    public async Task<ETag?> WriteAsync(
        Product product, Batch batch, LotChange change, ETag? read, CancellationToken ct)
    {
        var entry = change.Entry!;
        var current = CurrentRow(product, batch, change.Status);
        TableTransactionAction[] actions =
        [
            read is { } etag
                ? new(TableTransactionActionType.UpdateReplace, current, etag)
                : new(TableTransactionActionType.Add, current),
            new(TableTransactionActionType.Add, HistoryRow(product.Id, batch.Id, entry)),
        ];
        try
        {
            var response = await _table.SubmitTransactionAsync(actions, ct);
            return response.Value[0].Headers.ETag;
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412) { return null; }
    }

    /// <summary>Lots held or recalled now, of producers recorded under these province keys (a province and the
    /// former provinces merged into it).</summary>
    public async Task<IReadOnlyList<OpenLot>> OpenAsync(IReadOnlyList<string> provinceKeys, CancellationToken ct)
    {
        var provinces = string.Join(" or ",
            provinceKeys.Select(k => TableClient.CreateQueryFilter($"ProvinceKey eq {k}")));
        var filter = TableClient.CreateQueryFilter($"Kind eq {Current} and State ne {nameof(LotState.None)}")
            + $" and ({provinces})";
        var open = new List<OpenLot>();
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            open.Add(new OpenLot(e.PartitionKey, e.RowKey, e.GetString("ProductName"), e.GetString("LotNumber"),
                e.GetString("TraceCode"), ToStatus(e)));
        return open.OrderByDescending(o => o.Status.Since).ToList();
    }

    private static TableEntity CurrentRow(Product product, Batch batch, LotStatus status) => new(product.Id, batch.Id)
    {
        ["Kind"] = Current,
        ["State"] = status.State.ToString(),
        ["Reason"] = status.Reason,
        ["Since"] = status.Since,
        ["ByRole"] = status.By?.Role.ToString(),
        ["ById"] = status.By?.Id,
        ["Lifted"] = status.Lifted is { } lifted ? JsonSerializer.Serialize(lifted, Json.Options) : null,
        ["ProvinceKey"] = Provinces.Key(product.Province),
        ["ProductName"] = product.Fields.Name,
        ["LotNumber"] = batch.LotNumber,
        ["TraceCode"] = batch.TraceCode,
    };

    private static TableEntity HistoryRow(string productId, string batchId, LotStatusEntry entry) =>
        new(productId, $"{batchId}|{entry.At.UtcTicks:D19}|{Ids.New()}")
        {
            ["Kind"] = History,
            ["At"] = entry.At,
            ["Action"] = entry.Action.ToString(),
            ["From"] = entry.From.ToString(),
            ["To"] = entry.To.ToString(),
            ["ActorRole"] = entry.Actor.Role.ToString(),
            ["ActorId"] = entry.Actor.Id,
            ["Reason"] = entry.Reason,
        };

    private static LotStatus ToStatus(TableEntity e) => new(
        Enum.Parse<LotState>(e.GetString("State")), e.GetString("Reason"), e.GetDateTimeOffset("Since"),
        e.GetString("ByRole") is { } role ? new CertificateActor(Enum.Parse<Role>(role), e.GetString("ById")) : null,
        e.GetString("Lifted") is { } lifted ? JsonSerializer.Deserialize<LotStatusEntry>(lifted, Json.Options) : null);

    private static LotStatusEntry ToEntry(TableEntity e) => new(
        e.GetDateTimeOffset("At")!.Value, Enum.Parse<LotAction>(e.GetString("Action")),
        Enum.Parse<LotState>(e.GetString("From")), Enum.Parse<LotState>(e.GetString("To")),
        new CertificateActor(Enum.Parse<Role>(e.GetString("ActorRole")), e.GetString("ActorId")),
        e.GetString("Reason"));
}

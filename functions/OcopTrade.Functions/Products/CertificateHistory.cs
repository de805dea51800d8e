using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Products;

/// <summary>Who changed a certificate: the caller's role and what it acts for (producer, province, admin).</summary>
public sealed record CertificateActor(Role Role, string Id)
{
    public static CertificateActor Of(Caller caller) => new(caller.Role, caller.Role switch
    {
        Role.Producer => caller.ProducerId ?? "",
        Role.Department => caller.Province ?? "",
        Role.SalesPoint => caller.SalesPointId ?? "",
        _ => "admin",
    });
}

public sealed record CertificateHistoryEntry(
    DateTimeOffset At, CertificateAction Action, CertificateActor Actor, CertificateRecord Before,
    CertificateRecord After, string? Reason);

public sealed record CertificateHistoryView(string ProductId, IReadOnlyList<CertificateHistoryEntry> Items);

/// <summary>The audit log of certificate changes: one partition per product, one row per change, in the order they
/// happened (row keys start with the UTC ticks). Rows are only added, except one whose product write lost a
/// race.</summary>
public sealed class CertificateHistoryStore(TableServiceClient service)
{
    private readonly TableClient _table = service.GetTableClient(StorageNames.CertificateHistoryTable);

    /// <summary>Adds the entry and answers its row key, so a change then failing to be written takes it back.</summary>
    public async Task<string> RecordAsync(
        string productId, CertificateHistoryEntry entry, CancellationToken cancellationToken)
    {
        var rowKey = $"{entry.At.UtcTicks:D19}|{Ids.New()}";
        await _table.AddEntityAsync(new TableEntity(productId, rowKey)
        {
            ["At"] = entry.At,
            ["Action"] = entry.Action.ToString(),
            ["ActorRole"] = entry.Actor.Role.ToString(),
            ["ActorId"] = entry.Actor.Id,
            ["Before"] = JsonSerializer.Serialize(entry.Before, Json.Options),
            ["After"] = JsonSerializer.Serialize(entry.After, Json.Options),
            ["Reason"] = entry.Reason,
        }, cancellationToken);
        return rowKey;
    }

    public async Task WithdrawAsync(string productId, string rowKey, CancellationToken cancellationToken)
    {
        try { await _table.DeleteEntityAsync(productId, rowKey, ETag.All, cancellationToken); }
        catch (RequestFailedException e) when (e.Status == 404) { }
    }

    public async Task<List<CertificateHistoryEntry>> ListAsync(string productId, CancellationToken cancellationToken)
    {
        var entries = new List<CertificateHistoryEntry>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {productId}");
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            entries.Add(new CertificateHistoryEntry(
                e.GetDateTimeOffset("At")!.Value, Enum.Parse<CertificateAction>(e.GetString("Action")),
                new CertificateActor(Enum.Parse<Role>(e.GetString("ActorRole")), e.GetString("ActorId")),
                Record(e.GetString("Before")), Record(e.GetString("After")), e.GetString("Reason")));
        return entries;
    }

    private static CertificateRecord Record(string json) =>
        JsonSerializer.Deserialize<CertificateRecord>(json, Json.Options)
        ?? throw new JsonException("Empty certificate record.");
}

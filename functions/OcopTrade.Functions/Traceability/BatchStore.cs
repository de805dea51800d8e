using System.Globalization;
using Azure;
using Azure.Data.Tables;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Traceability;

/// <summary>Batches sit in their product's partition (a product's lots are read together); trace codes are their
/// own partitions, so a scan is one point read whatever the product.</summary>
public sealed class BatchStore(TableServiceClient service, TraceCode codes, TimeProvider clock)
{
    private readonly TableClient _batches = service.GetTableClient(StorageNames.BatchesTable);
    private readonly TableClient _codes = service.GetTableClient(StorageNames.TraceCodesTable);

    /// <summary>Reserves a fresh trace code, then adds the batch. A retried create (same id) returns the stored batch
    /// and releases the code it had just reserved.</summary>
    public async Task<(Batch Batch, bool Created, bool SameRequest)> CreateAsync(
        string productId, string batchId, BatchFields fields, string fingerprint, CancellationToken cancellationToken)
    {
        var code = await ReserveCodeAsync(productId, batchId, cancellationToken);
        var batch = new Batch(batchId, productId, fields.LotNumber!, fields.ProductionDate!.Value, fields.BestBefore!.Value,
            fields.Quantity!.Value, fields.OriginArea, fields.OriginCommune, fields.Notes, code, clock.GetUtcNow());
        var (stored, _, created, same) = await IdempotentInsert.AddAsync(_batches, ToEntity(batch), fingerprint, cancellationToken);
        if (!created) await _codes.DeleteEntityAsync(code, "", ETag.All, cancellationToken);
        return (ToBatch(stored), created, same);
    }

    public async Task<Batch?> FindAsync(string productId, string batchId, CancellationToken cancellationToken)
    {
        if (!Ids.LooksValid(productId) || !Ids.LooksValid(batchId)) return null;
        var response = await _batches.GetEntityIfExistsAsync<TableEntity>(productId, batchId, cancellationToken: cancellationToken);
        return response.HasValue ? ToBatch(response.Value!) : null;
    }

    public async Task<IReadOnlyList<Batch>> ListAsync(string productId, CancellationToken cancellationToken)
    {
        var batches = new List<Batch>();
        await foreach (var entity in _batches.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {productId}"), cancellationToken: cancellationToken))
            batches.Add(ToBatch(entity));
        return batches.OrderByDescending(b => b.ProductionDate).ToList();
    }

    /// <summary>The batch a verified code belongs to, or null for a code that passes the check but was never issued.</summary>
    public async Task<Batch?> FindByCodeAsync(string code, CancellationToken cancellationToken)
    {
        var link = await _codes.GetEntityIfExistsAsync<TableEntity>(code, "", cancellationToken: cancellationToken);
        return link.HasValue ? await FindAsync(link.Value!.GetString("ProductId"), link.Value!.GetString("BatchId"), cancellationToken) : null;
    }

    /// <summary>Marks that a sales point carries this code's lot: one small row beside the code's own, so the trace
    /// page names the sales points with a read whose cost does not grow with the number of scans.</summary>
    public Task NoteCarrierAsync(string code, string salesPointId, CancellationToken cancellationToken) =>
        _codes.UpsertEntityAsync(new TableEntity(code, "sp|" + salesPointId) { ["At"] = clock.GetUtcNow() }, TableUpdateMode.Replace, cancellationToken);

    public async Task<IReadOnlyList<string>> CarriersAsync(string code, int limit, CancellationToken cancellationToken)
    {
        var carriers = new List<(string Id, DateTimeOffset At)>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {code} and RowKey gt {"sp|"} and RowKey lt {"sp}"}");
        await foreach (var e in _codes.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            carriers.Add((e.RowKey[3..], e.GetDateTimeOffset("At") ?? default));
        return carriers.OrderByDescending(c => c.At).Take(limit).Select(c => c.Id).ToList();
    }

    private async Task<string> ReserveCodeAsync(string productId, string batchId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var code = codes.New();
            try
            {
                await _codes.AddEntityAsync(new TableEntity(code, "") { ["ProductId"] = productId, ["BatchId"] = batchId }, cancellationToken);
                return code;
            }
            // 40 random bits make a collision rare; on one, draw again.
            catch (RequestFailedException e) when (e.Status == 409 && attempt < 5) { }
        }
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly ParseDay(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static TableEntity ToEntity(Batch b) => new(b.ProductId, b.Id)
    {
        ["LotNumber"] = b.LotNumber,
        ["ProductionDate"] = Day(b.ProductionDate),
        ["BestBefore"] = Day(b.BestBefore),
        ["Quantity"] = b.Quantity,
        ["OriginArea"] = b.OriginArea,
        ["OriginCommune"] = b.OriginCommune,
        ["Notes"] = b.Notes,
        ["TraceCode"] = b.TraceCode,
        ["CreatedAt"] = b.CreatedAt,
    };

    private static Batch ToBatch(TableEntity e) => new(
        e.RowKey, e.PartitionKey, e.GetString("LotNumber"), ParseDay(e.GetString("ProductionDate")), ParseDay(e.GetString("BestBefore")),
        e.GetInt64("Quantity")!.Value, e.GetString("OriginArea"), e.GetString("OriginCommune"), e.GetString("Notes"),
        e.GetString("TraceCode"), e.GetDateTimeOffset("CreatedAt")!.Value);
}

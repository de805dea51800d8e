using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Revenue;

namespace OcopTrade.Functions.MarketplaceOrders;

/// <summary>A line whose SKU we never listed for that seller: kept for the admin, never guessed into revenue.</summary>
public sealed record UnmatchedLine(
    string Channel, string ProducerId, string OrderId, string LineId, string Sku, int Quantity, long AmountVnd,
    DateTimeOffset SeenAt);

/// <summary>Units a marketplace sold that the stock did not hold: shown to the producer and its department.</summary>
public sealed record Oversell(
    string ProducerId, string ProductId, string Channel, string OrderId, string LineId, int Units, DateTimeOffset At);

/// <summary>An order as the producer reads it in the portal.</summary>
public sealed record OrderView(
    string Channel, string OrderId, OrderStatus Status, DateTimeOffset UpdatedAt, DateTimeOffset? CompletedAt,
    IReadOnlyList<OrderLine> Lines, long AmountVnd);

/// <summary>The orders each producer has on each marketplace (partition = producer), each pull's checkpoint and the
/// lines nobody could match, in one table.</summary>
public sealed class OrderStore(TableServiceClient tables)
{
    public const string TableName = "MarketplaceOrders";
    private const string CheckpointPartition = "~checkpoint", UnmatchedPartition = "~unmatched",
        OversellPartition = "~oversell";
    private readonly TableClient _table = tables.GetTableClient(TableName);

    public async Task<MarketplaceOrder?> FindAsync(string producerId, string channel, string orderId,
        CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(producerId, OrderKey(channel, orderId),
            cancellationToken: cancellationToken);
        return row.HasValue ? From(row.Value!) : null;
    }

    /// <summary>The stored orders among these of one marketplace, by order id: one query over the key range they
    /// span (a pull's orders are mostly one seller's recent ids, next to each other), instead of a read per
    /// order.</summary>
    public async Task<Dictionary<string, MarketplaceOrder>> FindManyAsync(
        string producerId, string channel, IEnumerable<string> orderIds, CancellationToken cancellationToken)
    {
        var wanted = orderIds.Select(id => OrderKey(channel, id)).ToHashSet(StringComparer.Ordinal);
        var found = new Dictionary<string, MarketplaceOrder>(StringComparer.Ordinal);
        if (wanted.Count == 0) return found;
        var (first, last) = (wanted.Min(StringComparer.Ordinal)!, wanted.Max(StringComparer.Ordinal)!);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {producerId} and RowKey ge {first} and RowKey le {last}");
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            if (wanted.Contains(e.RowKey)) found[e.GetString("OrderId")] = From(e);
        return found;
    }

    /// <summary>Saves a batch's orders, 100 to a transaction (one partition per producer).</summary>
    public Task SaveManyAsync(string producerId, IEnumerable<MarketplaceOrder> orders,
        CancellationToken cancellationToken) =>
        TableBatches.UpsertAsync(_table, orders.Select(o => ToEntity(producerId, o)), cancellationToken);

    private static TableEntity ToEntity(string producerId, MarketplaceOrder order) =>
        new(producerId, OrderKey(order.Channel, order.OrderId))
        {
            ["Channel"] = order.Channel, ["OrderId"] = order.OrderId, ["Status"] = order.Status.ToString(),
            ["UpdatedAt"] = order.UpdatedAt, ["CompletedAt"] = order.CompletedAt,
            ["Lines"] = JsonSerializer.Serialize(order.Lines, Json.Options),
        };

    /// <summary>A producer's orders, newest change first, on one channel or all.</summary>
    public async Task<List<OrderView>> ListAsync(string producerId, string? channel,
        CancellationToken cancellationToken)
    {
        var filter = channel is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {producerId}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {producerId} and RowKey ge {channel + "|"} and RowKey lt {channel + "}"}");
        var orders = new List<OrderView>();
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var o = From(e);
            orders.Add(new(o.Channel, o.OrderId, o.Status, o.UpdatedAt, o.CompletedAt, o.Lines, o.Lines.Sum(l =>
                l.AmountVnd)));
        }
        return orders.OrderByDescending(o => o.UpdatedAt).ToList();
    }

    public async Task<DateTimeOffset?> CheckpointAsync(string channel, string producerId,
        CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(CheckpointPartition, $"{channel}|{producerId}",
            cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetDateTimeOffset("Since") : null;
    }

    public Task MoveCheckpointAsync(string channel, string producerId, DateTimeOffset since,
        CancellationToken cancellationToken) =>
        _table.UpsertEntityAsync(new TableEntity(CheckpointPartition, $"{channel}|{producerId}") { ["Since"] = since },
            TableUpdateMode.Replace, cancellationToken);

    /// <summary>Logs lines nobody could match, 100 to a transaction.</summary>
    public Task LogUnmatchedAsync(IEnumerable<UnmatchedLine> lines, CancellationToken cancellationToken) =>
        TableBatches.UpsertAsync(_table, lines.Select(line =>
            new TableEntity(UnmatchedPartition, $"{line.Channel}|{line.OrderId}|{line.LineId}")
            {
                ["Channel"] = line.Channel, ["ProducerId"] = line.ProducerId, ["OrderId"] = line.OrderId,
                ["LineId"] = line.LineId, ["Sku"] = line.Sku, ["Quantity"] = line.Quantity,
                ["AmountVnd"] = line.AmountVnd, ["SeenAt"] = line.SeenAt,
            }), cancellationToken);

    public async Task<List<UnmatchedLine>> UnmatchedAsync(CancellationToken cancellationToken)
    {
        var lines = new List<UnmatchedLine>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {UnmatchedPartition}");
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            lines.Add(new(e.GetString("Channel"), e.GetString("ProducerId"), e.GetString("OrderId"),
                e.GetString("LineId"),
                e.GetString("Sku"), e.GetInt32("Quantity") ?? 0, e.GetInt64("AmountVnd") ?? 0,
                    e.GetDateTimeOffset("SeenAt") ?? default));
        return lines.OrderByDescending(l => l.SeenAt).ToList();
    }

    public Task LogOversellAsync(Oversell o, CancellationToken cancellationToken) =>
        _table.UpsertEntityAsync(new TableEntity(OversellPartition,
            $"{o.ProducerId}|{o.Channel}|{Uri.EscapeDataString(o.OrderId)}|{o.LineId}")
        {
            ["ProducerId"] = o.ProducerId, ["ProductId"] = o.ProductId, ["Channel"] = o.Channel,
            ["OrderId"] = o.OrderId,
            ["LineId"] = o.LineId, ["Units"] = o.Units, ["At"] = o.At,
        }, TableUpdateMode.Replace, cancellationToken);

    public async Task<List<Oversell>> OversellsAsync(string producerId, CancellationToken cancellationToken)
    {
        var list = new List<Oversell>();
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {OversellPartition} and RowKey ge {producerId + "|"} and RowKey lt {producerId + "}"}");
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            list.Add(new(e.GetString("ProducerId"), e.GetString("ProductId"), e.GetString("Channel"),
                e.GetString("OrderId"),
                e.GetString("LineId"), e.GetInt32("Units") ?? 0, e.GetDateTimeOffset("At") ?? default));
        return list.OrderByDescending(o => o.At).ToList();
    }

    /// <summary>Row keys are channel|order: marketplace ids are theirs, so characters a row key refuses are
    /// escaped.</summary>
    private static string OrderKey(string channel, string orderId) => $"{channel}|{Uri.EscapeDataString(orderId)}";

    private static MarketplaceOrder From(TableEntity e) => new(
        e.GetString("Channel"), e.GetString("OrderId"), Enum.Parse<OrderStatus>(e.GetString("Status")),
        e.GetDateTimeOffset("UpdatedAt") ?? default, e.GetDateTimeOffset("CompletedAt"),
        JsonSerializer.Deserialize<List<OrderLine>>(e.GetString("Lines") ?? "[]", Json.Options) ?? []);
}

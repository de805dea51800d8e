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
/// lines nobody could match, in one table. An order that became revenue is carried by its latest entry instead
/// (<see cref="RevenueStore.CarriedOrderProperty"/>), so a completed order costs a pull no write beyond its revenue:
/// an order is read as the newer of its row and its carrying entry.</summary>
public sealed class OrderStore(TableServiceClient tables)
{
    public const string TableName = "MarketplaceOrders";
    private const string CheckpointPartition = "~checkpoint", UnmatchedPartition = "~unmatched",
        OversellPartition = "~oversell";
    private readonly TableClient _table = tables.GetTableClient(TableName);
    private readonly TableClient _entries = tables.GetTableClient(StorageNames.RevenueEntriesTable);

    /// <summary>An order as its carrying entry keeps it.</summary>
    public static string Carried(MarketplaceOrder order) => JsonSerializer.Serialize(order, Json.Options);

    public async Task<MarketplaceOrder?> FindAsync(string producerId, string channel, string orderId,
        CancellationToken cancellationToken) =>
        (await FindManyAsync(producerId, channel, [orderId], cancellationToken)).GetValueOrDefault(orderId);

    /// <summary>The stored orders among these of one marketplace, by order id.</summary>
    public async Task<Dictionary<string, MarketplaceOrder>> FindManyAsync(
        string producerId, string channel, IEnumerable<string> orderIds, CancellationToken cancellationToken) =>
        (await FindWithEntriesAsync(producerId, channel, orderIds, cancellationToken)).Orders;

    /// <summary>Stored orders by order id, and the revenue entries of those orders read to find them (every line's
    /// sale and correction, carrying or not): a batch of their lines is decided against these
    /// (<see cref="RevenueStore.OrderLinesWriter.RecordAsync"/>).</summary>
    public sealed record StoredOrders(Dictionary<string, MarketplaceOrder> Orders, List<TableEntity> Entries);

    /// <summary>The stored orders among these of one marketplace and their entries: one query over the key range
    /// they span among the rows (a pull's orders are mostly one seller's recent ids, next to each other) and one among
    /// the entries, instead of a read per order.</summary>
    public async Task<StoredOrders> FindWithEntriesAsync(
        string producerId, string channel, IEnumerable<string> orderIds, CancellationToken cancellationToken)
    {
        var wanted = orderIds.ToHashSet(StringComparer.Ordinal);
        var found = new StoredOrders(new(StringComparer.Ordinal), []);
        if (wanted.Count == 0) return found;
        var keys = wanted.Select(id => OrderKey(channel, id)).ToList();
        var rows = Span(producerId, keys.Min(StringComparer.Ordinal)!, keys.Max(StringComparer.Ordinal)!);
        var entries = wanted.Select(id => RevenueStore.EntryKey(OrderRevenue.SaleId(channel, id, ""))).ToList();
        // An order's entries follow its sale id's prefix: its lines, and their corrections.
        var ofOrders = Span(producerId, entries.Min(StringComparer.Ordinal)!,
            entries.Max(StringComparer.Ordinal) + "~");
        var orders = new Dictionary<string, MarketplaceOrder>(StringComparer.Ordinal);
        await Task.WhenAll(ReadAsync(_table, rows, From, orders, cancellationToken),
            ReadAsync(_entries, ofOrders, e =>
            {
                found.Entries.Add(e);
                return CarriedBy(e);
            }, orders, cancellationToken));
        foreach (var order in orders.Values.Where(o => o.Channel == channel && wanted.Contains(o.OrderId)))
            found.Orders[order.OrderId] = order;
        return found;
    }

    /// <summary>The rows of a partition whose keys start so (the next character after the prefix's last, excluded).
    /// </summary>
    private static string Prefixed(string partition, string prefix)
    {
        var end = prefix[..^1] + (char)(prefix[^1] + 1);
        return TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {prefix} and RowKey lt {end}");
    }

    private static string Span(string partition, string first, string last) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {first} and RowKey le {last}");

    /// <summary>Orders (rows or carrying entries) the query finds, by marketplace and order id, the newer kept
    /// where an order has both.</summary>
    private static async Task ReadAsync(TableClient table, string filter, Func<TableEntity, MarketplaceOrder?> read,
        Dictionary<string, MarketplaceOrder> found, CancellationToken cancellationToken)
    {
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (read(e) is not { } order) continue;
            var key = OrderKey(order.Channel, order.OrderId);
            lock (found)
                if (!found.TryGetValue(key, out var other) || Newer(order, other)) found[key] = order;
        }
    }

    /// <summary>Of one order's two records, the later change; at the same moment, the later status.</summary>
    private static bool Newer(MarketplaceOrder order, MarketplaceOrder than) =>
        order.UpdatedAt > than.UpdatedAt || (order.UpdatedAt == than.UpdatedAt && order.Status > than.Status);

    /// <summary>The order a revenue entry carries, if it carries one.</summary>
    private static MarketplaceOrder? CarriedBy(TableEntity e) =>
        e.GetString(RevenueStore.CarriedOrderProperty) is { } carried
            ? JsonSerializer.Deserialize<MarketplaceOrder>(carried, Json.Options)
            : null;

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

    /// <summary>A producer's orders, newest change first, on one channel or all: its rows and its carrying
    /// entries.</summary>
    public async Task<List<OrderView>> ListAsync(string producerId, string? channel,
        CancellationToken cancellationToken)
    {
        var (rows, entries) = channel is null
            ? (TableClient.CreateQueryFilter($"PartitionKey eq {producerId}"), Prefixed(producerId, "e|mp."))
            : (Prefixed(producerId, channel + "|"), Prefixed(producerId, $"e|mp.{channel}."));
        var found = new Dictionary<string, MarketplaceOrder>(StringComparer.Ordinal);
        await Task.WhenAll(ReadAsync(_table, rows, From, found, cancellationToken),
            ReadAsync(_entries, entries, CarriedBy, found, cancellationToken));
        return found.Values.Select(o => new OrderView(o.Channel, o.OrderId, o.Status, o.UpdatedAt, o.CompletedAt,
            o.Lines, o.Lines.Sum(l => l.AmountVnd))).OrderByDescending(o => o.UpdatedAt).ToList();
    }

    /// <summary>Every producer's checkpoint on one marketplace, by producer: one query for a pull's whole run, not a
    /// read per producer (a province has hundreds, pulled every five minutes).</summary>
    public async Task<Dictionary<string, OrderCheckpoint>> CheckpointsAsync(string channel,
        CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, OrderCheckpoint>(StringComparer.Ordinal);
        var rows = Prefixed(CheckpointPartition, channel + "|");
        await foreach (var row in _table.QueryAsync<TableEntity>(rows, cancellationToken: cancellationToken))
            if (Checkpoint(row) is { } checkpoint) found[row.RowKey[(channel.Length + 1)..]] = checkpoint;
        return found;
    }

    private static OrderCheckpoint? Checkpoint(TableEntity row)
    {
        if (row.GetDateTimeOffset("Since") is not { } since) return null;
        // Checkpoints written before 2026-11-30 remember no orders: their orders are replayed once.
        var recorded = row.GetString("RecordedAtSince") is { } json
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(json, Json.Options)!
            : [];
        return new(since, recorded);
    }

    public Task MoveCheckpointAsync(string channel, string producerId, OrderCheckpoint checkpoint,
        CancellationToken cancellationToken) =>
        _table.UpsertEntityAsync(new TableEntity(CheckpointPartition, $"{channel}|{producerId}")
        {
            ["Since"] = checkpoint.Since,
            ["RecordedAtSince"] = JsonSerializer.Serialize(checkpoint.RecordedAtSince, Json.Options),
        }, TableUpdateMode.Replace, cancellationToken);

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

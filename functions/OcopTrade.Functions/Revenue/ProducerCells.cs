using Azure.Data.Tables;

namespace OcopTrade.Functions.Revenue;

/// <summary>
/// The producer × channel × month roll-up, stored as ONE row per producer and year (<c>r|{yyyy}|{producerId}</c>) with a pair of
/// properties per cell: <c>A_{channel}_{MM}</c> (VND) and <c>Q_{channel}_{MM}</c> (quantity). 10 channels × 12
/// months × 2 = 240 properties, inside Table storage's 252. Why not a row per cell: an import writes an entry and the
/// cells it moves in one transaction (100 actions at most); with a row per cell a year of a producer's monthly
/// figures needs as many cell writes as entries, with a row per year it needs one, so imports run close to the
/// speed of plain inserts and a report reads a producer's year in one row.
/// The producer id in the row key repeats the partition key on purpose: the storage emulator (Azurite, LokiJS) finds a
/// row by its RowKey index first and then scans every row sharing that RowKey, so a key like <c>r|2025</c> present in
/// each of 10 000 producer partitions made every write of it scan 10 000 rows (a national import ran 3× slower than
/// plain inserts). Unique row keys cost nothing on Table storage, whose index is (PartitionKey, RowKey).
/// </summary>
public static class ProducerCells
{
    public const string Prefix = "r|";

    public static string RowKey(string producerId, int year) => $"{Prefix}{year:D4}|{producerId}";

    public static string RowKey(string producerId, string month) => $"{Prefix}{month[..4]}|{producerId}";

    public static int Year(string rowKey) => int.Parse(rowKey.AsSpan(Prefix.Length, 4));

    public static string AmountProperty(SalesChannel channel, string month) => $"A_{Channels.Name(channel)}_{month[5..7]}";

    public static string QuantityProperty(SalesChannel channel, string month) => $"Q_{Channels.Name(channel)}_{month[5..7]}";

    /// <summary>Adds deltas (all of one year) to a row, creating the row's properties as needed. Saturating: a
    /// rebuild over figures stored before the caps must finish, not wrap.</summary>
    public static void Add(TableEntity row, IEnumerable<RollupDelta> deltas)
    {
        foreach (var d in deltas)
        {
            var a = AmountProperty(d.Channel, d.Month);
            var q = QuantityProperty(d.Channel, d.Month);
            row[a] = Money.Add(row.GetInt64(a) ?? 0, d.AmountVnd);
            row[q] = Money.Add(row.GetInt64(q) ?? 0, d.Quantity);
        }
    }

    /// <summary><see cref="Add"/> for a write, which may not take any month of the producer past
    /// <see cref="Money.ProducerMonthCapVnd"/> (<see cref="Money.MonthAllowed"/>): false if it would, and then the row
    /// is no longer to be written.</summary>
    public static bool TryAdd(TableEntity row, IReadOnlyCollection<RollupDelta> deltas)
    {
        var months = deltas.Select(d => d.Month).Distinct().ToList();
        var before = months.Select(m => MonthTotal(row, m)).ToList();
        Add(row, deltas);
        return months.Select((m, i) => Money.MonthAllowed(before[i], MonthTotal(row, m))).All(allowed => allowed);
    }

    /// <summary>A producer's revenue in one month (YYYY-MM) of this year row, all channels together.</summary>
    public static long MonthTotal(TableEntity row, string month) =>
        Money.Sum(Enum.GetValues<SalesChannel>(), channel => row.GetInt64(AmountProperty(channel, month)) ?? 0);

    /// <summary>The cells a row holds, as (channel, month, amount, quantity).</summary>
    public static IEnumerable<(SalesChannel Channel, string Month, long Amount, long Quantity)> Expand(TableEntity row)
    {
        var year = row.RowKey.Substring(Prefix.Length, 4);
        foreach (var (key, value) in row)
        {
            if (!key.StartsWith("A_", StringComparison.Ordinal) || value is not long amount) continue;
            var parts = key.Split('_');
            if (parts.Length != 3 || !Enum.TryParse<SalesChannel>(parts[1], true, out var channel)) continue;
            var month = $"{year}-{parts[2]}";
            yield return (channel, month, amount, row.GetInt64($"Q_{parts[1]}_{parts[2]}") ?? 0);
        }
    }

    /// <summary>A detached copy of a stored row (cells and ETag) to change without touching the original.</summary>
    public static TableEntity Copy(TableEntity row)
    {
        var copy = new TableEntity(row.PartitionKey, row.RowKey) { ETag = row.ETag };
        foreach (var (key, value) in row)
            if (key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")) copy[key] = value;
        return copy;
    }

    public static TableEntity NewRow(string producerId, string rowKey) => new(producerId, rowKey) { ["Year"] = Year(rowKey) };
}

using Azure.Data.Tables;

namespace OcopTrade.Functions.Revenue;

/// <summary>A producer's month totals (all channels) as a run of writes moves them, starting from its stored year
/// rows: what an import, and its all-or-nothing check, consult row by row so no month passes the cap.</summary>
public sealed class MonthTotals(string producerId, IReadOnlyDictionary<string, TableEntity> years)
{
    private readonly Dictionary<string, long> _totals = new(StringComparer.Ordinal);

    private long Of(string month)
    {
        if (_totals.TryGetValue(month, out var total)) return total;
        var stored = years.TryGetValue(ProducerCells.RowKey(producerId, month), out var row);
        return _totals[month] = stored ? ProducerCells.MonthTotal(row!, month) : 0;
    }

    /// <summary>Adds an amount to a month if <see cref="Money.MonthAllowed"/> lets it; false, and nothing added,
    /// if not.</summary>
    public bool TryAdd(string month, long amount)
    {
        var before = Of(month);
        var after = Money.Add(before, amount);
        if (!Money.MonthAllowed(before, after)) return false;
        _totals[month] = after;
        return true;
    }
}

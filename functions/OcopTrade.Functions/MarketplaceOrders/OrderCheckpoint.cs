using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.MarketplaceOrders;

/// <summary>
/// Where a producer's pull of one marketplace stands: the moment of the last change it recorded, and the orders that
/// changed at that moment, each as it was recorded (a fingerprint). Marketplaces list changes from a moment inclusively,
/// so every pull reads those orders again: as they were, they are known recorded in full (the checkpoint moves only
/// once a batch is), and a pull that finds nothing else needs no storage beyond its checkpoint. Without them it would
/// decide, look up and replay the same order every five minutes for every producer. An order changed again at the
/// same moment (Shopee counts in seconds) no longer matches its fingerprint, and is read as new.
/// </summary>
public sealed record OrderCheckpoint(DateTimeOffset Since, IReadOnlyDictionary<string, string> RecordedAtSince)
{
    /// <summary>More orders than this sharing the last moment are replayed instead of remembered: the checkpoint
    /// stays one small row.</summary>
    public const int MostRemembered = 100;

    /// <summary>The first pull's checkpoint: nothing recorded yet.</summary>
    public static OrderCheckpoint From(DateTimeOffset since) => new(since, new Dictionary<string, string>());

    /// <summary>The orders read that this checkpoint did not record as they are.</summary>
    public List<MarketplaceOrder> Unrecorded(IEnumerable<MarketplaceOrder> read) =>
        [.. read.Where(o => o.UpdatedAt != Since || RecordedAtSince.GetValueOrDefault(o.OrderId) != Fingerprint(o))];

    /// <summary>The checkpoint once every order read (all changed since this one) is recorded: the last moment read
    /// and the orders read that changed at it.</summary>
    public OrderCheckpoint After(IReadOnlyCollection<MarketplaceOrder> read)
    {
        if (read.Count == 0) return this;
        var last = read.Max(o => o.UpdatedAt);
        var atLast = read.Where(o => o.UpdatedAt == last).ToList();
        return new(last, atLast.Count > MostRemembered
            ? new Dictionary<string, string>()
            : atLast.ToDictionary(o => o.OrderId, Fingerprint, StringComparer.Ordinal));
    }

    private static string Fingerprint(MarketplaceOrder order) => Ids.Fingerprint(order);
}

namespace OcopTrade.Functions.Revenue;

/// <summary>
/// Whole-đồng arithmetic for revenue, and the caps that keep honest figures far inside <see cref="long"/>.
/// Sums never wrap: they are taken exactly (in <see cref="Int128"/>) and saturate at the ends of
/// <see cref="long"/>, so a report over figures stored before the caps existed shows a ceiling rather than a
/// negative total or a 500.
/// </summary>
public static class Money
{
    /// <summary>A producer's revenue in one month, all channels together: 10^13 ₫ (10 000 billion đồng, about
    /// 400 million USD). The whole OCOP programme sells on the order of 10^14 ₫ a year over roughly 10 000
    /// producers, so no producer's month comes near it; and 10 000 producers × 12 months × 10^13 ₫ = 1.2·10^18 ₫
    /// is still below <see cref="long.MaxValue"/> (9.2·10^18): a national year of capped figures never saturates.
    /// </summary>
    public const long ProducerMonthCapVnd = 10_000_000_000_000;

    /// <summary>An entry is one channel's month of one producer: it cannot exceed the producer's whole month.</summary>
    public const long EntryCapVnd = ProducerMonthCapVnd;

    /// <summary>a + b, held at <see cref="long.MinValue"/> or <see cref="long.MaxValue"/> rather than wrapping.
    /// </summary>
    public static long Add(long a, long b) => long.CreateSaturating((Int128)a + b);

    /// <summary>The exact sum, held at the ends of <see cref="long"/> rather than wrapping or throwing.</summary>
    public static long Sum(IEnumerable<long> amounts)
    {
        Int128 total = 0; // 2^64 amounts of 2^63 each would be needed to overflow it
        foreach (var amount in amounts) total += amount;
        return long.CreateSaturating(total);
    }

    public static long Sum<T>(IEnumerable<T> items, Func<T, long> amount) => Sum(items.Select(amount));

    /// <summary>Growth from <paramref name="before"/> to <paramref name="now"/> in percent, two decimals; null
    /// without a baseline. Taken in <see cref="decimal"/>, which holds any difference of two longs times 100, so
    /// it is always finite.</summary>
    public static decimal? GrowthPercent(long now, long before) =>
        before == 0 ? null : Math.Round(((decimal)now - before) * 100m / before, 2, MidpointRounding.AwayFromZero);

    /// <summary>Whether a write that moves a producer's month total from <paramref name="before"/> to
    /// <paramref name="after"/> may happen: it stays within the cap, or it brings a month already over it (stored
    /// before the cap existed) closer to zero, so such a month can still be corrected.</summary>
    public static bool MonthAllowed(long before, long after) =>
        Int128.Abs(after) <= ProducerMonthCapVnd || Int128.Abs(after) < Int128.Abs(before);
}

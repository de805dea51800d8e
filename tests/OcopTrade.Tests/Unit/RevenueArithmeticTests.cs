using Azure.Data.Tables;
using OcopTrade.Functions.Revenue;

namespace OcopTrade.Tests.Unit;

/// <summary>Money arithmetic and the caps, without storage: the security review's 18 000 entries at the old per-entry
/// cap (10^15 ₫) summed past <see cref="long.MaxValue"/>, wrapping roll-up cells and making LINQ's Sum throw.</summary>
public class RevenueArithmeticTests
{
    private const long Cap = Money.ProducerMonthCapVnd;

    [Fact]
    public void The_reviews_eighteen_thousand_entries_sum_to_a_ceiling_not_a_negative_total_or_an_exception()
    {
        var entries = Enumerable.Repeat(1_000_000_000_000_000L, 18_000).ToList();
        Assert.Throws<OverflowException>(() => entries.Sum());
        Assert.Equal(long.MaxValue, Money.Sum(entries));
        Assert.Equal(long.MinValue, Money.Sum(entries.Select(e => -e)));
    }

    [Fact]
    public void Sums_are_exact_while_they_fit_even_when_a_partial_sum_would_not()
    {
        Assert.Equal(long.MaxValue - 1, Money.Sum([long.MaxValue, long.MaxValue, -long.MaxValue, -1]));
        Assert.Equal(6L, Money.Sum(new (long Amount, long Other)[] { (1, 9), (2, 9), (3, 9) }, x => x.Amount));
        Assert.Equal(0L, Money.Sum([]));
    }

    [Theory]
    [InlineData(long.MaxValue, 1, long.MaxValue)]
    [InlineData(long.MinValue, -1, long.MinValue)]
    [InlineData(long.MaxValue, long.MinValue, -1)]
    [InlineData(1_250_000, 750_000, 2_000_000)]
    public void Adding_saturates_at_the_ends_of_long(long a, long b, long sum) => Assert.Equal(sum, Money.Add(a, b));

    [Theory]
    [InlineData(110, 100, 10)]
    [InlineData(0, 100, -100)]
    [InlineData(50, -100, -150)]
    public void Growth_is_a_percentage_with_two_decimals(long now, long before, double percent) =>
        Assert.Equal((decimal)percent, Money.GrowthPercent(now, before));

    [Fact]
    public void Growth_stays_finite_at_the_extremes_and_is_absent_without_a_baseline()
    {
        Assert.Equal(-922337203685477580900m, Money.GrowthPercent(long.MinValue, 1));
        Assert.Equal(-200m, Money.GrowthPercent(long.MinValue, long.MaxValue));
        Assert.Null(Money.GrowthPercent(long.MaxValue, 0));
    }

    [Theory]
    [InlineData(0, Cap, true)]
    [InlineData(Cap, Cap + 1, false)]
    [InlineData(0, -Cap, true)]
    [InlineData(0, -Cap - 1, false)]
    [InlineData(Cap * 100, Cap * 50, true)]  // a month over the cap from before the cap may be corrected downward
    [InlineData(Cap * 100, Cap * 100, false)]
    [InlineData(long.MaxValue, long.MaxValue, false)]
    [InlineData(long.MinValue, 0, true)]
    public void A_write_may_keep_a_month_within_the_cap_or_bring_it_closer(long before, long after, bool allowed) =>
        Assert.Equal(allowed, Money.MonthAllowed(before, after));

    [Fact]
    public void A_year_row_refuses_a_write_that_takes_a_month_of_all_channels_past_the_cap()
    {
        var row = ProducerCells.NewRow("p1", ProducerCells.RowKey("p1", 2025));
        Assert.True(ProducerCells.TryAdd(row, [new(SalesChannel.Supermarket, "2025-03", Cap - 10, 1)]));
        Assert.True(ProducerCells.TryAdd(row, [new(SalesChannel.Fair, "2025-04", Cap, 1)]));   // another month
        Assert.False(ProducerCells.TryAdd(ProducerCells.Copy(row), [new(SalesChannel.Fair, "2025-03", 11, 1)]));
        // A replacement moves two cells of the month at once: judged on the month's total after both.
        RollupDelta[] replacement = [new(SalesChannel.Fair, "2025-03", 1_000, 1), new(SalesChannel.Supermarket, "2025-03", -1_000, -1)];
        Assert.True(ProducerCells.TryAdd(row, replacement));
        Assert.Equal(Cap - 10, ProducerCells.MonthTotal(row, "2025-03"));
    }

    [Fact]
    public void A_year_row_adds_without_wrapping_when_it_already_holds_huge_figures()
    {
        var row = ProducerCells.NewRow("p1", ProducerCells.RowKey("p1", 2025));
        row[ProducerCells.AmountProperty(SalesChannel.Supermarket, "2025-01")] = long.MaxValue - 1;
        row[ProducerCells.AmountProperty(SalesChannel.Fair, "2025-01")] = long.MaxValue;
        ProducerCells.Add(row, [new(SalesChannel.Supermarket, "2025-01", 5, 1)]);
        Assert.Equal(long.MaxValue, row.GetInt64(ProducerCells.AmountProperty(SalesChannel.Supermarket, "2025-01")));
        Assert.Equal(long.MaxValue, ProducerCells.MonthTotal(row, "2025-01"));
        Assert.False(ProducerCells.TryAdd(row, [new(SalesChannel.Direct, "2025-01", 1, 1)]));
    }

    [Fact]
    public void Month_totals_of_an_import_start_from_the_stored_year_rows_and_follow_each_accepted_row()
    {
        var stored = ProducerCells.NewRow("p1", ProducerCells.RowKey("p1", 2025));
        stored[ProducerCells.AmountProperty(SalesChannel.Agent, "2025-06")] = Cap - 300;
        var months = new MonthTotals("p1", new Dictionary<string, TableEntity> { [stored.RowKey] = stored });
        Assert.True(months.TryAdd("2025-06", 200));
        Assert.False(months.TryAdd("2025-06", 101));  // refused: nothing added
        Assert.True(months.TryAdd("2025-06", 100));
        Assert.False(months.TryAdd("2025-06", 1));
        Assert.True(months.TryAdd("2024-06", Cap));   // a year with no stored row starts at zero
    }

    [Theory]
    [InlineData(Money.EntryCapVnd, true)]
    [InlineData(Money.EntryCapVnd + 1, false)]
    [InlineData(1_000_000_000_000_000, false)]   // the old cap the review filled 18 000 entries with
    [InlineData(long.MinValue, false)]           // Math.Abs would have thrown here
    public void An_entry_is_at_most_the_cap_either_way(long amount, bool valid)
    {
        var errors = new OcopTrade.Functions.Platform.FieldErrors();
        var adjusts = amount < 0 ? "e0" : null; // only an adjustment may be negative
        var fields = new RevenueFields("e1", "p1", null, SalesChannel.Fair, null, "2025-01", amount, 1, null, adjusts, null);
        Assert.Equal(valid, RevenueRules.Validate(fields, errors) is not null);
        Assert.Equal(!valid, errors.ToDictionary().ContainsKey("amountVnd"));
    }
}

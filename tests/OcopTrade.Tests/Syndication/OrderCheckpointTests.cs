using OcopTrade.Functions.MarketplaceOrders;

namespace OcopTrade.Tests.Syndication;

/// <summary>Which orders a pull still has to record, by its checkpoint: pure rules, no I/O.</summary>
public class OrderCheckpointTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 20, 5, 0, 0, TimeSpan.Zero);

    private static MarketplaceOrder Order(string id, int second, OrderStatus status = OrderStatus.Completed) =>
        new("voso", id, status, Noon.AddSeconds(second), Noon, [new OrderLine("1", "OCOP-ABCDEFGHJKMN", 2, 100_000)]);

    [Fact]
    public void Orders_read_again_at_the_moment_the_checkpoint_recorded_them_are_not_recorded_again()
    {
        var checkpoint = OrderCheckpoint.From(Noon).After([Order("A", 1), Order("B", 2), Order("C", 2)]);
        Assert.Equal(Noon.AddSeconds(2), checkpoint.Since);
        Assert.Empty(checkpoint.Unrecorded([Order("B", 2), Order("C", 2)]));
        var read = new[] { Order("B", 2), Order("C", 2), Order("D", 3) };
        Assert.Equal(["D"], checkpoint.Unrecorded(read).Select(o => o.OrderId));
    }

    [Fact]
    public void An_order_that_changed_again_at_the_same_moment_is_recorded()
    {
        var checkpoint = OrderCheckpoint.From(Noon).After([Order("B", 2)]);
        Assert.Equal(["B"], checkpoint.Unrecorded([Order("B", 2, OrderStatus.Cancelled)]).Select(o => o.OrderId));
        // Another order at that moment, first read now (it changed after the list was read), is recorded too.
        Assert.Equal(["E"], checkpoint.Unrecorded([Order("B", 2), Order("E", 2)]).Select(o => o.OrderId));
    }

    [Fact]
    public void A_rewound_or_first_checkpoint_records_every_order_it_reads()
    {
        var read = new[] { Order("A", 0), Order("B", 0) };
        Assert.Equal(2, OrderCheckpoint.From(Noon).Unrecorded(read).Count);
    }

    [Fact]
    public void The_checkpoint_after_a_batch_remembers_only_its_last_moment_and_only_so_many_orders()
    {
        var checkpoint = OrderCheckpoint.From(Noon).After([Order("A", 1), Order("B", 2)]);
        Assert.Equal(["B"], checkpoint.RecordedAtSince.Keys);
        var crowd = Enumerable.Range(0, OrderCheckpoint.MostRemembered + 1).Select(i => Order($"O{i}", 5)).ToList();
        var crowded = checkpoint.After(crowd);
        Assert.Equal(Noon.AddSeconds(5), crowded.Since);
        Assert.Equal(crowd.Count, crowded.Unrecorded(crowd).Count); // replayed, as before checkpoints remembered
        Assert.Same(checkpoint, checkpoint.After([]));
    }
}

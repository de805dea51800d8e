using OcopTrade.Functions.MarketplaceOrders;
using OcopTrade.Functions.Products;

namespace OcopTrade.Tests.Syndication;

/// <summary>What one pull's orders do, decided before anything is written: pure rules, no I/O.</summary>
public class OrderBatchTests
{
    private const string Producer = "producer0001", Tea = "abcdefghjkmn", TeaSku = "OCOP-ABCDEFGHJKMN";
    private static readonly DateTimeOffset Noon = new(2026, 11, 20, 5, 0, 0, TimeSpan.Zero);

    private static MarketplaceOrder Order(string id, OrderStatus status, int minute, int quantity = 2,
        string sku = TeaSku) =>
        new("voso", id, status, Noon.AddMinutes(minute), status == OrderStatus.Placed ? null : Noon,
            [new OrderLine("1", sku, quantity, 100_000)]);

    private static OrderBatch Plan(IEnumerable<MarketplaceOrder> reported, params MarketplaceOrder[] earlier) =>
        OrderBatch.Plan(Producer, reported, earlier.ToDictionary(o => o.OrderId),
            sku => sku == TeaSku ? Tea : null);

    [Fact]
    public void Sales_come_before_the_corrections_that_adjust_them_and_unlisted_lines_are_set_aside()
    {
        var batch = Plan([
            Order("A", OrderStatus.Returned, 3), Order("B", OrderStatus.Completed, 1),
            Order("C", OrderStatus.Completed, 2, sku: "TEA-HANDMADE-01"), Order("D", OrderStatus.Placed, 4),
        ]);
        Assert.Equal(["mp.voso.A.1", "mp.voso.B.1", "mp.voso.A.1.undo"], batch.Entries.Select(e => e.Id));
        Assert.Equal("mp.voso.A.1", batch.Entries[^1].Adjusts);
        var (order, line) = Assert.Single(batch.Unmatched);
        Assert.Equal(("C", "TEA-HANDMADE-01"), (order.OrderId, line.Sku));
        Assert.Equal(4, batch.Orders.Count); // every order read is stored, matched or not
    }

    /// <summary>What a batch does to the tea's stock, when the tea's markers say these lines' units are out.</summary>
    private static StockPlan Stock(OrderBatch batch, params (string OrderId, int Out)[] markers) =>
        StockPlan.Of(batch.StockByProduct().Single(p => p.ProductId == Tea).Lines.Select(l => l.Claim),
            markers.ToDictionary(m => ProductStock.LineKey("voso", m.OrderId, "1"), m => m.Out));

    [Fact]
    public void Stock_moves_when_a_line_is_first_seen_and_comes_back_only_when_a_counted_order_is_cancelled()
    {
        Assert.Equal([2], Stock(Plan([Order("A", OrderStatus.Placed, 0)])).Moves.Select(m => m.Units));
        // Moved before (its marker): a repeated pull or a replayed push moves nothing again.
        Assert.Empty(Stock(Plan([Order("A", OrderStatus.Completed, 5)]), ("A", 2)).Moves);
        Assert.Equal([-2], Stock(Plan([Order("A", OrderStatus.Cancelled, 5)]), ("A", 2)).Moves.Select(m => m.Units));
        Assert.Empty(Stock(Plan([Order("A", OrderStatus.Cancelled, 6)]), ("A", 0)).Moves); // back once only
        Assert.Empty(Stock(Plan([Order("A", OrderStatus.Returned, 5)]), ("A", 2)).Moves); // returned: off sale
        Assert.Empty(Stock(Plan([Order("B", OrderStatus.Cancelled, 5)])).Moves); // never counted, nothing back
    }

    [Fact]
    public void A_product_moves_once_per_batch_units_back_apart_from_units_sold()
    {
        var batch = Plan([Order("A", OrderStatus.Cancelled, 5, quantity: 4), Order("B", OrderStatus.Placed, 6),
            Order("C", OrderStatus.Completed, 7, quantity: 3)]);
        var (productId, lines) = Assert.Single(batch.StockByProduct());
        Assert.Equal((Tea, 3), (productId, lines.Count));
        var stock = Stock(batch, ("A", 4));
        Assert.Equal((4, 5), (stock.Back, stock.Sold));
    }

    [Fact]
    public void Units_the_stock_could_not_cover_are_charged_to_the_lines_sold_last()
    {
        var stock = Stock(Plan([Order("A", OrderStatus.Placed, 1, quantity: 2), Order("B", OrderStatus.Placed, 3,
            quantity: 2), Order("C", OrderStatus.Placed, 2, quantity: 2)]));
        var oversold = stock.Oversold(3).Select(o => (o.Claim.Key, o.Units)).ToList();
        Assert.Equal([("voso|B|1", 2), ("voso|C|1", 1)], oversold);
        Assert.Empty(stock.Oversold(0));
    }

    [Fact]
    public void A_stored_order_says_its_lines_units_are_out_until_it_was_cancelled()
    {
        var batch = Plan([Order("A", OrderStatus.Completed, 5, quantity: 3), Order("B", OrderStatus.Cancelled, 5),
            Order("C", OrderStatus.Placed, 5)]);
        var stored = new[] { Order("A", OrderStatus.Placed, 0, quantity: 3), Order("B", OrderStatus.Cancelled, 1) }
            .ToDictionary(o => o.OrderId);
        var counted = OrderBatch.Counted(stored, batch.StockLines);
        Assert.Equal(new Dictionary<string, int> { ["voso|A|1"] = 3, ["voso|B|1"] = 0 }, counted);
        Assert.Equal([("voso|C|1", 2)], StockPlan.Of(batch.StockLines.Select(l => l.Claim), counted).Moves
            .Select(m => (m.Claim.Key, m.Units)));
    }

    [Fact]
    public void An_order_is_carried_by_its_correction_when_undone_by_its_sale_when_completed_else_by_no_entry()
    {
        var batch = Plan([
            Order("A", OrderStatus.Returned, 3), Order("B", OrderStatus.Completed, 1),
            Order("C", OrderStatus.Completed, 2, sku: "TEA-HANDMADE-01"), Order("D", OrderStatus.Placed, 4),
        ]);
        var carriers = batch.Carriers().ToDictionary(c => c.Value.OrderId, c => c.Key);
        Assert.Equal(new Dictionary<string, string> { ["A"] = "mp.voso.A.1.undo", ["B"] = "mp.voso.B.1" }, carriers);
    }

    [Fact]
    public void An_order_stored_as_reported_is_not_written_again()
    {
        var stored = Order("A", OrderStatus.Completed, 1);
        Assert.True(OrderBatch.Unchanged(stored, Order("A", OrderStatus.Completed, 1)));
        Assert.False(OrderBatch.Unchanged(stored, Order("A", OrderStatus.Returned, 2)));
        Assert.False(OrderBatch.Unchanged(stored, Order("A", OrderStatus.Completed, 1, quantity: 5)));
        Assert.False(OrderBatch.Unchanged(null, stored));
    }

    [Fact]
    public void A_line_key_escapes_what_would_run_into_its_separators()
    {
        Assert.Equal("shopee|A%2FB%23C%3F|1%5C2", ProductStock.LineKey("shopee", "A/B#C?", "1\\2"));
    }

    [Fact]
    public void An_order_read_twice_in_one_pull_counts_once_as_its_latest_change()
    {
        var batch = Plan([Order("A", OrderStatus.Completed, 1), Order("A", OrderStatus.Cancelled, 2)]);
        Assert.Equal(OrderStatus.Cancelled, Assert.Single(batch.Orders).Status);
        Assert.Equal(["mp.voso.A.1", "mp.voso.A.1.undo"], batch.Entries.Select(e => e.Id));
        Assert.Empty(Stock(batch).Moves); // first seen already cancelled: never counted
    }
}

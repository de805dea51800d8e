using OcopTrade.Functions.Revenue;

namespace OcopTrade.Functions.MarketplaceOrders;

/// <summary>Units of one order line leaving the stock (positive) or coming back to it (negative).</summary>
public sealed record StockMove(string ProductId, MarketplaceOrder Order, OrderLine Line, int Units);

/// <summary>Units a product's stock could not cover, charged to the order line that sold them.</summary>
public sealed record OversoldLine(StockMove Move, int Units);

/// <summary>
/// What the orders read in one pull (or one push) do, decided before anything is written, so the writes go in bulk:
/// the orders as stored next, the lines nobody listed, each line's stock movement and the revenue entries (sales
/// before the corrections that adjust them). Pure: every rule here is tested without I/O.
/// </summary>
public sealed record OrderBatch(
    IReadOnlyList<MarketplaceOrder> Orders, IReadOnlyList<(MarketplaceOrder Order, OrderLine Line)> Unmatched,
    IReadOnlyList<StockMove> StockMoves, IReadOnlyList<RevenueFields> Entries)
{
    /// <param name="earlier">The orders as stored before this batch, by order id.</param>
    /// <param name="productOf">Our product behind a SKU for this producer on this marketplace, or null.</param>
    public static OrderBatch Plan(
        string producerId, IEnumerable<MarketplaceOrder> reported,
        IReadOnlyDictionary<string, MarketplaceOrder> earlier, Func<string, string?> productOf)
    {
        var orders = Latest(reported).Select(o => o.Remembering(earlier.GetValueOrDefault(o.OrderId))).ToList();
        var unmatched = new List<(MarketplaceOrder, OrderLine)>();
        var moves = new List<StockMove>();
        var sales = new List<RevenueFields>();
        var corrections = new List<RevenueFields>();
        foreach (var order in orders)
            foreach (var line in order.Lines)
            {
                if (productOf(line.Sku) is not { } productId)
                {
                    unmatched.Add((order, line));
                    continue;
                }
                if (StockUnits(earlier.GetValueOrDefault(order.OrderId), order, line) is not 0 and var units)
                    moves.Add(new StockMove(productId, order, line, units));
                if (order.CompletedAt is null) continue;
                sales.Add(OrderRevenue.Sale(order, line, producerId, productId));
                if (order.Undone) corrections.Add(OrderRevenue.Correction(order, line, producerId, productId));
            }
        return new OrderBatch(orders, unmatched, moves, [.. sales, .. corrections]);
    }

    /// <summary>An order's units leave the stock when it is first seen (placed or later, not cancelled) and come back
    /// when an order counted that way is cancelled; returned goods are not put back on sale. Whether an order was
    /// counted is what its stored row says, so a repeated pull or a replayed push moves nothing twice.</summary>
    public static int StockUnits(MarketplaceOrder? earlier, MarketplaceOrder order, OrderLine line)
    {
        var counted = earlier is not null && earlier.Status != OrderStatus.Cancelled;
        if (!counted && order.Status != OrderStatus.Cancelled) return line.Quantity;
        return counted && order.Status == OrderStatus.Cancelled ? -line.Quantity : 0;
    }

    /// <summary>The units each product's stock moves by in this batch: what comes back and what leaves, apart, since
    /// the stock never goes below zero and units back first can cover units sold.</summary>
    public IEnumerable<(string ProductId, int Back, int Sold)> StockByProduct() =>
        StockMoves.GroupBy(m => m.ProductId, StringComparer.Ordinal).Select(g =>
            (g.Key, -g.Where(m => m.Units < 0).Sum(m => m.Units), g.Where(m => m.Units > 0).Sum(m => m.Units)));

    /// <summary>Charges units a product's stock could not cover to the lines that sold it last (latest change
    /// first): the earlier orders were the ones the stock still held.</summary>
    public IEnumerable<OversoldLine> Oversold(string productId, int units)
    {
        foreach (var move in StockMoves.Where(m => m.ProductId == productId && m.Units > 0)
            .OrderByDescending(m => m.Order.UpdatedAt).ThenByDescending(m => m.Order.OrderId, StringComparer.Ordinal))
        {
            if (units <= 0) yield break;
            var charged = Math.Min(units, move.Units);
            units -= charged;
            yield return new OversoldLine(move, charged);
        }
    }

    /// <summary>An order reported twice in one read counts once, as its latest change.</summary>
    private static IEnumerable<MarketplaceOrder> Latest(IEnumerable<MarketplaceOrder> reported) =>
        reported.GroupBy(o => o.OrderId, StringComparer.Ordinal).Select(g => g.MaxBy(o => o.UpdatedAt)!);
}

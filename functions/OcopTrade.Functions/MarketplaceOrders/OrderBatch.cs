using OcopTrade.Functions.Products;
using OcopTrade.Functions.Revenue;

namespace OcopTrade.Functions.MarketplaceOrders;

/// <summary>A matched order line, whose units the stock of its product may have to move.</summary>
public sealed record StockLine(string ProductId, MarketplaceOrder Order, OrderLine Line)
{
    /// <summary>The line's claim on its product's stock; whether it moves is decided against the product's
    /// markers (<see cref="StockPlan"/>), so a replayed line moves nothing twice.</summary>
    public StockClaim Claim => new(ProductStock.LineKey(Order.Channel, Order.OrderId, Line.LineId), Line.Quantity,
        Order.Status == OrderStatus.Cancelled, Order.UpdatedAt);
}

/// <summary>
/// What the orders read in one pull (or one push) do, decided before anything is written, so the writes go in bulk:
/// the orders as stored next, the lines nobody listed, the matched lines whose product's stock may move and the
/// revenue entries (sales before the corrections that adjust them). Pure: every rule here is tested without I/O.
/// </summary>
public sealed record OrderBatch(
    IReadOnlyList<MarketplaceOrder> Orders, IReadOnlyList<(MarketplaceOrder Order, OrderLine Line)> Unmatched,
    IReadOnlyList<StockLine> StockLines, IReadOnlyList<RevenueFields> Entries)
{
    /// <param name="earlier">The orders as stored before this batch, by order id.</param>
    /// <param name="productOf">Our product behind a SKU for this producer on this marketplace, or null.</param>
    public static OrderBatch Plan(
        string producerId, IEnumerable<MarketplaceOrder> reported,
        IReadOnlyDictionary<string, MarketplaceOrder> earlier, Func<string, string?> productOf)
    {
        var orders = Latest(reported).Select(o => o.Remembering(earlier.GetValueOrDefault(o.OrderId))).ToList();
        var unmatched = new List<(MarketplaceOrder, OrderLine)>();
        var stock = new List<StockLine>();
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
                stock.Add(new StockLine(productId, order, line));
                if (order.CompletedAt is null) continue;
                sales.Add(OrderRevenue.Sale(order, line, producerId, productId));
                if (order.Undone) corrections.Add(OrderRevenue.Correction(order, line, producerId, productId));
            }
        return new OrderBatch(orders, unmatched, stock, [.. sales, .. corrections]);
    }

    /// <summary>Each product's lines, as claims on its stock: one product moves once for a batch's lines (99 lines
    /// to a transaction).</summary>
    public IEnumerable<(string ProductId, List<StockLine> Lines)> StockByProduct() =>
        StockLines.GroupBy(l => l.ProductId, StringComparer.Ordinal).Select(g => (g.Key, g.ToList()));

    /// <summary>The entry that carries each order (by entry id), so the order needs no row of its own: its
    /// correction when it was undone, else its sale. An order with no entry here (placed, cancelled before
    /// completion, no line listed) has none.</summary>
    public Dictionary<string, MarketplaceOrder> Carriers()
    {
        var ids = Entries.Select(e => e.Id!).ToHashSet(StringComparer.Ordinal);
        var carriers = new Dictionary<string, MarketplaceOrder>(StringComparer.Ordinal);
        foreach (var order in Orders)
            if (order.Lines.Select(l => order.Undone
                    ? OrderRevenue.CorrectionId(order.Channel, order.OrderId, l.LineId)
                    : OrderRevenue.SaleId(order.Channel, order.OrderId, l.LineId)).FirstOrDefault(ids.Contains)
                is { } id)
                carriers[id] = order;
        return carriers;
    }

    /// <summary>An order as stored already (a repeated pull, a replayed push): nothing to write.</summary>
    public static bool Unchanged(MarketplaceOrder? stored, MarketplaceOrder order) =>
        stored is not null && stored.Status == order.Status && stored.UpdatedAt == order.UpdatedAt
        && stored.CompletedAt == order.CompletedAt && stored.Lines.SequenceEqual(order.Lines);

    /// <summary>What stored orders say each of these lines has out of its product's stock: an order is stored once
    /// its units moved, and a cancelled one has them back; a line of no stored order has moved nothing.</summary>
    public static Dictionary<string, int> Counted(
        IReadOnlyDictionary<string, MarketplaceOrder> stored, IEnumerable<StockLine> lines)
    {
        var counted = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in lines)
            if (stored.TryGetValue(line.Order.OrderId, out var order))
                counted[line.Claim.Key] = order.Status == OrderStatus.Cancelled ? 0
                    : order.Lines.FirstOrDefault(l => l.LineId == line.Line.LineId)?.Quantity ?? line.Line.Quantity;
        return counted;
    }

    /// <summary>An order reported twice in one read counts once, as its latest change.</summary>
    private static IEnumerable<MarketplaceOrder> Latest(IEnumerable<MarketplaceOrder> reported) =>
        reported.GroupBy(o => o.OrderId, StringComparer.Ordinal).Select(g => g.MaxBy(o => o.UpdatedAt)!);
}

using Azure;
using Azure.Data.Tables;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Products;

/// <summary>What a sale did to the one stock figure: the product after it, and how many units were sold that the
/// stock did not hold (two channels selling the last units at once).</summary>
public sealed record StockChange(Product Product, int Oversold);

public sealed partial record Product
{
    /// <summary>Units sold anywhere come off the one stock figure, which never goes below zero: what it could not
    /// cover is the oversell. A product whose producer keeps no stock figure is left as it is (null).</summary>
    public StockChange? Selling(int quantity, DateTimeOffset now)
    {
        if (Fields.Stock is not { } stock || quantity <= 0) return null;
        var left = stock - quantity;
        return new StockChange(this with { Fields = Fields with { Stock = Math.Max(0, left) }, UpdatedAt = now },
            Math.Max(0, -left));
    }

    /// <summary>Units of cancelled orders come back, then units sold leave: one write for both. Null when the product
    /// keeps no stock figure.</summary>
    public StockChange? Moving(int back, int sold, DateTimeOffset now)
    {
        if (Fields.Stock is null) return null;
        var restocked = Restocking(back, now)?.Product ?? this;
        return restocked.Selling(sold, now) ?? new StockChange(restocked, 0);
    }

    /// <summary>Units of a cancelled order come back, up to the largest stock a product may state.</summary>
    public StockChange? Restocking(int quantity, DateTimeOffset now) =>
        Fields.Stock is not { } stock || quantity <= 0
            ? null
            : new StockChange(this with
            {
                Fields = Fields with { Stock = Math.Min(ProductRules.MaxStock, stock + quantity) },
                UpdatedAt = now,
            }, 0);
}

/// <summary>One order line's claim on a product's stock. <see cref="Key"/> names the line (marketplace, order,
/// line); <see cref="At"/> is its order's latest change, which decides who an oversell is charged to.</summary>
public sealed record StockClaim(string Key, int Quantity, bool Cancelled, DateTimeOffset At);

/// <summary>What a set of order lines does to one product's stock, against what its markers say each line already
/// moved: units out (positive) or back (negative) per line. Pure: the rules are tested without I/O.</summary>
public sealed record StockPlan(IReadOnlyList<(StockClaim Claim, int Units)> Moves)
{
    /// <summary>A line's units leave the stock when it is first seen (placed or later, not cancelled) and come back
    /// when its order is cancelled after they left; returned goods are not put back on sale. <paramref name="out"/>
    /// is what the line's marker says is out (null: never moved), so a line replayed moves nothing twice.</summary>
    public static int Units(int? @out, int quantity, bool cancelled) => @out switch
    {
        null => cancelled ? 0 : quantity,
        > 0 when cancelled => -@out.Value,
        _ => 0,
    };

    public static StockPlan Of(IEnumerable<StockClaim> claims, IReadOnlyDictionary<string, int> markers) =>
        new([.. claims.Select(c => (c, Units(markers.TryGetValue(c.Key, out var o) ? o : null, c.Quantity,
            c.Cancelled))).Where(m => m.Item2 != 0)]);

    public bool Empty => Moves.Count == 0;

    /// <summary>Units coming back, apart from units sold: the stock never goes below zero, and units back first can
    /// cover units sold.</summary>
    public int Back => -Moves.Where(m => m.Units < 0).Sum(m => m.Units);

    public int Sold => Moves.Where(m => m.Units > 0).Sum(m => m.Units);

    /// <summary>Charges units the stock could not cover to the lines that sold last (latest change first): the
    /// earlier orders were the ones the stock still held.</summary>
    public IEnumerable<(StockClaim Claim, int Units)> Oversold(int units)
    {
        foreach (var (claim, sold) in Moves.Where(m => m.Units > 0)
            .OrderByDescending(m => m.Claim.At).ThenByDescending(m => m.Claim.Key, StringComparer.Ordinal))
        {
            if (units <= 0) yield break;
            var charged = Math.Min(units, sold);
            units -= charged;
            yield return (claim, charged);
        }
    }

    /// <summary>The first <paramref name="count"/> moves: a product's transaction holds its row and at most 99
    /// markers.</summary>
    public StockPlan Take(int count) => new([.. Moves.Take(count)]);
}

/// <summary>Moves a product's stock under its ETag, again on a lost race. The product write tells its listeners, so
/// every marketplace listing is re-synced (coalesced, as edits are) with the new figure; 0 shows sold out
/// there.</summary>
public sealed class ProductStock(
    ProductStore products, TableServiceClient service, IEnumerable<IProductChanges> changes, TimeProvider clock)
{
    /// <summary>Lowers the stock for a sale; returns the units oversold (0 when the stock covered them, or when the
    /// product keeps no stock figure or is gone).</summary>
    public Task<int> LowerAsync(string productId, int quantity, CancellationToken cancellationToken) =>
        ChangeAsync(productId, p => p.Selling(quantity, clock.GetUtcNow()), cancellationToken);

    public Task<int> RaiseAsync(string productId, int quantity, CancellationToken cancellationToken) =>
        ChangeAsync(productId, p => p.Restocking(quantity, clock.GetUtcNow()), cancellationToken);

    /// <summary>Order lines move the stock exactly once each: beside the product, in its partition, a marker row per
    /// line says how many of its units are out, written in the same transaction as the stock under the product's
    /// ETag (and each marker's). A line replayed (a repeated pull, a push and a pull of the same order, a pull after
    /// a crash between this and the order's save) finds its marker and moves nothing; of two writers racing, the
    /// loser's transaction fails as a whole and it reads again. Returns each transaction's moves and the units it
    /// sold that the stock did not hold; nothing when the product keeps no stock figure or is gone.</summary>
    public async Task<List<(StockPlan Moved, int Oversold)>> MoveForLinesAsync(
        string productId, IReadOnlyList<StockClaim> claims, CancellationToken cancellationToken)
    {
        var done = new List<(StockPlan, int)>();
        for (var lost = 0; lost < 50;)
        {
            var (found, markers) = await ReadWithMarkersAsync(productId, claims, cancellationToken);
            var plan = StockPlan.Of(claims, markers.ToDictionary(m => m.Key, m => m.Value.Out));
            if (found is not { } product || plan.Empty) return done;
            var step = plan.Take(MarkersPerTransaction);
            if (product.Product.Moving(step.Back, step.Sold, clock.GetUtcNow()) is not { } change) return done;
            if (await TrySubmitAsync(change.Product, product.ETag, step, markers, cancellationToken))
            {
                foreach (var listener in changes) await listener.ChangedAsync(change.Product, cancellationToken);
                done.Add((step, change.Oversold));
                continue;
            }
            await Task.Delay(Random.Shared.Next(5, 20 + ++lost * 10), cancellationToken);
        }
        throw new InvalidOperationException($"{productId}: too much contention on its stock.");
    }

    private async Task<int> ChangeAsync(string productId, Func<Product, StockChange?> change,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            if (await products.FindAsync(productId, cancellationToken) is not { } found) return 0;
            if (change(found.Product) is not { } changed) return 0;
            if (await products.ReplaceAsync(changed.Product, found.ETag,
                cancellationToken) is not null) return changed.Oversold;
        }
        throw new InvalidOperationException($"{productId}: too much contention on its stock.");
    }

    public const string MarkerPrefix = "~stock|";
    private const int MarkersPerTransaction = 99;
    private readonly TableClient _table = service.GetTableClient(StorageNames.ProductsTable);

    /// <summary>The marker key of an order line: marketplace ids are theirs, so characters a row key refuses are
    /// escaped.</summary>
    public static string LineKey(string channel, string orderId, string lineId) =>
        $"{channel}|{Uri.EscapeDataString(orderId)}|{Uri.EscapeDataString(lineId)}";

    /// <summary>The product and the markers of these lines, in one query: the product's row and the key range the
    /// lines span.</summary>
    private async Task<((Product Product, ETag ETag)? Product, Dictionary<string, (int Out, ETag ETag)> Markers)>
        ReadWithMarkersAsync(string productId, IReadOnlyList<StockClaim> claims, CancellationToken cancellationToken)
    {
        var markers = new Dictionary<string, (int, ETag)>(StringComparer.Ordinal);
        (Product, ETag)? product = null;
        if (!Ids.LooksValid(productId) || claims.Count == 0) return (null, markers);
        var keys = claims.Select(c => c.Key).ToList();
        var (first, last) = (keys.Min(StringComparer.Ordinal)!, keys.Max(StringComparer.Ordinal)!);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {productId} and (RowKey eq {""} or (RowKey ge {MarkerPrefix + first} and RowKey le {MarkerPrefix + last}))");
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            if (e.RowKey.Length == 0) product = (ProductEntity.ToProduct(e), e.ETag);
            else markers[e.RowKey[MarkerPrefix.Length..]] = (e.GetInt32("Out") ?? 0, e.ETag);
        return (product, markers);
    }

    /// <summary>The product's new stock and the markers of the lines it moved for, all or nothing; false when a
    /// concurrent writer got there first (the product or a marker changed).</summary>
    private async Task<bool> TrySubmitAsync(Product product, ETag ifMatch, StockPlan step,
        Dictionary<string, (int Out, ETag ETag)> markers, CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, ProductEntity.From(product), ifMatch),
        };
        foreach (var (claim, units) in step.Moves)
        {
            var row = new TableEntity(product.Id, MarkerPrefix + claim.Key);
            actions.Add(markers.TryGetValue(claim.Key, out var marker)
                ? new(TableTransactionActionType.UpdateReplace, Out(row, marker.Out + units), marker.ETag)
                : new(TableTransactionActionType.Add, Out(row, units)));
        }
        try
        {
            await _table.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412) { return false; }
    }

    private static TableEntity Out(TableEntity row, int units)
    {
        row["Out"] = units;
        return row;
    }
}

using System.Text.Json;
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
    /// is what the line has out (null: never moved), so a line replayed moves nothing twice.</summary>
    public static int Units(int? @out, int quantity, bool cancelled) => @out switch
    {
        null => cancelled ? 0 : quantity,
        > 0 when cancelled => -@out.Value,
        _ => 0,
    };

    /// <param name="outs">Units out per line key, for the lines known to have moved the stock.</param>
    public static StockPlan Of(IEnumerable<StockClaim> claims, IReadOnlyDictionary<string, int> outs) =>
        new([.. claims.Select(c => (c, Units(outs.TryGetValue(c.Key, out var o) ? o : null, c.Quantity,
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

    /// <summary>The first <paramref name="count"/> moves: what one transaction of a product's stock takes on.</summary>
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

    /// <summary>Order lines move the stock exactly once each. Whether a line's units are out is what its stored
    /// order says (<paramref name="counted"/>: read after the product, so an order saved since is seen), or, until
    /// that order is saved, what the product's stock ledger says: a row beside the product, in its partition, written
    /// in the same transaction as the stock, both under their ETags. A line replayed (a repeated pull, a push and a
    /// pull of the same order, a pull after a crash before the order's save) moves nothing; of two writers racing,
    /// the loser's transaction fails as a whole and it reads again. Call <see cref="SettleAsync"/> once the orders are
    /// saved. Returns each transaction's moves and the units it sold that the stock did not hold; nothing when the
    /// product keeps no stock figure or is gone.</summary>
    public async Task<List<(StockPlan Moved, int Oversold)>> MoveForLinesAsync(
        string productId, IReadOnlyList<StockClaim> claims,
        Func<CancellationToken, Task<IReadOnlyDictionary<string, int>>> counted, CancellationToken cancellationToken)
    {
        var done = new List<(StockPlan, int)>();
        Product? last = null;
        var lost = 0;
        while (lost < 50)
        {
            var (found, ledger) = await ReadAsync(productId, cancellationToken);
            if (found is not { } product || product.Product.Fields.Stock is null) break;
            var pending = StockLedger.Pending(ledger);
            var outs = new Dictionary<string, int>(await counted(cancellationToken), StringComparer.Ordinal);
            foreach (var (key, units) in pending) outs[key] = units;
            var step = StockPlan.Of(claims, outs).Take(LinesPerTransaction);
            if (step.Empty || product.Product.Moving(step.Back, step.Sold, clock.GetUtcNow()) is not { } change)
                break;
            foreach (var (claim, units) in step.Moves) pending[claim.Key] = outs.GetValueOrDefault(claim.Key) + units;
            if (await TrySubmitAsync(change.Product, product.ETag, StockLedger.Row(productId, pending), ledger?.ETag,
                cancellationToken))
            {
                (last, lost) = (change.Product, 0);
                done.Add((step, change.Oversold));
                continue;
            }
            await Task.Delay(Random.Shared.Next(5, 20 + ++lost * 10), cancellationToken);
        }
        if (lost >= 50) throw new InvalidOperationException($"{productId}: too much contention on its stock.");
        // Every channel re-syncs to the figure once, however many transactions it took.
        if (last is not null) foreach (var listener in changes) await listener.ChangedAsync(last, cancellationToken);
        return done;
    }

    /// <summary>Once the orders of these lines are saved (they say now which lines were counted), the ledger
    /// forgets them: it holds only lines in flight, so it stays small.</summary>
    public async Task SettleAsync(string productId, IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var settled = keys.ToList();
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var (_, ledger) = await ReadAsync(productId, cancellationToken);
            var pending = StockLedger.Pending(ledger);
            if (ledger is null || settled.Count(pending.Remove) == 0) return;
            try
            {
                await _table.UpdateEntityAsync(StockLedger.Row(productId, pending), ledger.ETag,
                    TableUpdateMode.Replace, cancellationToken);
                return;
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412) { }
        }
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

    private const int LinesPerTransaction = 250;
    private readonly TableClient _table = service.GetTableClient(StorageNames.ProductsTable);

    /// <summary>The key of an order line: marketplace ids are theirs, so what a key would not keep apart is
    /// escaped.</summary>
    public static string LineKey(string channel, string orderId, string lineId) =>
        $"{channel}|{Uri.EscapeDataString(orderId)}|{Uri.EscapeDataString(lineId)}";

    /// <summary>The product and its stock ledger, in one query.</summary>
    private async Task<((Product Product, ETag ETag)? Product, TableEntity? Ledger)> ReadAsync(
        string productId, CancellationToken cancellationToken)
    {
        (Product, ETag)? product = null;
        TableEntity? ledger = null;
        if (!Ids.LooksValid(productId)) return (null, null);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {productId} and (RowKey eq {""} or RowKey eq {StockLedger.RowKey})");
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            if (e.RowKey.Length == 0) product = (ProductEntity.ToProduct(e), e.ETag);
            else ledger = e;
        return (product, ledger);
    }

    /// <summary>The product's new stock and its ledger, all or nothing; false when a concurrent writer got there
    /// first (either changed).</summary>
    private async Task<bool> TrySubmitAsync(Product product, ETag ifMatch, TableEntity ledger, ETag? ledgerETag,
        CancellationToken cancellationToken)
    {
        TableTransactionAction[] actions =
        [
            new(TableTransactionActionType.UpdateReplace, ProductEntity.From(product), ifMatch),
            ledgerETag is { } etag
                ? new(TableTransactionActionType.UpdateReplace, ledger, etag)
                : new(TableTransactionActionType.Add, ledger),
        ];
        try
        {
            await _table.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412) { return false; }
    }
}

/// <summary>A product's stock ledger: the order lines whose units moved its stock and whose orders are not saved
/// yet, with the units each has out. One row beside the product (never a product: no product property), its keys
/// as JSON over as many properties as it needs (a property holds 32 K characters).</summary>
internal static class StockLedger
{
    public const string RowKey = "~stock";
    private const int PartChars = 30_000;

    public static Dictionary<string, int> Pending(TableEntity? row)
    {
        var json = row is null ? "" : string.Concat(Enumerable.Range(0, row.GetInt32("Parts") ?? 0)
            .Select(i => row.GetString("P" + i)));
        var pending = json.Length == 0 ? null : JsonSerializer.Deserialize<Dictionary<string, int>>(json);
        return new Dictionary<string, int>(pending ?? [], StringComparer.Ordinal);
    }

    public static TableEntity Row(string productId, Dictionary<string, int> pending)
    {
        var json = JsonSerializer.Serialize(pending);
        var parts = json.Chunk(PartChars).Select(c => new string(c)).ToList();
        var row = new TableEntity(productId, RowKey) { ["Parts"] = parts.Count };
        for (var i = 0; i < parts.Count; i++) row["P" + i] = parts[i];
        return row;
    }
}

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

/// <summary>Moves a product's stock under its ETag, again on a lost race. The product write tells its listeners, so
/// every marketplace listing is re-synced (coalesced, as edits are) with the new figure; 0 shows sold out
/// there.</summary>
public sealed class ProductStock(ProductStore products, TimeProvider clock)
{
    /// <summary>Lowers the stock for a sale; returns the units oversold (0 when the stock covered them, or when the
    /// product keeps no stock figure or is gone).</summary>
    public Task<int> LowerAsync(string productId, int quantity, CancellationToken cancellationToken) =>
        ChangeAsync(productId, p => p.Selling(quantity, clock.GetUtcNow()), cancellationToken);

    public Task<int> RaiseAsync(string productId, int quantity, CancellationToken cancellationToken) =>
        ChangeAsync(productId, p => p.Restocking(quantity, clock.GetUtcNow()), cancellationToken);

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
}

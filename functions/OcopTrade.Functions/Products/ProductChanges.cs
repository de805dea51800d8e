namespace OcopTrade.Functions.Products;

/// <summary>Told after every successful product write (edit, publish, unpublish, revocation, suspension), so other
/// capabilities (marketplace listings) follow the product without the product code knowing them.</summary>
public interface IProductChanges
{
    Task ChangedAsync(Product product, CancellationToken cancellationToken);
}

namespace OcopTrade.Functions.Images;

/// <summary>Told after a product's photos change in a way a shopper sees (a photo became ready, was deleted,
/// reordered or made primary), so listings elsewhere follow the photos without the image code knowing them.</summary>
public interface IPhotoChanges
{
    Task ChangedAsync(string productId, CancellationToken cancellationToken);
}

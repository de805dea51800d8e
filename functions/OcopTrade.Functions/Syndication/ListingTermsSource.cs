using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Syndication;

/// <summary>Reads what a product's listings carry on each channel: the producer's overrides and the admin's mapping
/// of the product's group, read side by side, combined by the pure <see cref="ListingTerms.Of"/>.</summary>
public sealed class ListingTermsSource(CategoryMappingStore mappings, ChannelSettingsStore settings)
{
    public async Task<IReadOnlyDictionary<string, ListingTerms>> ForAsync(
        Product product, CancellationToken cancellationToken)
    {
        var overrides = settings.ListAsync(product.Id, cancellationToken);
        var mapped = mappings.ForGroupAsync(product.Fields.Group, cancellationToken);
        await Task.WhenAll(overrides, mapped);
        var (own, lookup) = (await overrides, await mapped);
        return Channels.All.ToDictionary(c => c.Name, c => ListingTerms.Of(
            product, c, lookup.GetValueOrDefault(c.Name), own.GetValueOrDefault(c.Name)));
    }

    /// <summary>The terms on one channel with the given overrides, as they would be once stored.</summary>
    public async Task<ListingTerms> WithAsync(
        Product product, Channel channel, ChannelOverrides overrides, CancellationToken cancellationToken)
    {
        var mapped = await mappings.ForGroupAsync(product.Fields.Group, cancellationToken);
        return ListingTerms.Of(product, channel, mapped.GetValueOrDefault(channel.Name), overrides);
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Syndication;

/// <summary>The admin's choice of marketplace category for one OCOP group on one channel.</summary>
public sealed record CategoryMapping(ProductGroup Group, string CategoryId, string CategoryName);

/// <summary>A producer's own settings for one product on one channel; a null member is not overridden.</summary>
public sealed record ChannelOverrides(string? CategoryId, long? PriceVnd)
{
    public static readonly ChannelOverrides None = new(null, null);

    [JsonIgnore] public bool IsEmpty => CategoryId is null && PriceVnd is null;
}

/// <summary>Where an effective value came from: the producer's override, the admin's mapping, the product itself,
/// or nowhere (no category for the group on that channel).</summary>
public enum TermSource { Override, Mapping, Product, None }

/// <summary>The category and price a listing on one channel carries: the producer's override first, then the admin's
/// category mapping for the product's group (or the product's own price), else none. Pure: tested without I/O.
/// <see cref="Standard"/> says the terms are what the built-in category table and the product price give, so a
/// listing sent before overrides and mappings existed keeps its version.</summary>
public sealed record ListingTerms(
    string? CategoryId, string? CategoryName, TermSource CategorySource, long? PriceVnd, TermSource PriceSource,
    [property: JsonIgnore] bool Standard)
{
    public static ListingTerms Of(Product product, Channel channel, CategoryMapping? mapping, ChannelOverrides? overrides)
    {
        var (categoryId, categoryName, categorySource) = overrides?.CategoryId is { } own
            ? (own, null, TermSource.Override)
            : mapping is { CategoryId.Length: > 0 } && mapping.Group == product.Fields.Group
                ? (mapping.CategoryId, mapping.CategoryName, TermSource.Mapping)
                : ((string?)null, (string?)null, TermSource.None);
        var (price, priceSource) = overrides?.PriceVnd is { } ownPrice
            ? (ownPrice, TermSource.Override)
            : (product.Fields.PriceVnd, product.Fields.PriceVnd is null ? TermSource.None : TermSource.Product);
        var builtIn = BuiltInCategory(product.Fields.Group, channel);
        return new(categoryId, categoryName, categorySource, price, priceSource,
            categoryId == builtIn && price == product.Fields.PriceVnd);
    }

    /// <summary>The terms with no override and the channel's built-in category table.</summary>
    public static ListingTerms BuiltIn(Product product, Channel channel) =>
        Of(product, channel, BuiltInMapping(product.Fields.Group, channel), null);

    public static CategoryMapping? BuiltInMapping(ProductGroup? group, Channel channel) =>
        group is { } g && channel.Categories.TryGetValue(g, out var id)
            ? new CategoryMapping(g, id, GroupNames.Of(g))
            : null;

    private static string? BuiltInCategory(ProductGroup? group, Channel channel) =>
        BuiltInMapping(group, channel)?.CategoryId;

    /// <summary>What the terms add to a listing's version: nothing when standard, else a short hash of them.</summary>
    public string VersionSuffix()
    {
        if (Standard) return "";
        var text = $"{CategoryId}\n{PriceVnd?.ToString(CultureInfo.InvariantCulture)}";
        return "-t" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)),
            0, 6);
    }
}

/// <summary>OCOP product groups in routes and in the words producers use.</summary>
public static class GroupNames
{
    /// <summary>The group's Vietnamese name, as the public pages show it.</summary>
    public static string Of(ProductGroup group) => PublicPages.PageKit.GroupName(group);

    /// <summary>The group as the API spells it (camelCase, as JSON bodies do); null for anything else, digits too.</summary>
    public static ProductGroup? Parse(string? text) =>
        Enum.GetValues<ProductGroup>().Cast<ProductGroup?>().FirstOrDefault(g => Key(g!.Value) == text);

    public static string Key(ProductGroup group) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(group.ToString());
}

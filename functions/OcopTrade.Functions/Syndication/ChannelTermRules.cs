using System.Text.RegularExpressions;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Syndication;

/// <summary>The body of <c>PUT /api/channels/{channel}/categories/{group}</c>.</summary>
public sealed record CategoryMappingBody(string? CategoryId, string? CategoryName);

/// <summary>The body of <c>PUT /api/products/{id}/syndications/{channel}/settings</c>: null (or an empty category)
/// clears that override.</summary>
public sealed record ChannelSettingsBody(string? CategoryId, long? PriceVnd);

/// <summary>What an admin may map a group to and what a producer may override a channel with. Pure.</summary>
public static partial class ChannelTermRules
{
    public const int MaxCategoryName = 120;

    /// <summary>Marketplace category ids are short codes ("100780", "VS-1001", "PM-THUCPHAM"): letters, digits and
    /// a few separators, so nothing a buyer would read as text or markup reaches a marketplace's category field.</summary>
    public static string? CategoryId(Channel channel, string? value, FieldErrors errors, bool required)
    {
        var text = errors.Text("categoryId", value, 64, required);
        if (text is null) return null;
        if (channel.NumericCategoryIds && !text.All(char.IsAsciiDigit))
            errors.Add("categoryId", $"A {channel.DisplayName} category id is a number.");
        else if (!CategoryCode().IsMatch(text))
            errors.Add("categoryId", "A marketplace category id is letters, digits, '.', '_', '-' or '/' (up to 64).");
        else return text;
        return null;
    }

    public static CategoryMapping? Mapping(
        Channel channel, ProductGroup group, CategoryMappingBody body, FieldErrors errors)
    {
        var id = CategoryId(channel, body.CategoryId, errors, required: true);
        var name = errors.Text("categoryName", body.CategoryName, MaxCategoryName, required: true);
        return errors.Any ? null : new CategoryMapping(group, id!, name!);
    }

    /// <summary>A price override is whole đồng within the bounds of a product's own price; each marketplace's
    /// narrower bounds are a readiness check, so a producer sees why rather than a refusal here.</summary>
    public static ChannelOverrides? Overrides(Channel channel, ChannelSettingsBody body, FieldErrors errors)
    {
        var category = CategoryId(channel, body.CategoryId, errors, required: false);
        if (body.PriceVnd is < 1 or > ProductRules.MaxPriceVnd)
            errors.Add("priceVnd", $"A price override is whole đồng between 1 and {ProductRules.MaxPriceVnd:N0}.");
        return errors.Any ? null : new ChannelOverrides(category, body.PriceVnd);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")] private static partial Regex CategoryCode();
}

using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using OcopTrade.Functions.Images;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Syndication;

/// <summary>A square rendition the marketplace shows: its public URL and, for marketplaces that want the bytes
/// uploaded (Shopee), where it sits in our renditions container.</summary>
public sealed record ListingImage(string Url, string BlobName);

/// <summary>A product as any marketplace needs it, before each connector renames the fields its own way.</summary>
public sealed record MarketplaceListing(
    string Sku, string Title, string Description, string CategoryId, long PriceVnd, int Stock, int WeightGrams,
    IReadOnlyList<ListingImage> Images, IReadOnlyDictionary<string, string> Attributes);

/// <summary>Maps a product to a channel's listing. Pure: every rule here is tested without I/O.</summary>
public static partial class ListingMapper
{
    /// <summary>The SKU is the product id under a fixed prefix: the same on every attempt, so a retry after a crash
    /// finds (and updates) the listing the first attempt created.</summary>
    public static string Sku(string productId) => "OCOP-" + productId.ToUpperInvariant();

    /// <summary>The version a job is idempotent on: what the marketplace is shown. Every write to a product moves
    /// UpdatedAt; photos change apart from the product, so the square renditions a listing would carry, in order,
    /// are part of it (a new cover photo, or a re-render that replaced the URLs, is a new version).
    /// The channel's <paramref name="terms"/> (category and price overrides, the admin's mapping) are part of it
    /// too, unless they are the standard ones, so a changed override or mapping re-syncs the listing and a listing
    /// sent before they existed keeps its version.</summary>
    public static string Version(Product product, IReadOnlyList<ProductImage> images, ListingTerms? terms = null)
    {
        var stamp = product.UpdatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture) + terms?.VersionSuffix();
        var squares = Squares(images).Select(r => r.Url).ToList();
        if (squares.Count == 0) return stamp;
        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', squares)));
        return stamp + "-" + Convert.ToHexStringLower(hash, 0, 6);
    }

    /// <summary>The square renditions a marketplace shows, cover first: the producer's primary photo, then the rest in order.</summary>
    private static IEnumerable<Rendition> Squares(IReadOnlyList<ProductImage> images) => Shown(images).Select(s =>
        s.Square);

    /// <summary>The photos a marketplace shows, cover first, each with its square rendition.</summary>
    public static IEnumerable<(ProductImage Photo, Rendition Square)> Shown(IReadOnlyList<ProductImage> images) =>
        images.Where(i => i.Status == ImageStatus.Ready).OrderByDescending(i => i.Primary)
            .Select(i => (Photo: i, Square: i.Renditions?.FirstOrDefault(r =>
                r.Name == $"square{Renditions.Square}.jpg")))
            .Where(s => s.Square is not null).Select(s => (s.Photo, s.Square!));

    /// <param name="terms">The effective category and price on this channel (<see cref="ListingTerms.Of"/>);
    /// without them, the built-in category table and the product's own price.</param>
    public static (MarketplaceListing? Listing, List<string> Problems) Map(
        Product product, Channel channel, IReadOnlyList<ProductImage> images, int stock, DateOnly today,
        ListingTerms? terms = null)
    {
        var problems = new List<string>();
        var f = product.Fields;
        terms ??= ListingTerms.BuiltIn(product, channel);
        if (string.IsNullOrWhiteSpace(f.Name)) problems.Add("Sản phẩm chưa có tên.");
        if (terms.PriceVnd is not > 0) problems.Add("Sản phẩm chưa có giá bán.");
        if (terms.CategoryId is not { Length: > 0 } category)
        {
            problems.Add($"Nhóm sản phẩm chưa có danh mục tương ứng trên {channel.DisplayName}.");
            category = "";
        }
        if (problems.Count > 0) return (null, problems);

        var squares = Squares(images)
            .Take(channel.MaxImages)
            .Select(r => new ListingImage(r.Url, BlobName(r.Url)))
            .ToList();

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ocopStars"] = f.Stars?.ToString(CultureInfo.InvariantCulture) ?? "",
            ["origin"] = product.Province,
        };
        if (f.RawMaterialArea is { Length: > 0 } area) attributes["rawMaterialArea"] = area;
        if (f.Certificate?.Number is { Length: > 0 } number) attributes["ocopCertificate"] = number;
        if (f.Standards is { Count: > 0 } standards) attributes["standards"] = string.Join(", ", standards.Select(StandardName));
        if (f.Gtin is { Length: > 0 } gtin) attributes["gtin"] = gtin;
        if (f.ShelfLifeDays is { } days) attributes["shelfLifeDays"] = days.ToString(CultureInfo.InvariantCulture);

        var listing = new MarketplaceListing(
            Sku(product.Id),
            Truncate(Clean(f.Name!), channel.TitleMax),
            Truncate(Description(product, today), channel.DescriptionMax),
            category,
            terms.PriceVnd!.Value,
            f.Stock ?? stock,
            WeightGrams(f.NetQuantity),
            squares,
            attributes);
        return (listing, problems);
    }

    /// <summary>The producer's description, cleaned, then the OCOP facts a buyer trusts: stars, certificate, origin.</summary>
    public static string Description(Product product, DateOnly today)
    {
        var f = product.Fields;
        var text = new StringBuilder(Clean(f.Description ?? "", multiline: true));
        text.Append("\n\n");
        if (f.Stars is { } stars) text.Append($"Sản phẩm OCOP {stars} sao");
        if (product.CertificateOn(today) is { } certificate)
            text.Append($" (giấy chứng nhận {certificate.Number}, hiệu lực đến {certificate.ValidUntil:dd/MM/yyyy})");
        text.Append($". Xuất xứ: {product.Province}.");
        if (f.RawMaterialArea is { Length: > 0 } area) text.Append($" Vùng nguyên liệu: {Clean(area)}.");
        if (f.NetQuantity is { Length: > 0 } net) text.Append($" Khối lượng tịnh: {Clean(net)}.");
        if (f.Standards is { Count: > 0 } standards) text.Append($" Tiêu chuẩn: {string.Join(", ", standards.Select(StandardName))}.");
        return text.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>Marketplaces take plain text: tags go, entities are decoded, control characters and runs of blanks
    /// are squeezed, so nothing a producer pasted from a web page reaches a buyer as markup.</summary>
    public static string Clean(string text, bool multiline = false)
    {
        var noTags = Tags().Replace(Scripts().Replace(text, " "), " ");
        var decoded = WebUtility.HtmlDecode(noTags);
        var chars = decoded.Where(c => !char.IsControl(c) || (multiline && c == '\n')).ToArray();
        var spaced = Blanks().Replace(new string(chars), " ");
        var lines = spaced.Split('\n').Select(l => l.Trim());
        var joined = multiline ? string.Join('\n', lines) : string.Join(' ', lines);
        return BlankLines().Replace(joined, "\n\n").Trim().Normalize(NormalizationForm.FormC);
    }

    /// <summary>Cuts at a word boundary under the limit (in characters as people count them) and marks the cut.</summary>
    public static string Truncate(string text, int max)
    {
        var info = new StringInfo(text);
        if (info.LengthInTextElements <= max) return text;
        var cut = info.SubstringByTextElements(0, max - 1);
        var space = cut.LastIndexOf(' ');
        return (space > max / 2 ? cut[..space] : cut).TrimEnd(' ', ',', '.', ';', ':', '-') + "…";
    }

    /// <summary>Shipping weight from the net quantity ("200 g", "1,5 kg", "500 ml"): marketplaces need one to price
    /// delivery. Liquids count as water; anything unreadable as 500 g, which the producer can see in the export.</summary>
    public static int WeightGrams(string? netQuantity)
    {
        var match = netQuantity is null ? Match.Empty : Quantity().Match(netQuantity.ToLowerInvariant());
        if (!match.Success) return 500;
        var amount = double.Parse(match.Groups[1].Value.Replace(',', '.'), CultureInfo.InvariantCulture);
        var grams = match.Groups[2].Value switch
        {
            "kg" or "lít" or "lit" or "l" => amount * 1000,
            _ => amount,
        };
        return Math.Max(1, (int)Math.Round(grams));
    }

    public static string StandardName(QualityStandard s) => s switch
    {
        QualityStandard.VietGap => "VietGAP",
        QualityStandard.GlobalGap => "GlobalGAP",
        QualityStandard.Organic => "hữu cơ",
        QualityStandard.Iso22000 => "ISO 22000",
        QualityStandard.Haccp => "HACCP",
        QualityStandard.Gmp => "GMP",
        QualityStandard.GacpWho => "GACP-WHO",
        _ => s.ToString(),
    };

    /// <summary>"http://…/product-renditions/{product}/{image}/{hash}-square1000.jpg" → the name inside the container.</summary>
    private static string BlobName(string url)
    {
        var marker = "/" + Platform.StorageNames.RenditionsContainer + "/";
        var at = url.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? url : Uri.UnescapeDataString(url[(at + marker.Length)..]);
    }

    [GeneratedRegex("<[^>]*>")] private static partial Regex Tags();
    [GeneratedRegex("<(script|style)\\b[^>]*>.*?</\\1\\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)] private static partial Regex Scripts();
    [GeneratedRegex("[ \\t\\u00a0]+")] private static partial Regex Blanks();
    [GeneratedRegex("\\n{3,}")] private static partial Regex BlankLines();
    [GeneratedRegex("(\\d+(?:[.,]\\d+)?)\\s*(kg|g|gr|gam|gram|ml|lít|lit|l)\\b")] private static partial Regex Quantity();
}

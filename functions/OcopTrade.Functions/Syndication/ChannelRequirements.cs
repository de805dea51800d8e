using System.Globalization;
using OcopTrade.Functions.Images;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Syndication;

/// <summary>Which products must carry a GTIN on a marketplace: none, or those of some groups.</summary>
public sealed record GtinRule(IReadOnlySet<ProductGroup> RequiredFor)
{
    public static readonly GtinRule None = new(new HashSet<ProductGroup>());

    public bool Requires(ProductGroup? group) => group is { } g && RequiredFor.Contains(g);
}

/// <summary>One line of a channel's checklist: the requirement (a stable key the portal and clients can use), whether
/// the product meets it, and what it asks in a producer's words.</summary>
public sealed record ReadinessCheck(string Requirement, bool Met, string Detail);

/// <summary>Whether a product can go to one channel, and the checklist that says why.</summary>
public sealed record ChannelReadiness(string Channel, bool Ready, IReadOnlyList<ReadinessCheck> Checks)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<ReadinessCheck> Unmet => Checks.Where(c => !c.Met);
}

/// <summary>What a marketplace refuses a listing for, as data, so a product is checked before a job is queued that
/// the marketplace would refuse. Titles and descriptions longer than the maximum are cut by the mapper, not refused;
/// so are photos beyond <see cref="Channel.MaxImages"/>. Pure: tested without I/O.</summary>
public sealed record ChannelRequirements(
    int MinPhotos, int MinPhotoEdge, double MaxPhotoAspect, int MinTitle, int MinDescription,
    long MinPriceVnd, long MaxPriceVnd, GtinRule Gtin)
{
    /// <param name="photosRequired">False only where the marketplace (the simulator in tests and benchmarks) is
    /// told to take listings without photos.</param>
    /// <param name="terms">The category and price the listing would carry on this channel (overrides and the
    /// admin's mapping applied); without them, the built-in category table and the product's own price.</param>
    public ChannelReadiness Check(
        Product product, Channel channel, IReadOnlyList<ProductImage> images, DateOnly today,
            bool photosRequired = true, ListingTerms? terms = null)
    {
        var f = product.Fields;
        terms ??= ListingTerms.BuiltIn(product, channel);
        var shown = ListingMapper.Shown(images).ToList();
        var checks = new List<ReadinessCheck>
        {
            Listable(product, today),
            PhotoCount(shown.Count, photosRequired),
            PhotoSizes(shown),
            Title(f.Name),
            Description(f.Description),
            Category(terms, channel),
            Price(terms),
            GtinCheck(f.Group, f.Gtin),
        };
        return new ChannelReadiness(channel.Name, checks.All(c => c.Met), checks);
    }

    private static ReadinessCheck Listable(Product product, DateOnly today) =>
        new("published", ListingJobs.Listable(product, today),
            "Sản phẩm đã đăng bán và có giấy chứng nhận OCOP còn hiệu lực.");

    private ReadinessCheck PhotoCount(int count, bool required)
    {
        var needed = required ? MinPhotos : 0;
        return new("photos", count >= needed,
            $"Cần ít nhất {MinPhotos} ảnh đã xử lý xong (hiện có {count}).");
    }

    /// <summary>Marketplaces zoom into photos: a small original is blurred, a very long strip is mostly padding in
    /// the square the buyer sees.</summary>
    private ReadinessCheck PhotoSizes(IReadOnlyList<(ProductImage Photo, Rendition Square)> shown)
    {
        var small = shown.Select((s, i) => (s.Photo, Number: i + 1))
            .Where(s => Math.Min(s.Photo.Width, s.Photo.Height) < MinPhotoEdge || Aspect(s.Photo) > MaxPhotoAspect)
            .Select(s => s.Number.ToString(CultureInfo.InvariantCulture)).ToList();
        var aspect = MaxPhotoAspect.ToString("0.#", CultureInfo.GetCultureInfo("vi-VN"));
        var detail = $"Mỗi ảnh có cạnh ngắn từ {MinPhotoEdge} điểm ảnh và tỉ lệ cạnh dài/cạnh ngắn không quá {aspect}" +
            (small.Count > 0 ? $" (ảnh số {string.Join(", ", small)} chưa đạt)." : ".");
        return new("photoSize", small.Count == 0, detail);
    }

    private static double Aspect(ProductImage photo) =>
        photo.Width <= 0 || photo.Height <= 0
            ? double.PositiveInfinity
            : (double)Math.Max(photo.Width, photo.Height) / Math.Min(photo.Width, photo.Height);

    private ReadinessCheck Title(string? name)
    {
        var length = Length(ListingMapper.Clean(name ?? ""));
        return new("title", length >= Math.Max(1, MinTitle), $"Tên sản phẩm có ít nhất {Math.Max(1, MinTitle)} ký tự.");
    }

    /// <summary>The producer's own words count, not the OCOP facts the mapper appends to every description.</summary>
    private ReadinessCheck Description(string? description)
    {
        var length = Length(ListingMapper.Clean(description ?? "", multiline: true));
        return new("description", length >= MinDescription,
            $"Mô tả sản phẩm có ít nhất {MinDescription} ký tự (hiện có {length}).");
    }

    private static ReadinessCheck Category(ListingTerms terms, Channel channel) =>
        terms.CategoryId is { Length: > 0 } id
            ? new("category", true, $"Sản phẩm có danh mục trên {channel.DisplayName} ({id}" +
                (terms.CategorySource == TermSource.Override ? ", do nhà sản xuất chọn)." : ")."))
            : new("category", false, $"Nhóm sản phẩm có danh mục tương ứng trên {channel.DisplayName}, " +
                "hoặc nhà sản xuất chọn danh mục riêng cho sàn này.");

    /// <summary>The bounds apply to the price the listing carries: the channel's override when there is one.</summary>
    private ReadinessCheck Price(ListingTerms terms) =>
        new("price", terms.PriceVnd is { } p && p >= MinPriceVnd && p <= MaxPriceVnd,
            $"Giá bán từ {Vnd(MinPriceVnd)} đến {Vnd(MaxPriceVnd)}" +
            (terms.PriceSource == TermSource.Override && terms.PriceVnd is { } own
                ? $" (giá riêng cho sàn này: {Vnd(own)})." : "."));

    private ReadinessCheck GtinCheck(ProductGroup? group, string? gtin)
    {
        var required = Gtin.Requires(group);
        return new("gtin", !required || !string.IsNullOrWhiteSpace(gtin), required
            ? "Sản phẩm nhóm này cần mã vạch GTIN (mã số mã vạch GS1) trên sàn."
            : "Sàn không bắt buộc mã vạch GTIN cho nhóm sản phẩm này.");
    }

    private static int Length(string text) => new StringInfo(text).LengthInTextElements;

    private static string Vnd(long amount) => amount.ToString("N0", CultureInfo.GetCultureInfo("vi-VN")) + " ₫";
}

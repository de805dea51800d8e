using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Syndication;

/// <summary>One marketplace: its queue and function, its listing limits and its category table.</summary>
public sealed record Channel(
    string Name, string DisplayName, int TitleMax, int DescriptionMax, int MaxImages,
    IReadOnlyDictionary<ProductGroup, string> Categories)
{
    /// <summary>What the marketplace refuses a listing for, checked before a job is queued.</summary>
    public required ChannelRequirements Requirements { get; init; }

    /// <summary>The marketplace's category ids are integers (Shopee's <c>category_id</c>), so a mapping or override
    /// must be digits.</summary>
    public bool NumericCategoryIds { get; init; }

    public string Queue => "syndication-" + Name;
    public string FunctionName => "Syndicate" + char.ToUpperInvariant(Name[0]) + Name[1..];
}

public static class Channels
{
    /// <summary>voso.vn (Viettel Post): no public seller API; our contract is in the simulator's CONTRACTS.md.</summary>
    public static readonly Channel Voso = new("voso", "voso.vn", 120, 3000, 9, new Dictionary<ProductGroup, string>
    {
        [ProductGroup.Food] = "VS-1001", [ProductGroup.Beverages] = "VS-1002", [ProductGroup.Herbal] = "VS-1003",
        [ProductGroup.Textiles] = "VS-1004", [ProductGroup.Souvenirs] = "VS-1005", [ProductGroup.Tourism] = "VS-1006",
    })
    {
        Requirements = new(MinPhotos: 1, MinPhotoEdge: 400, MaxPhotoAspect: 2, MinTitle: 1, MinDescription: 20,
            MinPriceVnd: 1_000, MaxPriceVnd: 500_000_000, GtinRule.None),
    };

    /// <summary>postmart.vn (Vietnam Post): no public seller API either; same treatment.</summary>
    public static readonly Channel Postmart = new("postmart", "postmart.vn", 150, 5000, 8, new Dictionary<ProductGroup, string>
    {
        [ProductGroup.Food] = "PM-THUCPHAM", [ProductGroup.Beverages] = "PM-DOUONG", [ProductGroup.Herbal] = "PM-DUOCLIEU",
        [ProductGroup.Textiles] = "PM-DETMAY", [ProductGroup.Souvenirs] = "PM-LUUNIEM", [ProductGroup.Tourism] = "PM-DULICH",
    })
    {
        Requirements = new(MinPhotos: 1, MinPhotoEdge: 400, MaxPhotoAspect: 2, MinTitle: 1, MinDescription: 10,
            MinPriceVnd: 1_000, MaxPriceVnd: 500_000_000, GtinRule.None),
    };

    /// <summary>Shopee Vietnam through Open Platform v2 (item_name up to 120 characters, up to 9 images).</summary>
    public static readonly Channel Shopee = new("shopee", "Shopee", 120, 3000, 9, new Dictionary<ProductGroup, string>
    {
        [ProductGroup.Food] = "100780", [ProductGroup.Beverages] = "100781", [ProductGroup.Herbal] = "100782",
        [ProductGroup.Textiles] = "100017", [ProductGroup.Souvenirs] = "100636", [ProductGroup.Tourism] = "100788",
    })
    {
        // Packaged food and drink carry a GTIN on Shopee (the stand-in for its category-level GTIN mandate).
        Requirements = new(MinPhotos: 1, MinPhotoEdge: 500, MaxPhotoAspect: 2, MinTitle: 10, MinDescription: 20,
            MinPriceVnd: 1_000, MaxPriceVnd: 120_000_000,
            new GtinRule(new HashSet<ProductGroup> { ProductGroup.Food, ProductGroup.Beverages })),
        NumericCategoryIds = true,
    };

    public static readonly IReadOnlyList<Channel> All = [Voso, Postmart, Shopee];

    public static Channel? Find(string? name) => All.FirstOrDefault(c => c.Name == name);

    /// <summary>The queue where edits wait to be coalesced into one re-sync per product.</summary>
    public const string ResyncQueue = "syndication-resyncs";

    /// <summary>Each marketplace's job queue (its <see cref="Channel.Queue"/>), as constants for the triggers.</summary>
    public const string VosoQueue = "syndication-voso", PostmartQueue = "syndication-postmart",
        ShopeeQueue = "syndication-shopee";
}

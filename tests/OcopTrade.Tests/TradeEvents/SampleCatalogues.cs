using OcopTrade.Functions.Products;
using OcopTrade.Functions.TradeEvents;

namespace OcopTrade.Tests.TradeEvents;

/// <summary>Event catalogues as the events' loader makes them: Vietnamese names (NFC), real-length product page
/// addresses (a slug and a 12-character id), the same ones every run. The benchmark uses them too.</summary>
public static class SampleCatalogues
{
    public const string BaseUrl = "https://ocop.langson.example.vn/p/";

    private static readonly string[] Products =
    [
        "Chè Shan Tuyết Tả Phìn", "Mật ong bạc hà Mèo Vạc", "Miến dong Bình Liêu", "Hồng không hạt Bảo Lạc",
        "Thịt trâu gác bếp Trùng Khánh", "Rượu ngô Na Hang", "Quýt vàng Chợ Đồn", "Na dai Chi Lăng",
        "Hoa hồi Văn Quan", "Gạo nếp cái hoa vàng", "Tinh dầu quế Văn Yên", "Khăn thổ cẩm Tày Nùng",
    ];

    private static readonly string[] Groups = ["Thực phẩm", "Đồ uống", "Thảo dược", "Vải và may mặc"];

    private static readonly (string Commune, string Province)[] Places =
    [
        ("Chi Lăng", "Lạng Sơn"), ("Trùng Khánh", "Cao Bằng"), ("Chợ Đồn", "Thái Nguyên"), ("Mèo Vạc", "Tuyên Quang"),
    ];

    public static EventCatalogue Fair(int stalls, int productsPerStall) =>
        Of([.. Enumerable.Range(1, stalls).Select(n => Stall(n, productsPerStall))]);

    public static EventCatalogue Of(IReadOnlyList<CatalogueStall> stalls) => new(
        "ev-hoicho-2027", "Hội chợ OCOP và hàng nông sản Lạng Sơn 2027", "Hội chợ", new DateOnly(2027, 3, 5),
        new DateOnly(2027, 3, 8), "Quảng trường 17-10, phường Lương Văn Tri, Lạng Sơn", "Sở Công Thương Lạng Sơn",
        stalls);

    public static CatalogueStall Stall(int number, int products, Func<int, CatalogueProduct>? product = null)
    {
        var (commune, province) = Places[number % Places.Length];
        return new CatalogueStall(number.ToString("00"), $"Hợp tác xã Nông sản Đường Lâm số {number}", province,
            number % 5 == 0 ? null : commune,
            [.. Enumerable.Range(0, products).Select(i => product?.Invoke(i) ?? Product(number * 100 + i))]);
    }

    public static CatalogueProduct Product(int seed, string? name = null)
    {
        name ??= Products[seed % Products.Length];
        var id = Id(seed);
        return new CatalogueProduct(id, name, Groups[seed % Groups.Length], seed % 4 == 3 ? null : 3 + seed % 3,
            BaseUrl + Slug.For(name, id));
    }

    /// <summary>A 12-character id in the app's alphabet, different for every seed.</summary>
    private static string Id(int seed)
    {
        const string alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
        var value = (ulong)seed * 0x9E3779B97F4A7C15UL;
        return string.Concat(Enumerable.Range(0, 12).Select(i => alphabet[(int)((value >> (i * 5)) & 31)]));
    }
}

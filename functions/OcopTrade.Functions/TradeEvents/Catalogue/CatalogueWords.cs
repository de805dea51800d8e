using OcopTrade.Functions.PublicPages;

namespace OcopTrade.Functions.TradeEvents.Catalogue;

/// <summary>The catalogue's Vietnamese wording, one place for the paper and the phone so a visitor holding both
/// reads the same words.</summary>
public static class CatalogueWords
{
    public const string NoStalls = "Chưa có gian hàng nào được duyệt";
    public const string When = "Thời gian", Where = "Địa điểm", Organiser = "Đơn vị tổ chức";
    public const string ScanHint = "Quét mã QR để xem trang sản phẩm.";

    public static string Title(EventCatalogue catalogue) => $"Danh mục gian hàng – {catalogue.Name}";

    public static string Stall(CatalogueStall stall) => $"Gian {stall.Number}";

    /// <summary>"05/03/2027" for a one-day event, "05/03/2027 – 08/03/2027" otherwise.</summary>
    public static string Dates(EventCatalogue catalogue) =>
        catalogue.From == catalogue.To
            ? Vnd.Date(catalogue.From)
            : $"{Vnd.Date(catalogue.From)} – {Vnd.Date(catalogue.To)}";

    public static string Place(CatalogueStall stall) =>
        string.Join(", ", new[] { stall.Commune, stall.Province }.Where(part => !string.IsNullOrWhiteSpace(part)));

    /// <summary>"★★★★ OCOP" as on the product's label; nothing for a product without a rating.</summary>
    public static string? Stars(int? stars) =>
        stars is { } n and > 0 ? new string('★', Math.Min(n, 5)) + " OCOP" : null;

    public static string Counts(EventCatalogue catalogue) =>
        $"{catalogue.Stalls.Count} gian hàng, {catalogue.Stalls.Sum(stall => stall.Products.Count)} sản phẩm.";

    public static string PageNumber(int page, int pages) => $"Trang {page}/{pages}";

    public static string QrLabel(CatalogueProduct product) => $"Mã QR đến trang sản phẩm {product.Name}";
}

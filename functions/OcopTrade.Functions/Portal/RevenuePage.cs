using System.Text.Json;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Products;
using OcopTrade.Functions.Revenue;
using static OcopTrade.Functions.Portal.PortalLayout;

namespace OcopTrade.Functions.Portal;

/// <summary>A producer's monthly revenue per channel, typed in or imported from a CSV with its per-row report.</summary>
public static class RevenuePage
{
    public static string ChannelName(SalesChannel channel) => channel switch
    {
        SalesChannel.Supermarket => "Siêu thị",
        SalesChannel.ConvenienceStore => "Cửa hàng tiện lợi",
        SalesChannel.Ecommerce => "Thương mại điện tử",
        SalesChannel.OcopPoint => "Điểm bán OCOP",
        SalesChannel.Fair => "Hội chợ",
        SalesChannel.TraditionalMarket => "Chợ truyền thống",
        SalesChannel.Agent => "Đại lý",
        SalesChannel.Direct => "Bán trực tiếp",
        SalesChannel.Tourism => "Điểm du lịch",
        _ => "Xuất khẩu",
    };

    public static async Task<IResult> Render(HttpContext context, PortalLayout layout, ProductStore products, CancellationToken cancellationToken)
    {
        if (PortalModule.Refuse(context, layout, Role.Producer) is { } refused) return refused;
        var caller = Caller.From(context.User);
        var mine = await products.ListAsync(caller, new ProductFilter(null, null, null, null, null, null), null, 200, cancellationToken);
        static string Camel(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);

        var body =
            "<section class=\"panel\"><h2>Nhập doanh thu tháng</h2><form id=\"revenue-form\" novalidate><p class=\"form-error\" role=\"alert\" hidden></p>" +
            Field("month", "Tháng", Input("month", null, "month", " required")) +
            Field("channel", "Kênh bán", Select("channel", null, Enum.GetValues<SalesChannel>().Select(c => (Camel(c.ToString()), ChannelName(c))))) +
            Field("marketplace", "Sàn thương mại điện tử", Select("marketplace", null, Enum.GetValues<Marketplace>().Select(m => (Camel(m.ToString()), m == Marketplace.Other ? "Khác" : m.ToString()))),
                "Chỉ khi kênh là thương mại điện tử") +
            Field("productId", "Sản phẩm (không bắt buộc)", Select("productId", null, mine.Items.Select(p => (p.Id, p.Fields.Name ?? p.Id)))) +
            Field("amountVnd", "Doanh thu (đồng)", Input("amountVnd", null, extra: " inputmode=\"numeric\" autocomplete=\"off\"")) +
            Field("quantity", "Số lượng đã bán", Input("quantity", null, extra: " inputmode=\"numeric\" autocomplete=\"off\"")) +
            Field("note", "Ghi chú", Input("note", null, extra: " maxlength=\"500\"")) +
            "<button type=\"submit\">Ghi doanh thu</button></form></section>" +
            "<section class=\"panel\"><h2>Nhập từ tệp CSV</h2><p><a href=\"/api/revenue/imports/template.csv\" download>Tải tệp mẫu</a></p>" +
            "<form id=\"import-form\" novalidate><p class=\"form-error\" role=\"alert\" hidden></p>" +
            Field("file", "Tệp CSV (UTF-8)", "<input id=\"f-file\" name=\"file\" type=\"file\" accept=\".csv,text/csv\" aria-describedby=\"f-file-error\">") +
            "<button type=\"submit\">Gửi tệp</button></form><div id=\"import-report\" aria-live=\"polite\"></div></section>" +
            "<section><h2>Đã ghi gần đây</h2><div id=\"revenue-list\"><p>Đang tải…</p></div></section>";
        return layout.Page(context, caller, "Doanh thu", body, "revenue.js", bodyData: $" data-producer-id=\"{E(caller.ProducerId)}\"");
    }
}

using OcopTrade.Functions.Access;
using OcopTrade.Functions.Linkage;
using static OcopTrade.Functions.Portal.PortalLayout;

namespace OcopTrade.Functions.Portal;

/// <summary>A verified buyer's page: send an enquiry about a product found in the public catalogue, follow its
/// enquiries, and record or confirm deals with the producers it enquired with.</summary>
public static class BuyerPage
{
    public const string Path = "/portal/buyer";

    public static async Task<IResult> RenderAsync(
        HttpContext context, PortalLayout layout, EnquiryStore enquiries, DealStore deals,
        CancellationToken cancellationToken)
    {
        if (PortalModule.Refuse(context, layout, Role.Buyer) is { } refused) return refused;
        var caller = Caller.From(context.User);
        var sent = (await enquiries.ListAsync(caller, null, null, 200, cancellationToken)).Items;
        var mine = (await deals.ListAsync(caller, null, null, 200, cancellationToken)).Items;
        var producers = sent.Select(i => (i.Enquiry.ProducerId, i.Enquiry.ProducerName)).Distinct().ToList();
        var body =
            "<p><a class=\"button\" href=\"/catalogue\">Tìm sản phẩm trong danh mục OCOP</a></p>" +
            "<section class=\"panel\"><h2>Gửi lời hỏi hàng</h2>" + EnquiryForm + "</section>" +
            "<section class=\"panel\"><h2>Lời hỏi hàng đã gửi</h2>" + LinkageCards.Enquiries(sent, answering: false) +
            "</section><section class=\"panel\"><h2>Hợp đồng, đơn hàng</h2>" + LinkageCards.Deals(mine, DealSide.Buyer) +
            "</section><section class=\"panel\"><h2>Ghi hợp đồng mới</h2>" +
            (producers.Count == 0
                ? "<p>Sau khi gửi lời hỏi hàng, bạn có thể ghi hợp đồng với nhà sản xuất tại đây.</p>"
                : LinkageCards.DealForm("producerId", "Nhà sản xuất", producers,
                    sent.Select(i => (i.Enquiry.Id, i.Enquiry.ProductName + " · " + i.Enquiry.ProducerName)))) +
            "</section>";
        return layout.Page(context, caller, "Kết nối với nhà sản xuất OCOP", body, "linkage.js");
    }

    private static readonly string EnquiryForm =
        "<form id=\"enquiry-form\" novalidate><p class=\"form-error\" role=\"alert\" hidden></p>" +
        Field("productId", "Mã sản phẩm", Input("productId", null, extra: " maxlength=\"64\" autocapitalize=\"off\""),
            "Mã in trên trang sản phẩm trong danh mục") +
        Field("kind", "Yêu cầu", Select("kind", null,
            [("sample", "Xin mẫu"), ("quote", "Xin báo giá"), ("trialOrder", "Đặt hàng thử")])) +
        Field("quantity", "Số lượng", Input("quantity", null, extra: " inputmode=\"numeric\" autocomplete=\"off\"")) +
        Field("message", "Lời nhắn", TextArea("message", null, 3)) +
        "<button type=\"submit\">Gửi lời hỏi hàng</button></form>";
}

using OcopTrade.Functions.Access;
using OcopTrade.Functions.Linkage;

namespace OcopTrade.Functions.Portal;

/// <summary>A producer's side of supply–demand connection: the enquiries addressed to it (answered here), its
/// deals (confirmed or disputed here) and the form to record one with a buyer that enquired.</summary>
public static class EnquiriesPage
{
    public const string Path = "/portal/enquiries";

    public static async Task<IResult> RenderAsync(
        HttpContext context, PortalLayout layout, EnquiryStore enquiries, DealStore deals,
        CancellationToken cancellationToken)
    {
        if (PortalModule.Refuse(context, layout, Role.Producer) is { } refused) return refused;
        var caller = Caller.From(context.User);
        var received = (await enquiries.ListAsync(caller, null, null, 200, cancellationToken)).Items;
        var mine = (await deals.ListAsync(caller, null, null, 200, cancellationToken)).Items;
        var buyers = received.Select(i => (i.Enquiry.BuyerId, i.Enquiry.BuyerName)).Distinct().ToList();
        var body =
            "<section class=\"panel\"><h2>Lời hỏi hàng</h2>" + LinkageCards.Enquiries(received, answering: true) +
            "</section><section class=\"panel\"><h2>Hợp đồng, đơn hàng</h2>" +
            "<p class=\"hint\">Chỉ hợp đồng đã được bên kia xác nhận mới được tính là liên kết sản xuất, tiêu thụ.</p>" +
            LinkageCards.Deals(mine, DealSide.Producer) + "</section>" +
            "<section class=\"panel\"><h2>Ghi hợp đồng mới</h2>" +
            (buyers.Count == 0
                ? "<p>Khi có bên mua gửi lời hỏi hàng, bạn có thể ghi hợp đồng với họ tại đây.</p>"
                : LinkageCards.DealForm("buyerId", "Bên mua", buyers,
                    received.Select(i => (i.Enquiry.Id, i.Enquiry.ProductName + " · " + i.Enquiry.BuyerName)))) +
            "</section>";
        return layout.Page(context, caller, "Kết nối cung cầu", body, "linkage.js");
    }
}

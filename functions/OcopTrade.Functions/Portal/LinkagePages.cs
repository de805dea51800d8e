using OcopTrade.Functions.Access;
using OcopTrade.Functions.Linkage;
using static OcopTrade.Functions.Portal.PortalLayout;

namespace OcopTrade.Functions.Portal;

/// <summary>The two sides of supply–demand connection in the portal. A producer's page answers the enquiries
/// addressed to it; a verified buyer's page sends enquiries about products found in the public catalogue. Both list
/// their deals (confirmed or disputed here when the other side recorded them) and record one with a party they
/// have an enquiry with.</summary>
public static class LinkagePages
{
    /// <summary>What differs between the two pages.</summary>
    private sealed record Side(
        Role Role, DealSide DealSide, string Title, string Intro, string Other, string OtherLabel, string NoOther,
        Func<Enquiry, (string Id, string Name)> OtherOf);

    private static readonly Side Producer = new(Role.Producer, DealSide.Producer, "Kết nối cung cầu", "", "buyerId",
        "Bên mua", "Khi có bên mua gửi lời hỏi hàng, bạn có thể ghi hợp đồng với họ tại đây.",
        q => (q.BuyerId, q.BuyerName));

    private static readonly Side Buyer = new(Role.Buyer, DealSide.Buyer, "Kết nối với nhà sản xuất OCOP",
        "<p><a class=\"button\" href=\"/catalogue\">Tìm sản phẩm trong danh mục OCOP</a></p>" +
        "<section class=\"panel\"><h2>Gửi lời hỏi hàng</h2>" + EnquiryForm() + "</section>", "producerId",
        "Nhà sản xuất", "Sau khi gửi lời hỏi hàng, bạn có thể ghi hợp đồng với nhà sản xuất tại đây.",
        q => (q.ProducerId, q.ProducerName));

    public const string ProducerPath = "/portal/enquiries";
    public const string BuyerPath = "/portal/buyer";

    public static Task<IResult> ProducerAsync(HttpContext context, PortalLayout layout, EnquiryStore enquiries,
        DealStore deals, CancellationToken cancellationToken) =>
        RenderAsync(Producer, context, layout, enquiries, deals, cancellationToken);

    public static Task<IResult> BuyerAsync(HttpContext context, PortalLayout layout, EnquiryStore enquiries,
        DealStore deals, CancellationToken cancellationToken) =>
        RenderAsync(Buyer, context, layout, enquiries, deals, cancellationToken);

    private static async Task<IResult> RenderAsync(Side side, HttpContext context, PortalLayout layout,
        EnquiryStore enquiries, DealStore deals, CancellationToken cancellationToken)
    {
        if (PortalModule.Refuse(context, layout, side.Role) is { } refused) return refused;
        var caller = Caller.From(context.User);
        var asked = (await enquiries.ListAsync(caller, null, null, 200, cancellationToken)).Items;
        var mine = (await deals.ListAsync(caller, null, null, 200, cancellationToken)).Items;
        var others = asked.Select(i => side.OtherOf(i.Record)).Distinct().ToList();
        var body = side.Intro +
            "<section class=\"panel\"><h2>Lời hỏi hàng</h2>" +
            LinkageCards.Enquiries(asked, answering: side.Role == Role.Producer) +
            "</section><section class=\"panel\"><h2>Hợp đồng, đơn hàng</h2>" +
            "<p class=\"hint\">Chỉ hợp đồng đã được bên kia xác nhận mới được tính là liên kết sản xuất, " +
            "tiêu thụ.</p>" +
            LinkageCards.Deals(mine, side.DealSide) + "</section><section class=\"panel\"><h2>Ghi hợp đồng mới</h2>" +
            (others.Count == 0 ? $"<p>{side.NoOther}</p>" : LinkageCards.DealForm(side.Other, side.OtherLabel, others,
                asked.Select(i => (i.Record.Id, i.Record.ProductName + " · " + side.OtherOf(i.Record).Name)))) +
            "</section>";
        return layout.Page(context, caller, side.Title, body, "linkage.js");
    }

    private static string EnquiryForm() =>
        "<form id=\"enquiry-form\" novalidate><p class=\"form-error\" role=\"alert\" hidden></p>" +
        Field("productId", "Mã sản phẩm", Input("productId", null, extra: " maxlength=\"64\" autocapitalize=\"off\""),
            "Mã in trên trang sản phẩm trong danh mục") +
        Field("kind", "Yêu cầu", Select("kind", null,
            [("sample", "Xin mẫu"), ("quote", "Xin báo giá"), ("trialOrder", "Đặt hàng thử")])) +
        Field("quantity", "Số lượng", Input("quantity", null, extra: " inputmode=\"numeric\" autocomplete=\"off\"")) +
        Field("message", "Lời nhắn", TextArea("message", null, 3)) +
        "<button type=\"submit\">Gửi lời hỏi hàng</button></form>";
}

using System.Globalization;
using System.Text;
using Azure;
using OcopTrade.Functions.Linkage;
using OcopTrade.Functions.PublicPages;
using static OcopTrade.Functions.Portal.PortalLayout;

namespace OcopTrade.Functions.Portal;

/// <summary>Enquiries and deals as cards, shared by the producer's and the buyer's page. Each card that waits for
/// the reader carries its form, with the ETag it was read at, so an answer never overwrites one made meanwhile.
/// </summary>
public static class LinkageCards
{
    public static string StatusBadge(EnquiryStatus status) => status switch
    {
        EnquiryStatus.Answered => "<span class=\"badge valid\">Đã trả lời</span>",
        EnquiryStatus.Declined => "<span class=\"badge expired\">Đã từ chối</span>",
        _ => "<span class=\"badge expiring\">Chờ trả lời</span>",
    };

    public static string StatusBadge(DealStatus status) => status switch
    {
        DealStatus.Confirmed => "<span class=\"badge valid\">Đã xác nhận</span>",
        DealStatus.Disputed => "<span class=\"badge expired\">Bị khiếu nại</span>",
        _ => "<span class=\"badge expiring\">Chờ xác nhận</span>",
    };

    public static string KindName(DealKind kind) => kind == DealKind.Contract ? "Hợp đồng" : "Đơn đặt hàng";

    private static string Date(DateTimeOffset at) =>
        at.ToOffset(TimeSpan.FromHours(7)).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <param name="answering">The producer's page: open enquiries carry the answer form.</param>
    public static string Enquiries(IReadOnlyList<(Enquiry Record, ETag ETag)> items, bool answering)
    {
        if (items.Count == 0) return "<p>Chưa có lời hỏi hàng nào.</p>";
        var html = new StringBuilder("<ul class=\"cards\" id=\"enquiries\">");
        foreach (var (q, etag) in items.OrderByDescending(i => i.Record.CreatedAt))
        {
            html.Append("<li data-enquiry=\"").Append(q.Id).Append("\"><p class=\"card-title\">")
                .Append(E(q.ProductName))
                .Append("</p><p>").Append(StatusBadge(q.Status)).Append(' ').Append(E(LinkageNotices.KindName(q.Kind)))
                .Append(", số lượng ").Append(q.Quantity.ToString("N0",
                    CultureInfo.GetCultureInfo("vi-VN"))).Append("</p><p>")
                .Append(answering ? "Bên mua: " + E(q.BuyerName) : "Nhà sản xuất: " + E(q.ProducerName))
                .Append(" · ").Append(Date(q.CreatedAt)).Append("</p>");
            if (q.Message is not null) html.Append("<p>").Append(E(q.Message)).Append("</p>");
            if (q.Answer is not null) html.Append("<p><strong>Trả lời:</strong> ").Append(E(q.Answer)).Append("</p>");
            if (answering && q.Status == EnquiryStatus.Open) html.Append(AnswerForm(q.Id, etag));
            html.Append("</li>");
        }
        return html.Append("</ul>").ToString();
    }

    private static string AnswerForm(string id, ETag etag) =>
        $"<form class=\"answer-form\" data-enquiry-id=\"{id}\" data-etag=\"{E(etag.ToString())}\" novalidate>" +
        "<p class=\"form-error\" role=\"alert\" hidden></p>" +
        ItemField("status", $"s-{id}", "Trả lời", Select2($"s-{id}", "status",
            [("answered", "Nhận lời (báo giá, gửi mẫu…)"), ("declined", "Từ chối")])) +
        ItemField("text", $"t-{id}", "Nội dung trả lời",
            $"<textarea id=\"t-{id}\" name=\"text\" rows=\"3\" aria-describedby=\"t-{id}-error\"></textarea>") +
        "<button type=\"submit\">Gửi trả lời</button></form>";

    /// <param name="viewer">The side reading: deals the other side recorded and awaiting it carry confirm/dispute.
    /// </param>
    public static string Deals(IReadOnlyList<(Deal Record, ETag ETag)> items, DealSide viewer)
    {
        if (items.Count == 0) return "<p>Chưa có hợp đồng hay đơn hàng nào.</p>";
        var html = new StringBuilder("<ul class=\"cards\" id=\"deals\">");
        foreach (var (d, etag) in items.OrderByDescending(i => i.Record.CreatedAt))
        {
            var other = viewer == DealSide.Producer ? "Bên mua: " + E(d.BuyerName)
                : "Nhà sản xuất: " + E(d.ProducerName);
            html.Append("<li data-deal=\"").Append(d.Id).Append("\"><p class=\"card-title\">").Append(KindName(d.Kind))
                .Append(' ').Append(E(d.Reference)).Append("</p><p>").Append(StatusBadge(d.Status)).Append(' ')
                .Append(Vnd.Format(d.ValueVnd)).Append("</p><p>").Append(other).Append(" · từ ")
                    .Append(Vnd.Date(d.PeriodFrom))
                .Append(" đến ").Append(Vnd.Date(d.PeriodTo)).Append("</p><p>")
                .Append(d.RecordedBy == viewer ? "Bạn đã ghi; chờ bên kia xác nhận."
                    : "Bên kia đã ghi.").Append("</p>");
            if (d.Reason is not null) html.Append("<p><strong>Lý do khiếu nại:</strong> ").Append(E(d.Reason))
                .Append("</p>");
            if (d.Status == DealStatus.AwaitingConfirmation && d.RecordedBy != viewer) html.Append(DecisionForm(d.Id,
                etag));
            html.Append("</li>");
        }
        return html.Append("</ul>").ToString();
    }

    private static string DecisionForm(string id, ETag etag) =>
        $"<form class=\"deal-decision\" data-deal-id=\"{id}\" data-etag=\"{E(etag.ToString())}\" novalidate>" +
        "<p class=\"form-error\" role=\"alert\" hidden></p>" +
        "<button type=\"button\" data-confirm>Xác nhận hợp đồng</button>" +
        ItemField("reason", $"r-{id}", "Lý do khiếu nại (nếu không đúng)",
            $"<textarea id=\"r-{id}\" name=\"reason\" rows=\"2\" aria-describedby=\"r-{id}-error\"></textarea>") +
        "<button type=\"submit\" class=\"danger\">Khiếu nại</button></form>";

    /// <summary>A field of a form repeated on the page: its ids carry the record's id, its error slot the API's name.
    /// </summary>
    private static string ItemField(string name, string id, string label, string input) =>
        $"<div class=\"field\" data-field=\"{name}\"><label for=\"{id}\">{E(label)}</label>{input}" +
        $"<p class=\"error\" id=\"{id}-error\" hidden></p></div>";

    private static string Select2(string id, string name, IEnumerable<(string Value, string Label)> options) =>
        $"<select id=\"{id}\" name=\"{name}\" aria-describedby=\"{id}-error\">" +
        string.Concat(options.Select(o => $"<option value=\"{o.Value}\">{E(o.Label)}</option>")) + "</select>";

    /// <summary>The form either side records a deal with; the other side is one it has an enquiry with.</summary>
    public static string DealForm(string otherField, string otherLabel, IEnumerable<(string Id, string Name)> others,
        IEnumerable<(string Id, string Label)> enquiries) =>
        "<form id=\"deal-form\" novalidate><p class=\"form-error\" role=\"alert\" hidden></p>" +
        Field(otherField, otherLabel, Select(otherField, null, others.Select(o => (o.Id, o.Name)))) +
        Field("enquiryId", "Từ lời hỏi hàng (không bắt buộc)", Select("enquiryId", null, enquiries)) +
        Field("kind", "Loại", Select("kind", null, [("contract", "Hợp đồng"), ("purchaseOrder", "Đơn đặt hàng")])) +
        Field("reference", "Số hợp đồng/đơn hàng", Input("reference", null, extra: " maxlength=\"100\"")) +
        Field("valueVnd", "Giá trị (đồng)", Input("valueVnd", null,
            extra: " inputmode=\"numeric\" autocomplete=\"off\"")) +
        Field("periodFrom", "Từ ngày", Input("periodFrom", null, "date")) +
        Field("periodTo", "Đến ngày", Input("periodTo", null, "date")) +
        Field("eventId", "Mã sự kiện xúc tiến (nếu có)", Input("eventId", null, extra: " maxlength=\"64\"")) +
        "<button type=\"submit\">Ghi hợp đồng</button></form>";
}

using System.Text;
using OcopTrade.Functions.PublicPages;

namespace OcopTrade.Functions.Notifications;

/// <summary>What one notification says, in Vietnamese: a subject, the same words as plain text and as simple HTML,
/// and the one link back to the portal. It is made from the record's fields alone, so a mail can say nothing the
/// recipient cannot already see; every field is HTML-encoded in the HTML part.</summary>
public sealed record NotificationMail(string Subject, string Text, string Html, string Link)
{
    private const string Footer = "Thư này được OcopTrade gửi tự động; vui lòng không trả lời thư này.";

    /// <summary>The mail for <paramref name="notification"/>, its link <c>{publicBaseUrl}{PortalPath}</c>.</summary>
    public static NotificationMail Render(Notification notification, string publicBaseUrl)
    {
        var link = LinkOf(publicBaseUrl, notification.PortalPath);
        var (subject, lines, action) = Say(notification);
        var greeting = $"Kính gửi {notification.RecipientName},";
        return new NotificationMail(OneLine(subject), TextOf(greeting, lines, action, link),
            HtmlOf(OneLine(subject), greeting, lines, action, link), link);
    }

    /// <summary>The absolute link: a portal path ("/portal/…") under the public base URL, never another site.</summary>
    public static string LinkOf(string publicBaseUrl, string portalPath)
    {
        if (!portalPath.StartsWith('/') || portalPath.StartsWith("//", StringComparison.Ordinal)
            || portalPath.Any(c => c == '\\' || char.IsWhiteSpace(c) || char.IsControl(c)))
            throw new ArgumentException("A notification's portal path must be a path on this site.", nameof(portalPath));
        var link = publicBaseUrl.TrimEnd('/') + portalPath;
        return Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? link
            : throw new ArgumentException("The public base URL must be an absolute http(s) URL.", nameof(publicBaseUrl));
    }

    private static (string Subject, string[] Lines, string Action) Say(Notification notification) => notification switch
    {
        ApplicationDecided { Accepted: true } a => (
            $"Đơn đăng ký tham gia “{a.EventName}” đã được chấp nhận",
            [$"Đơn đăng ký tham gia sự kiện “{a.EventName}” của quý đơn vị đã được chấp nhận.",
                .. Optional("Gian hàng của quý đơn vị", a.Stall)],
            "Xem chi tiết trên cổng OcopTrade:"),
        ApplicationDecided a => (
            $"Đơn đăng ký tham gia “{a.EventName}” không được chấp nhận",
            [$"Rất tiếc, đơn đăng ký tham gia sự kiện “{a.EventName}” của quý đơn vị không được chấp nhận.",
                .. Optional("Lý do", a.Reason)],
            "Xem chi tiết trên cổng OcopTrade:"),
        EnquiryArrived e => (
            $"Yêu cầu mới từ {e.BuyerName} về sản phẩm “{e.ProductName}”",
            [$"{e.BuyerName} vừa gửi quý đơn vị một yêu cầu về sản phẩm “{e.ProductName}”.",
                $"Yêu cầu: {RequestOf(e.Request)}."],
            "Xem và trả lời yêu cầu trên cổng OcopTrade:"),
        DealAwaitingConfirmation d => (
            $"{d.CounterpartyName} đề nghị quý đơn vị xác nhận một giao dịch",
            [$"{d.CounterpartyName} đã ghi nhận một giao dịch với quý đơn vị và đề nghị quý đơn vị xác nhận.",
                $"Giá trị: {Vnd.Format(d.ValueVnd)}.",
                $"Thời hạn: từ {Vnd.Date(d.PeriodFrom)} đến {Vnd.Date(d.PeriodTo)}."],
            "Xác nhận hoặc từ chối giao dịch trên cổng OcopTrade:"),
        _ => throw new ArgumentException($"No mail for a {notification.GetType().Name}.", nameof(notification)),
    };

    private static string[] Optional(string label, string? value) =>
        string.IsNullOrWhiteSpace(value) ? [] : [$"{label}: {value}."];

    /// <summary>An enquiry's kind in Vietnamese; any other text is the buyer's own words, shown as written.</summary>
    private static string RequestOf(string request) => request.Trim() switch
    {
        "sample" => "gửi mẫu thử",
        "quote" => "báo giá",
        "trialOrder" or "trial-order" or "trial_order" => "đặt hàng thử",
        var other => other.TrimEnd('.'),
    };

    /// <summary>A subject is one line: a line break in a name must not start a new header.</summary>
    private static string OneLine(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(word => new string([.. word.Where(c => !char.IsControl(c))])).Where(w => w.Length > 0));

    private static string TextOf(string greeting, string[] lines, string action, string link) =>
        string.Join("\n\n", [greeting, .. lines, $"{action}\n{link}", Footer]) + "\n";

    private static string HtmlOf(string subject, string greeting, string[] lines, string action, string link)
    {
        var html = new StringBuilder("<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>")
            .Append(Encode(subject)).Append("</title></head><body>");
        foreach (var paragraph in new[] { greeting }.Concat(lines))
            html.Append("<p>").Append(Encode(paragraph)).Append("</p>");
        html.Append("<p><a href=\"").Append(Encode(link)).Append("\">").Append(Encode(action.TrimEnd(':')))
            .Append("</a></p><p><small>").Append(Encode(Footer)).Append("</small></p>");
        return html.Append("</body></html>").ToString();
    }

    private static string Encode(string text) => PageKit.Encoder.Encode(text);
}

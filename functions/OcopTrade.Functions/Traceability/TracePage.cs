using OcopTrade.Functions.PublicPages;

namespace OcopTrade.Functions.Traceability;

/// <summary>The page a QR code opens: in two seconds on a cheap phone, is this genuine, what is it, who made it,
/// is its certificate still valid. A few kilobytes of HTML, no script, no image requests.</summary>
public static class TracePage
{
    public static string Render(TraceView t)
    {
        var e = PageKit.Encoder;
        var html = PageKit.BeginBody(PageKit.Head($"{t.ProductName} – Truy xuất nguồn gốc OCOP", $"{t.ProductName}, {t.ProducerName}", null));
        // A hold or recall comes before everything else, the verdict included: whatever else is true, do not use it.
        if (t.Lot is { } lot) LotAlert(html, lot);
        if (t.CertificateLapsed)
            html.Append("<p class=\"alert danger\" role=\"alert\">⚠ Cảnh báo: ")
                .Append(t.Certificate is null ? "sản phẩm chưa có giấy chứng nhận OCOP."
                    : t.Certificate.State == Products.CertificateState.Revoked ? "giấy chứng nhận OCOP của sản phẩm đã bị thu hồi."
                    : $"giấy chứng nhận OCOP đã hết hạn ngày {Vnd.Date(t.Certificate.ValidUntil)}.")
                .Append("</p>");
        else
            html.Append("<p class=\"alert genuine\">✓ Sản phẩm chính hãng, mã truy xuất hợp lệ</p>");
        if (t.PastBestBefore)
            html.Append("<p class=\"alert danger\" role=\"alert\">⚠ Lô hàng này đã quá hạn sử dụng (").Append(Vnd.Date(t.BestBefore)).Append(").</p>");

        html.Append(PageKit.Stars(t.Stars)).Append("<h1>").Append(e.Encode(t.ProductName)).Append("</h1>");
        if (t.Photo is { } photo) Photo(html, photo);
        html.Append("<dl>");
        // What Circular 02/2024/TT-BKHCN asks a trace page to carry: product, producer and its address, production
        // date, lot, expiry (and the photo above).
        PageKit.Row(html, "Chủ thể", t.ProducerName);
        PageKit.Row(html, "Địa chỉ chủ thể", t.ProducerAddress);
        PageKit.Row(html, "Nơi sản xuất",
            string.Join(", ", new[] { t.Commune, t.Province }.Where(x => !string.IsNullOrEmpty(x))));
        PageKit.Row(html, "Vùng nguyên liệu", t.RawMaterialArea);
        PageKit.Row(html, "Nhóm sản phẩm", PageKit.GroupName(t.Group));
        if (t.Standards.Count > 0) PageKit.Row(html, "Tiêu chuẩn", string.Join(", ", t.Standards.Select(PageKit.StandardName)));
        PageKit.Row(html, "Số lô", t.LotNumber);
        PageKit.Row(html, "Ngày sản xuất", Vnd.Date(t.ProductionDate));
        PageKit.Row(html, "Hạn sử dụng", Vnd.Date(t.BestBefore));
        if (t.Certificate is { } c)
        {
            PageKit.Row(html, "Giấy chứng nhận", c.Number);
            html.Append("<dt>Hiệu lực</dt><dd><span class=\"badge ").Append(c.State.ToString().ToLowerInvariant()).Append("\">")
                .Append(PageKit.StateName(c.State)).Append("</span> đến ").Append(Vnd.Date(c.ValidUntil)).Append("</dd>");
        }
        PageKit.Row(html, "Mã truy xuất", t.TraceCode);
        html.Append("</dl>");
        if (t.SoldAt.Count > 0)
        {
            html.Append("<h2>Điểm bán</h2><ul>");
            foreach (var place in t.SoldAt) html.Append("<li>").Append(e.Encode(place)).Append("</li>");
            html.Append("</ul>");
        }
        foreach (var ev in t.SoldAtEvents ?? []) html.Append("<p>Đã bán tại ").Append(e.Encode(ev)).Append("</p>");
        if (t.ProductPageUrl is { } url) html.Append("<p><a href=\"").Append(e.Encode(url)).Append("\">Xem trang sản phẩm</a></p>");
        return html.Append("<footer>Truy xuất nguồn gốc sản phẩm OCOP trên OcopTrade.</footer></main></body></html>").ToString();
    }

    /// <summary>The page's policy: the photo, when there is one, comes from the storage account's renditions.</summary>
    public static void Harden(HttpResponse response, TraceView t)
    {
        if (t.Photo is { } photo) PageKit.Harden(response, "", new Uri(photo.Url).GetLeftPart(UriPartial.Authority));
        else PageKit.Harden(response);
    }

    private static void LotAlert(System.Text.StringBuilder html, LotNotice lot)
    {
        var e = PageKit.Encoder;
        html.Append("<div class=\"alert danger\" role=\"alert\"><p>⛔ ")
            .Append(lot.Status == LotState.Recall ? "LÔ HÀNG ĐÃ BỊ THU HỒI" : "LÔ HÀNG ĐANG BỊ TẠM DỪNG LƯU THÔNG")
            .Append("</p><p>").Append(e.Encode(lot.Notice)).Append("</p><p>Lý do: ").Append(e.Encode(lot.Reason))
            .Append("</p><p>Từ ngày ")
            .Append(Vnd.Date(DateOnly.FromDateTime(lot.Since.ToOffset(TimeSpan.FromHours(7)).DateTime)))
            .Append(".</p></div>");
    }

    private static void Photo(System.Text.StringBuilder html, TracePhoto photo)
    {
        var e = PageKit.Encoder;
        html.Append("<figure><img src=\"").Append(e.Encode(photo.Url)).Append("\" width=\"").Append(photo.Width)
            .Append("\" height=\"").Append(photo.Height).Append("\" alt=\"").Append(e.Encode(photo.Alt))
            .Append("\" decoding=\"async\"></figure>");
    }

    public static string Unverified()
    {
        var html = PageKit.BeginBody(PageKit.Head("Không xác minh được sản phẩm", "Mã truy xuất không hợp lệ", null));
        return html.Append("<p class=\"alert danger\" role=\"alert\">⚠ Không xác minh được sản phẩm này.</p>")
            .Append("<h1>Mã truy xuất không hợp lệ</h1>")
            .Append("<p>Mã trên tem không có trong hệ thống OCOP. Sản phẩm có thể là hàng giả hoặc tem bị in sai. ")
            .Append("Hãy kiểm tra lại mã in trên tem, hoặc báo cho điểm bán hoặc Sở Công Thương.</p>")
            .Append("</main></body></html>").ToString();
    }
}

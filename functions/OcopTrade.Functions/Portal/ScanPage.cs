using OcopTrade.Functions.Access;
using static OcopTrade.Functions.Portal.PortalLayout;

namespace OcopTrade.Functions.Portal;

/// <summary>The sales point's till: point the camera at a label (or type the printed code) and see at once whether
/// it is genuine, then record the sale with two taps. It installs as a web app and opens without a network: a sale
/// made offline waits in an outbox on the phone (scan-outbox.js) until it can be sent and verified.</summary>
public static class ScanPage
{
    public static IResult Render(HttpContext context, PortalLayout layout, PortalAssets assets)
    {
        if (PortalModule.Refuse(context, layout, Role.SalesPoint) is { } refused) return refused;
        var caller = Caller.From(context.User);
        var body = OutboxBar +
            "<div id=\"verdict\" class=\"verdict idle\" role=\"status\" aria-live=\"assertive\"><strong>Sẵn sàng quét</strong><span>Hướng camera vào mã QR trên nhãn, hoặc nhập mã in dưới mã QR.</span></div>" +
            "<section class=\"panel\"><button type=\"button\" id=\"camera-start\">Bật camera</button> <button type=\"button\" class=\"secondary\" id=\"camera-stop\" hidden>Tắt camera</button>" +
            "<video id=\"camera\" playsinline muted hidden></video><p class=\"hint\" id=\"camera-note\"></p></section>" +
            "<section class=\"panel\"><form id=\"manual-form\" novalidate>" +
            Field("code", "Mã in trên nhãn", Input("code", null, extra: " autocomplete=\"off\" autocapitalize=\"characters\" spellcheck=\"false\" placeholder=\"7K3M-9Q2X-A1B\"")) +
            "<button type=\"submit\">Kiểm tra mã</button></form></section>" +
            "<section class=\"panel\" id=\"sale\" hidden><h2>Ghi nhận bán hàng</h2><form id=\"sale-form\" novalidate><p class=\"form-error\" role=\"alert\" hidden></p>" +
            "<div class=\"row\">" +
            Field("quantity", "Số lượng", Input("quantity", "1", extra: " inputmode=\"numeric\" autocomplete=\"off\"")) +
            Field("unitPrice", "Đơn giá (đồng)", Input("unitPrice", null, extra: " inputmode=\"numeric\" autocomplete=\"off\"")) +
            "</div><button type=\"submit\" class=\"big\">Ghi bán</button></form>" +
            "<p id=\"sale-done\" class=\"done\" hidden></p></section>" + OutboxLists;
        var worker = assets.Url(PortalAssets.ScanWorker) + "&shell=" + assets.Build;
        return layout.Page(context, caller, "Quét mã truy xuất", body, "scan.js", head: Head(assets),
            bodyData: $" data-sales-point-id=\"{E(caller.SalesPointId)}\"" +
                $" data-jsqr=\"{E(layout.AssetUrl("jsQR.js"))}\" data-service-worker=\"{E(worker)}\"" +
                $" data-scope=\"{PortalAssets.ScanScope}\"");
    }

    /// <summary>The manifest that lets the phone install the scanner, its look, and the outbox that keeps sales made
    /// without a network.</summary>
    private static string Head(PortalAssets assets) =>
        $"<link rel=\"manifest\" href=\"{E(assets.Url("scan.webmanifest"))}\">" +
        "<meta name=\"theme-color\" content=\"#0b5d1e\">" +
        $"<link rel=\"apple-touch-icon\" href=\"{E(assets.Url("scan-icon-192.png"))}\">" +
        $"<link rel=\"stylesheet\" href=\"{E(assets.Url("scan.css"))}\">" +
        $"<script src=\"{E(assets.Url("scan-outbox.js"))}\" defer></script>";

    /// <summary>Always in sight, on top: how many sales are still on the phone, and the button that sends them now.
    /// </summary>
    private const string OutboxBar =
        "<div class=\"outbox-bar\" id=\"outbox-bar\" data-unsent=\"0\">" +
        "<p id=\"outbox-count\" role=\"status\" aria-live=\"polite\">Không có đơn nào chờ gửi.</p>" +
        "<button type=\"button\" class=\"secondary\" id=\"outbox-send\">Gửi lại</button></div>" +
        "<p id=\"outbox-sign-in\" class=\"form-error\" hidden>Phiên đăng nhập đã hết hạn. " +
        "<a href=\"/portal/sign-in?next=/portal/scan\">Đăng nhập lại</a> để gửi các đơn đang chờ; " +
        "chúng vẫn còn trên máy.</p>";

    /// <summary>What happened to the sales the phone kept: waiting, refused by the server (with its reason, until
    /// the staff has read it) and sent.</summary>
    private const string OutboxLists =
        "<section class=\"panel\" id=\"outbox-pending-box\" aria-labelledby=\"outbox-pending-title\" hidden>" +
        "<h2 id=\"outbox-pending-title\">Chờ gửi</h2><ul class=\"outbox\" id=\"outbox-pending\"></ul></section>" +
        "<section class=\"panel\" id=\"outbox-refused-box\" aria-labelledby=\"outbox-refused-title\" hidden>" +
        "<h2 id=\"outbox-refused-title\">Bị từ chối</h2>" +
        "<p class=\"hint\">Máy chủ không ghi nhận các đơn này. " +
        "Đọc lý do, xử lý với khách, rồi bấm “Đã xem”.</p>" +
        "<ul class=\"outbox\" id=\"outbox-refused\"></ul></section>" +
        "<section class=\"panel\" id=\"outbox-recorded-box\" aria-labelledby=\"outbox-recorded-title\" hidden>" +
        "<h2 id=\"outbox-recorded-title\">Đã gửi và xác minh</h2>" +
        "<ul class=\"outbox\" id=\"outbox-recorded\"></ul></section>";
}

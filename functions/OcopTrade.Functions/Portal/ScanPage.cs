using OcopTrade.Functions.Access;
using static OcopTrade.Functions.Portal.PortalLayout;

namespace OcopTrade.Functions.Portal;

/// <summary>The sales point's till: point the camera at a label (or type the printed code) and see at once whether
/// it is genuine, then record the sale with two taps.</summary>
public static class ScanPage
{
    public static IResult Render(HttpContext context, PortalLayout layout)
    {
        if (PortalModule.Refuse(context, layout, Role.SalesPoint) is { } refused) return refused;
        var caller = Caller.From(context.User);
        var body =
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
            "</div><button type=\"submit\" class=\"big\">Ghi bán</button></form><p id=\"sale-done\" class=\"done\" hidden></p></section>";
        return layout.Page(context, caller, "Quét mã truy xuất", body, "scan.js",
            bodyData: $" data-sales-point-id=\"{E(caller.SalesPointId)}\" data-jsqr=\"{E(layout.AssetUrl("jsQR.js"))}\"");
    }
}

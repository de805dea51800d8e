using System.Text;
using Azure.Storage.Blobs;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.PublicPages;

namespace OcopTrade.Functions.Portal;

/// <summary>The frame every portal page shares: Vietnamese, one stylesheet and small scripts from our own origin
/// under a CSP that allows no inline script at all, a skip link, and a navigation sized for a thumb.</summary>
public sealed class PortalLayout(PortalAssets assets, BlobServiceClient blobs)
{
    /// <summary>Scripts and styles from this origin only (never inline), API calls to this origin only, photos from the
    /// public renditions, previews of photos still on the phone as blob: URLs, the camera stream for the scanner.</summary>
    private string Csp => "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; " +
        $"img-src 'self' data: blob: {blobs.Uri.GetLeftPart(UriPartial.Authority)}; media-src 'self' blob:; " +
        "manifest-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static string E(string? text) => PageKit.Encoder.Encode(text ?? "");

    /// <param name="head">More of the page's head (links and scripts of this origin), after its own script.</param>
    public IResult Page(HttpContext context, Caller? caller, string title, string body, string? script = null,
        int status = 200, string? bodyData = null, string? head = null)
    {
        var html = new StringBuilder(8192);
        html.Append("<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">").Append(PageKit.NoIcon)
            .Append("<meta name=\"robots\" content=\"noindex\">")
            .Append("<title>").Append(E(title)).Append(" · OCOP</title>")
            .Append("<link rel=\"stylesheet\" href=\"").Append(assets.Url("portal.css")).Append("\">")
            .Append("<script src=\"").Append(assets.Url("portal.js")).Append("\" defer></script>");
        if (script is not null) html.Append("<script src=\"").Append(assets.Url(script)).Append("\" defer></script>");
        html.Append(head ?? "");
        html.Append("</head><body").Append(bodyData ?? "").Append("><a class=\"skip\" href=\"#main\">Bỏ qua đến nội dung</a>");
        html.Append("<header><nav aria-label=\"Chính\"><span class=\"brand\">OCOP</span>");
        if (caller?.Role == Role.Producer)
            html.Append("<a href=\"/portal\">Sản phẩm</a><a href=\"/portal/revenue\">Doanh thu</a>")
                .Append("<a href=\"/portal/events\">Sự kiện</a>")
                .Append("<a href=\"").Append(LinkagePages.ProducerPath).Append("\">Kết nối</a>");
        if (caller?.Role == Role.Buyer)
            html.Append("<a href=\"").Append(LinkagePages.BuyerPath)
                .Append("\">Kết nối</a><a href=\"/catalogue\">Danh mục sản phẩm</a>");
        if (caller?.Role == Role.SalesPoint) html.Append("<a href=\"/portal/scan\">Quét mã</a>");
        if (caller is not null) html.Append("<button type=\"button\" class=\"link\" data-sign-out>Đăng xuất</button>");
        html.Append("</nav></header><main id=\"main\" tabindex=\"-1\"><h1>").Append(E(title)).Append("</h1>")
            .Append(body)
            .Append("<p class=\"status\" role=\"status\" aria-live=\"polite\" id=\"page-status\"></p></main></body></html>");

        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = Csp;
        headers.CacheControl = "no-store"; // personal pages: never kept by a shared cache or the back button
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    /// <summary>An optional asset's address, or empty when this build does not carry it.</summary>
    public string AssetUrl(string name) => assets.Has(name) ? assets.Url(name) : "";

    /// <summary>A labelled field with its error slot, which the scripts fill with the API's message in Vietnamese.</summary>
    public static string Field(string name, string label, string input, string? hint = null)
    {
        var id = Id(name);
        var html = new StringBuilder();
        html.Append("<div class=\"field\" data-field=\"").Append(E(name)).Append("\"><label for=\"").Append(id).Append("\">").Append(E(label)).Append("</label>");
        if (hint is not null) html.Append("<p class=\"hint\" id=\"").Append(id).Append("-hint\">").Append(E(hint)).Append("</p>");
        html.Append(input).Append("<p class=\"error\" id=\"").Append(id).Append("-error\" hidden></p></div>");
        return html.ToString();
    }

    public static string Id(string field) => "f-" + field.Replace('.', '-');

    public static string Input(string name, string? value, string type = "text", string extra = "") =>
        $"<input id=\"{Id(name)}\" name=\"{E(name)}\" type=\"{type}\" value=\"{E(value)}\" aria-describedby=\"{Id(name)}-error\"{extra}>";

    public static string TextArea(string name, string? value, int rows = 4) =>
        $"<textarea id=\"{Id(name)}\" name=\"{E(name)}\" rows=\"{rows}\" aria-describedby=\"{Id(name)}-error\">{E(value)}</textarea>";

    public static string Select(string name, string? selected, IEnumerable<(string Value, string Label)> options, bool blank = true)
    {
        var html = new StringBuilder($"<select id=\"{Id(name)}\" name=\"{E(name)}\" aria-describedby=\"{Id(name)}-error\">");
        if (blank) html.Append("<option value=\"\">— Chọn —</option>");
        foreach (var (value, label) in options)
            html.Append("<option value=\"").Append(E(value)).Append('"').Append(value == selected ? " selected" : "").Append('>').Append(E(label)).Append("</option>");
        return html.Append("</select>").ToString();
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.PublicPages;

/// <summary>What every public page shares: one small stylesheet allowed by hash in a script-free CSP, the encoder,
/// and the Vietnamese names of groups, certificate states and standards.</summary>
public static class PageKit
{
    internal const string Css =
        "body{margin:0;font:17px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','DejaVu Sans',sans-serif;color:#1b1b1b;background:#fafaf7}" +
        "main{max-width:40rem;margin:0 auto;padding:1rem}h1{font-size:1.5rem;line-height:1.25;margin:.25rem 0 .5rem;overflow-wrap:anywhere}" +
        ".stars{color:#9a6700;font-size:1.25rem;letter-spacing:.1em}.price{font-size:1.375rem;font-weight:700;color:#0b5d1e}" +
        "dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem .75rem}dt{color:#555}dd{margin:0;overflow-wrap:anywhere}" +
        ".badge{display:inline-block;padding:.125rem .5rem;border-radius:.25rem;font-weight:600}" +
        ".valid{background:#dcfce7;color:#14532d}.expiring{background:#fef3c7;color:#78350f}.expired,.revoked{background:#fee2e2;color:#7f1d1d}" +
        "figure{margin:0 0 1rem}figure img{display:block;width:100%;height:auto;border-radius:.5rem}.thumbs{display:grid;grid-template-columns:repeat(3,1fr);gap:.5rem;margin-bottom:1rem}" +
        ".alert{padding:.75rem 1rem;border-radius:.5rem;font-weight:700;font-size:1.125rem;margin:.5rem 0 1rem}" +
        ".genuine{background:#dcfce7;color:#14532d;border:2px solid #15803d}.danger{background:#fee2e2;color:#7f1d1d;border:2px solid #b91c1c}" +
        "p{overflow-wrap:anywhere;white-space:pre-line}footer{color:#555;font-size:.875rem;margin-top:2rem}";

    /// <summary>The page's CSP allows exactly this stylesheet and nothing else: no script, no outside resource.</summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Css)))}'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>Vietnamese letters stay as they are (not "&#x1EAD;"): half the bytes on a slow link. Markup characters are still encoded.</summary>
    public static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public static void Row(StringBuilder html, string label, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return;
        html.Append("<dt>").Append(label).Append("</dt><dd>").Append(Encoder.Encode(value)).Append("</dd>");
    }

    /// <summary>An empty icon spares every phone a request for /favicon.ico that would only 404.</summary>
    public const string NoIcon = "<link rel=\"icon\" href=\"data:,\">";

    public const string NotFoundHtml =
        "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">" + NoIcon +
        "<title>Không tìm thấy sản phẩm</title></head><body><main><h1>Không tìm thấy sản phẩm</h1>" +
        "<p>Sản phẩm này không tồn tại hoặc chưa được đăng bán.</p></main></body></html>";

    public static string GroupName(ProductGroup? group) => group switch
    {
        ProductGroup.Food => "Thực phẩm",
        ProductGroup.Beverages => "Đồ uống",
        ProductGroup.Herbal => "Thảo dược",
        ProductGroup.Textiles => "Vải và may mặc",
        ProductGroup.Souvenirs => "Lưu niệm, nội thất, trang trí",
        ProductGroup.Tourism => "Dịch vụ du lịch cộng đồng và điểm du lịch",
        _ => "",
    };

    public static string StateName(CertificateState state) => state switch
    {
        CertificateState.Valid => "Còn hiệu lực",
        CertificateState.Expiring => "Sắp hết hạn",
        CertificateState.Expired => "Đã hết hạn",
        _ => "Đã bị thu hồi",
    };

    public static string StandardName(QualityStandard standard) => standard switch
    {
        QualityStandard.VietGap => "VietGAP",
        QualityStandard.GlobalGap => "GlobalGAP",
        QualityStandard.Organic => "Hữu cơ",
        QualityStandard.Iso22000 => "ISO 22000",
        QualityStandard.Haccp => "HACCP",
        QualityStandard.Gmp => "GMP",
        _ => "GACP-WHO",
    };

    /// <summary>Headers of a public page: the strict CSP and a short public cache.</summary>
    public static void Harden(HttpResponse response) => response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;

    /// <summary>The CSP of a page that also carries its own small stylesheet (placeholder colours) and shows photos
    /// from the storage account's public renditions.</summary>
    /// <param name="formAction">'self' for a page whose form searches itself (the catalogue).</param>
    public static void Harden(HttpResponse response, string pageCss, string imageOrigin, string formAction = "'none'") =>
        response.Headers.ContentSecurityPolicy =
            $"default-src 'none'; style-src {Hash(Css)} {Hash(pageCss)}; img-src 'self' data: {imageOrigin}; base-uri 'none'; form-action {formAction}; frame-ancestors 'none'";

    private static string Hash(string css) => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(css)))}'";

    public static StringBuilder Head(string title, string description, string? canonicalUrl)
    {
        var html = new StringBuilder(4096);
        html.Append("<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
            .Append(NoIcon)
            .Append("<title>").Append(Encoder.Encode(title)).Append("</title>")
            .Append("<meta name=\"description\" content=\"").Append(Encoder.Encode(description)).Append("\">");
        if (canonicalUrl is not null) html.Append("<link rel=\"canonical\" href=\"").Append(Encoder.Encode(canonicalUrl)).Append("\">");
        return html;
    }

    public static StringBuilder BeginBody(StringBuilder html) => html.Append("<style>").Append(Css).Append("</style></head><body><main>");

    public static string Stars(int? stars) =>
        $"<p class=\"stars\" role=\"img\" aria-label=\"{stars} sao OCOP\">{new string('★', stars ?? 0)}{new string('☆', 5 - (stars ?? 0))} OCOP</p>";
}

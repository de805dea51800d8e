using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using OcopTrade.Functions.Producers;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.PublicPages;

/// <summary>The public page of a published product: server-rendered, one request, a few kilobytes, no script,
/// so it opens fast on a cheap phone over a rural connection.</summary>
public static class ProductPage
{
    private const string Css =
        "body{margin:0;font:17px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','DejaVu Sans',sans-serif;color:#1b1b1b;background:#fafaf7}" +
        "main{max-width:40rem;margin:0 auto;padding:1rem}h1{font-size:1.5rem;line-height:1.25;margin:.25rem 0 .5rem;overflow-wrap:anywhere}" +
        ".stars{color:#9a6700;font-size:1.25rem;letter-spacing:.1em}.price{font-size:1.375rem;font-weight:700;color:#0b5d1e}" +
        "dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem .75rem}dt{color:#555}dd{margin:0;overflow-wrap:anywhere}" +
        ".badge{display:inline-block;padding:.125rem .5rem;border-radius:.25rem;font-weight:600}" +
        ".valid{background:#dcfce7;color:#14532d}.expiring{background:#fef3c7;color:#78350f}.expired,.revoked{background:#fee2e2;color:#7f1d1d}" +
        "p{overflow-wrap:anywhere;white-space:pre-line}footer{color:#555;font-size:.875rem;margin-top:2rem}";

    /// <summary>The page's CSP allows exactly this stylesheet and nothing else: no script, no outside resource.</summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Css)))}'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>Vietnamese letters stay as they are (not "&#x1EAD;"): half the bytes on a slow link. Markup characters are still encoded.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public static IEndpointRouteBuilder MapProductPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/p/{slug}", RenderAsync).WithTags("Public pages").WithSummary("The public Vietnamese page of a published product.");
        return app;
    }

    private static async Task<IResult> RenderAsync(
        string slug, HttpContext context, ProductStore products, ProducerStore producers, TimeProvider clock,
        IConfiguration configuration, CancellationToken cancellationToken)
    {
        context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;

        var found = await products.FindAsync(Slug.IdOf(slug), cancellationToken);
        if (found is not { Product: { Status: ProductStatus.Published } product })
            return Results.Content(NotFoundHtml, "text/html; charset=utf-8", Encoding.UTF8, 404);
        if (product.Slug != slug) return Results.Redirect("/p/" + product.Slug, permanent: true);

        var producer = await producers.FindAsync(product.ProducerId, cancellationToken);
        var baseUrl = configuration["Ocop:PublicBaseUrl"]?.TrimEnd('/') ?? $"{context.Request.Scheme}://{context.Request.Host}";
        context.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Content(Render(product, producer, baseUrl + "/p/" + product.Slug, CertificateValidity.TodayInVietnam(clock)),
            "text/html; charset=utf-8", Encoding.UTF8);
    }

    public static string Render(Product product, Producer? producer, string canonicalUrl, DateOnly today)
    {
        var e = Encoder;
        var f = product.Fields;
        var certificate = product.CertificateOn(today);
        var summary = f.Description is { } d ? (d.Length > 200 ? d[..200] + "…" : d) : f.Name!;
        var html = new StringBuilder(4096);
        html.Append("<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
            .Append(NoIcon)
            .Append("<title>").Append(e.Encode(f.Name!)).Append(" – Sản phẩm OCOP</title>")
            .Append("<meta name=\"description\" content=\"").Append(e.Encode(summary)).Append("\">")
            .Append("<link rel=\"canonical\" href=\"").Append(e.Encode(canonicalUrl)).Append("\">")
            .Append("<meta property=\"og:type\" content=\"product\">")
            .Append("<meta property=\"og:locale\" content=\"vi_VN\">")
            .Append("<meta property=\"og:title\" content=\"").Append(e.Encode(f.Name!)).Append("\">")
            .Append("<meta property=\"og:description\" content=\"").Append(e.Encode(summary)).Append("\">")
            .Append("<meta property=\"og:url\" content=\"").Append(e.Encode(canonicalUrl)).Append("\">");
        if (f.PriceVnd is { } price)
            html.Append("<meta property=\"product:price:amount\" content=\"").Append(price).Append("\">")
                .Append("<meta property=\"product:price:currency\" content=\"VND\">");
        html.Append("<style>").Append(Css).Append("</style></head><body><main>");

        html.Append("<p class=\"stars\" role=\"img\" aria-label=\"").Append(f.Stars).Append(" sao OCOP\">")
            .Append(new string('★', f.Stars ?? 0)).Append(new string('☆', 5 - (f.Stars ?? 0))).Append(" OCOP</p>");
        html.Append("<h1>").Append(e.Encode(f.Name!)).Append("</h1>");
        if (f.PriceVnd is { } p)
            html.Append("<p class=\"price\">").Append(Vnd.Format(p)).Append(f.Unit is { } u ? " / " + e.Encode(u) : "").Append("</p>");
        if (f.Description is { } description) html.Append("<p>").Append(e.Encode(description)).Append("</p>");

        html.Append("<dl>");
        if (producer is not null)
        {
            Row(html, "Chủ thể", producer.LegalName);
            Row(html, "Địa chỉ", string.Join(", ", new[] { producer.Commune, producer.District, producer.Province }.Where(x => x is not null)));
        }
        Row(html, "Nhóm sản phẩm", GroupName(f.Group));
        Row(html, "Khối lượng tịnh", f.NetQuantity);
        Row(html, "Thành phần", f.Ingredients);
        Row(html, "Vùng nguyên liệu", f.RawMaterialArea);
        if (f.ShelfLifeDays is { } days) Row(html, "Hạn sử dụng", $"{days} ngày kể từ ngày sản xuất");
        if (f.Standards is { Count: > 0 } standards) Row(html, "Tiêu chuẩn", string.Join(", ", standards.Select(StandardName)));
        if (f.Gtin is { } gtin) Row(html, "Mã vạch", gtin);
        if (certificate is not null)
        {
            Row(html, "Giấy chứng nhận", certificate.Number);
            html.Append("<dt>Hiệu lực</dt><dd><span class=\"badge ").Append(certificate.State.ToString().ToLowerInvariant()).Append("\">")
                .Append(StateName(certificate.State)).Append("</span> đến ").Append(Vnd.Date(certificate.ValidUntil)).Append("</dd>");
        }
        html.Append("</dl><footer>Thông tin do chủ thể OCOP cung cấp trên OcopTrade.</footer></main></body></html>");
        return html.ToString();
    }

    private static void Row(StringBuilder html, string label, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return;
        html.Append("<dt>").Append(label).Append("</dt><dd>").Append(Encoder.Encode(value)).Append("</dd>");
    }

    /// <summary>An empty icon spares every phone a request for /favicon.ico that would only 404.</summary>
    private const string NoIcon = "<link rel=\"icon\" href=\"data:,\">";

    private const string NotFoundHtml =
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

    private static string StandardName(QualityStandard standard) => standard switch
    {
        QualityStandard.VietGap => "VietGAP",
        QualityStandard.GlobalGap => "GlobalGAP",
        QualityStandard.Organic => "Hữu cơ",
        QualityStandard.Iso22000 => "ISO 22000",
        QualityStandard.Haccp => "HACCP",
        QualityStandard.Gmp => "GMP",
        _ => "GACP-WHO",
    };
}

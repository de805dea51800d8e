using System.Text;
using OcopTrade.Functions.Platform.Contract;
using OcopTrade.Functions.Producers;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.PublicPages;

/// <summary>The public page of a published product: server-rendered, one request, a few kilobytes, no script,
/// so it opens fast on a cheap phone over a rural connection.</summary>
public static class ProductPage
{
    public static IEndpointRouteBuilder MapProductPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/p/{slug}", RenderAsync).RequireRateLimiting(Platform.RateLimits.PublicPages).AnswersPage()
            .WithTags("Public pages").WithSummary("The public Vietnamese page of a published product.");
        return app;
    }

    private static async Task<IResult> RenderAsync(
        string slug, HttpContext context, ProductStore products, ProducerStore producers, Images.ImageStore images,
        Azure.Storage.Blobs.BlobServiceClient blobs, TimeProvider clock, IConfiguration configuration, CancellationToken cancellationToken)
    {
        PageKit.Harden(context.Response);

        var found = await products.FindAsync(Slug.IdOf(slug), cancellationToken);
        if (found is not { Product: { Status: ProductStatus.Published } product })
            return Results.Content(PageKit.NotFoundHtml, "text/html; charset=utf-8", Encoding.UTF8, 404);
        if (product.Slug != slug) return Results.Redirect("/p/" + product.Slug, permanent: true);

        var producer = await producers.FindAsync(product.ProducerId, cancellationToken);
        var photos = ProductPhotos.Render(await images.ListAsync(product.Id, cancellationToken), product.Fields.Name!);
        PageKit.Harden(context.Response, photos.Css, blobs.Uri.GetLeftPart(UriPartial.Authority));
        var baseUrl = configuration["Ocop:PublicBaseUrl"]?.TrimEnd('/') ?? $"{context.Request.Scheme}://{context.Request.Host}";
        context.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Content(Render(product, producer, baseUrl + "/p/" + product.Slug, CertificateValidity.TodayInVietnam(clock), photos),
            "text/html; charset=utf-8", Encoding.UTF8);
    }

    public static string Render(Product product, Producer? producer, string canonicalUrl, DateOnly today, (string Css, string Html) photos = default)
    {
        var e = PageKit.Encoder;
        var f = product.Fields;
        var certificate = product.CertificateOn(today);
        var summary = f.Description is { } d ? (d.Length > 200 ? d[..200] + "…" : d) : f.Name!;
        var html = PageKit.Head(f.Name! + " – Sản phẩm OCOP", summary, canonicalUrl)
            .Append("<meta property=\"og:type\" content=\"product\">")
            .Append("<meta property=\"og:locale\" content=\"vi_VN\">")
            .Append("<meta property=\"og:title\" content=\"").Append(e.Encode(f.Name!)).Append("\">")
            .Append("<meta property=\"og:description\" content=\"").Append(e.Encode(summary)).Append("\">")
            .Append("<meta property=\"og:url\" content=\"").Append(e.Encode(canonicalUrl)).Append("\">");
        if (f.PriceVnd is { } price)
            html.Append("<meta property=\"product:price:amount\" content=\"").Append(price).Append("\">")
                .Append("<meta property=\"product:price:currency\" content=\"VND\">");
        PageKit.BeginBody(html);
        if (!string.IsNullOrEmpty(photos.Css)) html.Insert(html.ToString().LastIndexOf("</head>", StringComparison.Ordinal), "<style>" + photos.Css + "</style>");
        html.Append(photos.Html);

        html.Append(PageKit.Stars(f.Stars));
        html.Append("<h1>").Append(e.Encode(f.Name!)).Append("</h1>");
        if (f.PriceVnd is { } p)
            html.Append("<p class=\"price\">").Append(Vnd.Format(p)).Append(f.Unit is { } u ? " / " + e.Encode(u) : "").Append("</p>");
        if (f.Description is { } description) html.Append("<p>").Append(e.Encode(description)).Append("</p>");

        html.Append("<dl>");
        if (producer is not null)
        {
            PageKit.Row(html, "Chủ thể", producer.LegalName);
            PageKit.Row(html, "Địa chỉ", string.Join(", ", new[] { producer.Commune, producer.District, producer.Province }.Where(x => x is not null)));
        }
        PageKit.Row(html, "Nhóm sản phẩm", PageKit.GroupName(f.Group));
        PageKit.Row(html, "Khối lượng tịnh", f.NetQuantity);
        PageKit.Row(html, "Thành phần", f.Ingredients);
        PageKit.Row(html, "Vùng nguyên liệu", f.RawMaterialArea);
        if (f.ShelfLifeDays is { } days) PageKit.Row(html, "Hạn sử dụng", $"{days} ngày kể từ ngày sản xuất");
        if (f.Standards is { Count: > 0 } standards) PageKit.Row(html, "Tiêu chuẩn", string.Join(", ", standards.Select(PageKit.StandardName)));
        if (f.Gtin is { } gtin) PageKit.Row(html, "Mã vạch", gtin);
        if (certificate is not null)
        {
            PageKit.Row(html, "Giấy chứng nhận", certificate.Number);
            html.Append("<dt>Hiệu lực</dt><dd><span class=\"badge ").Append(certificate.State.ToString().ToLowerInvariant()).Append("\">")
                .Append(PageKit.StateName(certificate.State)).Append("</span> đến ").Append(Vnd.Date(certificate.ValidUntil)).Append("</dd>");
        }
        html.Append("</dl><footer>Thông tin do chủ thể OCOP cung cấp trên OcopTrade.</footer></main></body></html>");
        return html.ToString();
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using OcopTrade.Functions.Catalogue;
using OcopTrade.Functions.Platform.Contract;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.PublicPages;

/// <summary>The buyers' catalogue as a page: a form of filters that submits to itself (GET, no script) and the
/// results as cards linking to each product's public page; one column on a phone, a grid on a wider screen.</summary>
public static class CataloguePage
{
    private const string PageCss =
        "main.wide{max-width:64rem}" +
        "form.filters{display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));" +
        "gap:.5rem 1rem;align-items:end;margin-bottom:1.5rem}label{display:block;color:#333;font-size:.9375rem}" +
        "input,select,button{font:inherit;width:100%;box-sizing:border-box;padding:.5rem;min-height:2.75rem}" +
        "button{background:#0b5d1e;color:#fff;border:0;border-radius:.25rem;font-weight:700}" +
        ".cards{list-style:none;padding:0;margin:0;display:grid;" +
        "grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:1rem}" +
        ".card{background:#fff;border:1px solid #ddd;border-radius:.5rem;padding:.75rem}" +
        ".card h2{font-size:1.125rem;margin:.25rem 0}" +
        ".card img{display:block;width:100%;height:auto;aspect-ratio:1;object-fit:cover;border-radius:.375rem;" +
        "background:#eee}" +
        ".card p{margin:.125rem 0}.muted{color:#555}.more{display:block;margin:1.5rem 0;font-weight:700}";

    private static readonly NumberFormatInfo Thousands = new() { NumberGroupSeparator = "." };

    public static IEndpointRouteBuilder MapCataloguePage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/catalogue", RenderAsync).RequireRateLimiting(Platform.RateLimits.PublicPages).AnswersPage()
            .WithTags("Public pages")
            .WithSummary("The buyers' catalogue as a Vietnamese page: the search form and its results (public).");
        return app;
    }

    private static async Task<IResult> RenderAsync(
        [AsParameters] CatalogueFilters filters, HttpContext context, CatalogueStore catalogue,
        Azure.Storage.Blobs.BlobServiceClient blobs, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (page, problem) = await filters.SearchAsync(catalogue, clock, cancellationToken);
        if (problem is not null) return problem;
        PageKit.Harden(context.Response, PageCss, blobs.Uri.GetLeftPart(UriPartial.Authority), "'self'");
        context.Response.Headers.CacheControl = "public, max-age=60";
        return Results.Content(Render(filters, page!), "text/html; charset=utf-8", Encoding.UTF8);
    }

    public static string Render(CatalogueFilters filters, Platform.ItemPage<CatalogueEntry> page)
    {
        var html = PageKit.Head("Danh mục sản phẩm OCOP cho người mua",
            "Tìm sản phẩm OCOP đang bán theo nhóm, hạng sao, tỉnh, tiêu chuẩn và khả năng cung ứng.", null);
        PageKit.BeginBody(html);
        html.Replace("<main>", "<main class=\"wide\">").Insert(html.ToString().LastIndexOf("</head>",
            StringComparison.Ordinal), "<style>" + PageCss + "</style>");
        html.Append("<h1>Danh mục sản phẩm OCOP cho người mua</h1>")
            .Append("<p class=\"muted\">Sản phẩm đang bán, giấy chứng nhận OCOP còn hiệu lực.</p>");
        Form(html, filters);
        Listing(html, filters, page);
        return html.Append("<footer>Thông tin do chủ thể OCOP cung cấp trên OcopTrade.</footer></main></body></html>")
            .ToString();
    }

    private static void Form(StringBuilder html, CatalogueFilters f)
    {
        html.Append("<form class=\"filters\" method=\"get\" action=\"/catalogue\" role=\"search\">");
        Field(html, "q", "Tìm theo tên, chủ thể", $"<input id=\"q\" name=\"q\" type=\"search\" value=\"{E(f.Q)}\">");
        Select(html, "group", "Nhóm sản phẩm", f.Group,
            Enum.GetValues<ProductGroup>().Select(g => (Json(g), PageKit.GroupName(g))));
        Select(html, "stars", "Hạng sao", f.Stars,
            [("3", "3 sao"), ("4", "4 sao"), ("5", "5 sao")]);
        Field(html, "province", "Tỉnh, thành phố",
            $"<input id=\"province\" name=\"province\" value=\"{E(f.Province)}\" maxlength=\"100\">");
        Select(html, "standard", "Tiêu chuẩn", f.Standard,
            Enum.GetValues<QualityStandard>().Select(s => (Json(s), PageKit.StandardName(s))));
        Field(html, "minMonthlyCapacity", "Cung ứng tối thiểu mỗi tháng",
            "<input id=\"minMonthlyCapacity\" name=\"minMonthlyCapacity\" inputmode=\"numeric\" " +
            $"value=\"{E(f.MinMonthlyCapacity)}\">");
        html.Append("<div><button type=\"submit\">Tìm sản phẩm</button></div></form>");
    }

    private static void Listing(StringBuilder html, CatalogueFilters filters, Platform.ItemPage<CatalogueEntry> page)
    {
        if (page.Items.Count == 0)
            html.Append("<p>Không tìm thấy sản phẩm phù hợp")
                .Append(page.ContinuationToken is null ? "." : " ở trang này.").Append("</p>");
        else
        {
            html.Append("<ul class=\"cards\">");
            foreach (var entry in page.Items) Card(html, entry);
            html.Append("</ul>");
        }
        if (page.ContinuationToken is { } token)
            html.Append("<a class=\"more\" href=\"").Append(E(NextPage(filters, token))).Append("\">Xem tiếp</a>");
    }

    private static void Card(StringBuilder html, CatalogueEntry e)
    {
        html.Append("<li class=\"card\">");
        if (e.PhotoUrl is { } photo)
            html.Append("<img src=\"").Append(E(photo))
                .Append("\" alt=\"\" width=\"320\" height=\"320\" loading=\"lazy\">");
        html.Append("<h2><a href=\"/p/").Append(E(e.Slug)).Append("\">").Append(E(e.Name)).Append("</a></h2>")
            .Append(PageKit.Stars(e.Stars))
            .Append("<p>").Append(E(e.ProducerName)).Append("</p>")
            .Append("<p class=\"muted\">").Append(E(e.Province)).Append(" · ").Append(PageKit.GroupName(e.Group))
            .Append("</p><p class=\"price\">").Append(Vnd.Format(e.PriceVnd)).Append(" / ").Append(E(e.Unit))
            .Append("</p>");
        if (e.Standards.Count > 0)
            html.Append("<p>").Append(string.Join(", ", e.Standards.Select(PageKit.StandardName))).Append("</p>");
        if (e.MonthlyCapacity is { Quantity: { } quantity } capacity)
            html.Append("<p>Cung ứng: ").Append(quantity.ToString("#,0", Thousands))
                .Append(' ').Append(E(capacity.Unit)).Append("/tháng</p>");
        html.Append("</li>");
    }

    private static string NextPage(CatalogueFilters f, string token)
    {
        var query = new Dictionary<string, string?>
        {
            ["q"] = f.Q, ["group"] = f.Group, ["stars"] = f.Stars,
            ["province"] = f.Province, ["standard"] = f.Standard,
            ["minMonthlyCapacity"] = f.MinMonthlyCapacity,
            ["pageSize"] = f.PageSize?.ToString(CultureInfo.InvariantCulture), ["continuationToken"] = token,
        };
        return "/catalogue" + QueryString.Create(query.Where(p => !string.IsNullOrEmpty(p.Value)));
    }

    private static void Field(StringBuilder html, string id, string label, string control) =>
        html.Append("<div><label for=\"").Append(id).Append("\">").Append(label).Append("</label>").Append(control)
            .Append("</div>");

    private static void Select(
        StringBuilder html, string id, string label, string? chosen, IEnumerable<(string Value, string Text)> options)
    {
        var select = new StringBuilder("<select id=\"").Append(id).Append("\" name=\"").Append(id)
            .Append("\"><option value=\"\">Tất cả</option>");
        foreach (var (value, text) in options)
            select.Append("<option value=\"").Append(value).Append('"')
                .Append(string.Equals(value, chosen, StringComparison.OrdinalIgnoreCase) ? " selected" : "")
                .Append('>').Append(E(text)).Append("</option>");
        Field(html, id, label, select.Append("</select>").ToString());
    }

    private static string Json<T>(T value) where T : struct, Enum =>
        JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    private static string E(string? text) => PageKit.Encoder.Encode(text ?? "");
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Products;
using OcopTrade.Functions.PublicPages;
using static OcopTrade.Functions.Portal.PortalLayout;

namespace OcopTrade.Functions.Portal;

/// <summary>A producer's products: the list, the form (create and edit), and each product's photos, labels and
/// channels. The list and form are rendered from the same store the API reads, with the caller's own scope; the
/// scripts send every change to the API, so the portal validates exactly as the API does.</summary>
public static class ProductPages
{
    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/products/new", (HttpContext context, PortalLayout layout) =>
            PortalModule.Refuse(context, layout, Role.Producer) ?? Form(context, layout, null, default));
        pages.MapGet("/products/{id}", EditAsync);
        pages.MapGet("/products/{id}/photos", (string id, HttpContext c, PortalLayout l, ProductStore p, CancellationToken ct) =>
            SubPageAsync(id, c, l, p, "photos", ct));
        pages.MapGet("/products/{id}/labels", (string id, HttpContext c, PortalLayout l, ProductStore p, CancellationToken ct) =>
            SubPageAsync(id, c, l, p, "labels", ct));
        pages.MapGet("/products/{id}/channels", (string id, HttpContext c, PortalLayout l, ProductStore p, CancellationToken ct) =>
            SubPageAsync(id, c, l, p, "channels", ct));
    }

    public static async Task<IResult> ListAsync(HttpContext context, PortalLayout layout, ProductStore products,
        TimeProvider clock, CancellationToken cancellationToken, string notice = "")
    {
        var caller = Caller.From(context.User);
        var page = await products.ListAsync(caller, new ProductFilter(null, null, null, null, null, null), null, 200, cancellationToken);
        var today = CertificateValidity.TodayInVietnam(clock);
        var html = new StringBuilder(notice)
            .Append("<p><a class=\"button\" href=\"/portal/products/new\">+ Thêm sản phẩm</a></p>");
        if (page.Items.Count == 0) html.Append("<p>Chưa có sản phẩm nào. Bấm “Thêm sản phẩm” để bắt đầu.</p>");
        else
        {
            html.Append("<ul class=\"cards\">");
            foreach (var p in page.Items.OrderByDescending(p => p.UpdatedAt))
            {
                html.Append("<li><a class=\"card-title\" href=\"/portal/products/").Append(p.Id).Append("\">").Append(E(p.Fields.Name)).Append("</a><p>")
                    .Append(StatusBadge(p.Status));
                if (p.CertificateOn(today) is { } certificate)
                    html.Append(" <span class=\"badge ").Append(certificate.State.ToString().ToLowerInvariant()).Append("\">Chứng nhận: ")
                        .Append(PageKit.StateName(certificate.State)).Append("</span>");
                else html.Append(" <span class=\"badge expired\">Chưa có chứng nhận</span>");
                html.Append("</p></li>");
            }
            html.Append("</ul>");
        }
        return layout.Page(context, caller, "Sản phẩm của tôi", html.ToString());
    }

    public static string StatusBadge(ProductStatus status) => status switch
    {
        ProductStatus.Published => "<span class=\"badge valid\" data-status=\"published\">Đang bán</span>",
        ProductStatus.Suspended => "<span class=\"badge expired\" data-status=\"suspended\">Tạm ngừng</span>",
        _ => "<span class=\"badge draft\" data-status=\"draft\">Nháp</span>",
    };

    private static async Task<IResult> EditAsync(
        string id, HttpContext context, PortalLayout layout, ProductStore products, CancellationToken cancellationToken)
    {
        if (PortalModule.Refuse(context, layout, Role.Producer) is { } refused) return refused;
        var found = await products.FindManagedAsync(id, Caller.From(context.User), cancellationToken);
        return found is { } f ? Form(context, layout, f.Product, f.ETag) : NotFound(context, layout);
    }

    private static IResult NotFound(HttpContext context, PortalLayout layout) =>
        layout.Page(context, Caller.From(context.User), "Không tìm thấy sản phẩm",
            "<p>Sản phẩm này không tồn tại hoặc không thuộc về bạn.</p><p><a href=\"/portal\">Về danh sách sản phẩm</a></p>", status: 404);

    private static string Enum<T>(T? value) where T : struct, System.Enum =>
        value is { } v ? JsonNamingPolicy.CamelCase.ConvertName(v.ToString()) : "";

    private static IEnumerable<(string, string)> Options<T>(Func<T, string> label) where T : struct, System.Enum =>
        System.Enum.GetValues<T>().Select(v => (JsonNamingPolicy.CamelCase.ConvertName(v.ToString()), label(v)));

    private static string Tabs(string id, string active)
    {
        var tabs = new[] { ("", "Thông tin"), ("/photos", "Ảnh"), ("/labels", "Nhãn QR"), ("/channels", "Kênh bán") };
        var html = new StringBuilder("<nav class=\"tabs\" aria-label=\"Sản phẩm\">");
        foreach (var (path, label) in tabs)
            html.Append("<a href=\"/portal/products/").Append(id).Append(path).Append('"').Append(path == active ? " aria-current=\"page\"" : "")
                .Append('>').Append(label).Append("</a>");
        return html.Append("</nav>").ToString();
    }

    private static IResult Form(HttpContext context, PortalLayout layout, Product? product, Azure.ETag etag)
    {
        var f = product?.Fields ?? new ProductFields();
        var c = f.Certificate;
        var html = new StringBuilder();
        if (product is not null) html.Append(Tabs(product.Id, ""));
        html.Append("<form id=\"product-form\" novalidate");
        if (product is not null) html.Append(" data-product-id=\"").Append(product.Id).Append("\" data-etag=\"").Append(E(etag.ToString())).Append('"');
        html.Append("><p class=\"form-error\" role=\"alert\" hidden></p>")
            .Append(Field("name", "Tên sản phẩm", Input("name", f.Name, extra: " required maxlength=\"200\"")))
            .Append(Field("group", "Nhóm sản phẩm", Select("group", Enum(f.Group), Options<ProductGroup>(g => PageKit.GroupName(g)))))
            .Append(Field("description", "Mô tả", TextArea("description", f.Description, 5)))
            .Append(Field("stars", "Hạng sao OCOP", Select("stars", f.Stars?.ToString(CultureInfo.InvariantCulture), [("3", "3 sao"), ("4", "4 sao"), ("5", "5 sao")])))
            .Append("<fieldset><legend>Giấy chứng nhận OCOP</legend>")
            .Append(Field("certificate.number", "Số quyết định", Input("certificate.number", c?.Number, extra: " maxlength=\"50\"")))
            .Append(Field("certificate.issueDate", "Ngày công nhận", Input("certificate.issueDate", c?.IssueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "date")))
            .Append(Field("certificate.issuingLevel", "Cấp công nhận", Select("certificate.issuingLevel", Enum(c?.IssuingLevel),
                [("district", "Huyện/xã (3 sao)"), ("province", "Tỉnh (4 sao)"), ("national", "Trung ương (5 sao)")])))
            .Append("</fieldset>")
            .Append(Field("priceVnd", "Giá bán (đồng)", Input("priceVnd", f.PriceVnd?.ToString(CultureInfo.InvariantCulture), extra: " inputmode=\"numeric\" autocomplete=\"off\"")))
            .Append(Field("unit", "Đơn vị tính", Input("unit", f.Unit, extra: " maxlength=\"30\""), "Ví dụ: hộp, chai, kg"))
            .Append(Field("netQuantity", "Khối lượng/thể tích tịnh", Input("netQuantity", f.NetQuantity, extra: " maxlength=\"50\""), "Ví dụ: 200 g, 500 ml"))
            .Append(Field("stock", "Số lượng còn bán trên sàn", Input("stock", f.Stock?.ToString(CultureInfo.InvariantCulture), extra: " inputmode=\"numeric\""),
                "Để trống: sàn hiển thị số mặc định; 0: hết hàng"))
            .Append("<fieldset><legend>Khả năng cung ứng mỗi tháng</legend>")
            .Append(Field("monthlyCapacity.quantity", "Số lượng mỗi tháng", Input("monthlyCapacity.quantity",
                f.MonthlyCapacity?.Quantity?.ToString(CultureInfo.InvariantCulture), extra: " inputmode=\"numeric\""),
                "Người mua tìm sản phẩm theo số lượng này; để trống nếu chưa xác định"))
            .Append(Field("monthlyCapacity.unit", "Đơn vị", Input("monthlyCapacity.unit", f.MonthlyCapacity?.Unit,
                extra: " maxlength=\"30\""), "Ví dụ: hộp, kg, tấn"))
            .Append("</fieldset>")
            .Append(Field("shelfLifeDays", "Hạn sử dụng (ngày)", Input("shelfLifeDays", f.ShelfLifeDays?.ToString(CultureInfo.InvariantCulture), extra: " inputmode=\"numeric\"")))
            .Append(Field("ingredients", "Thành phần", TextArea("ingredients", f.Ingredients, 3)))
            .Append(Field("rawMaterialArea", "Vùng nguyên liệu", Input("rawMaterialArea", f.RawMaterialArea)))
            .Append("<fieldset class=\"field\" data-field=\"standards\"><legend>Tiêu chuẩn chất lượng</legend><div class=\"checks\">");
        foreach (var standard in System.Enum.GetValues<QualityStandard>())
        {
            var value = JsonNamingPolicy.CamelCase.ConvertName(standard.ToString());
            html.Append("<label><input type=\"checkbox\" name=\"standards\" value=\"").Append(value).Append('"')
                .Append(f.Standards?.Contains(standard) == true ? " checked" : "").Append("> ").Append(PageKit.StandardName(standard)).Append("</label>");
        }
        html.Append("</div><p class=\"error\" id=\"f-standards-error\" hidden></p></fieldset>")
            .Append(Field("gtin", "Mã vạch GTIN (nếu có)", Input("gtin", f.Gtin, extra: " inputmode=\"numeric\"")))
            .Append("<button type=\"submit\">").Append(product is null ? "Tạo sản phẩm" : "Lưu thay đổi").Append("</button></form>");

        if (product is not null)
        {
            html.Append("<section class=\"panel\" aria-labelledby=\"publish-title\"><h2 id=\"publish-title\">Đăng bán</h2><p>Trạng thái: <span id=\"product-status\">")
                .Append(StatusBadge(product.Status)).Append("</span></p>");
            if (product.StatusReason is not null) html.Append("<p>").Append(E(product.StatusReason)).Append("</p>");
            html.Append("<ul id=\"publish-reasons\" class=\"reasons\" hidden></ul>")
                .Append("<button type=\"button\" id=\"publish\">Đăng bán</button> <button type=\"button\" class=\"secondary\" id=\"unpublish\">Ngừng bán</button>");
            if (product.Status == ProductStatus.Published)
                html.Append("<p><a href=\"/p/").Append(E(product.Slug)).Append("\">Xem trang sản phẩm công khai</a></p>");
            html.Append("</section>");
        }
        return layout.Page(context, Caller.From(context.User), product is null ? "Thêm sản phẩm" : "Sửa sản phẩm", html.ToString(), "product.js");
    }

    private static async Task<IResult> SubPageAsync(
        string id, HttpContext context, PortalLayout layout, ProductStore products, string which, CancellationToken cancellationToken)
    {
        if (PortalModule.Refuse(context, layout, Role.Producer) is { } refused) return refused;
        var caller = Caller.From(context.User);
        if (await products.FindManagedAsync(id, caller, cancellationToken) is not { } found) return NotFound(context, layout);
        var product = found.Product;
        var head = Tabs(id, "/" + which) + "<p class=\"subtitle\">" + E(product.Fields.Name) + "</p>";
        var data = $" data-product-id=\"{id}\" data-producer-id=\"{E(product.ProducerId)}\"";
        return which switch
        {
            "photos" => layout.Page(context, caller, "Ảnh sản phẩm", head + PhotosBody, "photos.js", bodyData: data),
            "labels" => layout.Page(context, caller, "Nhãn truy xuất (QR)", head + LabelsBody, "labels.js", bodyData: data),
            _ => layout.Page(context, caller, "Kênh bán trực tuyến", head + ChannelsBody + BulkBody, "channels.js",
                bodyData: data),
        };
    }

    private const string PhotosBody =
        "<section class=\"panel\"><h2>Thêm ảnh</h2><p class=\"hint\">Ảnh được thu nhỏ trên điện thoại (cạnh dài khoảng 2000 điểm ảnh) trước khi gửi, để tiết kiệm dữ liệu di động.</p>" +
        "<div class=\"pickers\"><input class=\"visually-hidden\" id=\"photo-camera\" type=\"file\" accept=\"image/*\" capture=\"environment\" multiple>" +
        "<label class=\"button\" for=\"photo-camera\">Chụp ảnh</label>" +
        "<input class=\"visually-hidden\" id=\"photo-pick\" type=\"file\" accept=\"image/*\" multiple>" +
        "<label class=\"button secondary\" for=\"photo-pick\">Chọn ảnh có sẵn</label></div>" +
        "<ul id=\"uploads\" class=\"uploads\"></ul></section>" +
        "<section><h2>Ảnh của sản phẩm</h2><p class=\"form-error\" id=\"photos-error\" role=\"alert\" hidden></p><ol id=\"photos\" class=\"photos\"></ol></section>";

    private static readonly string LabelsBody =
        "<section class=\"panel\"><h2>Chọn lô hàng</h2><div class=\"field\"><label for=\"batch-select\">Lô hàng</label><select id=\"batch-select\"></select></div>" +
        "<div id=\"label-view\" hidden><figure class=\"label-preview\"><img id=\"label-preview\" alt=\"Xem trước nhãn QR của lô hàng\" width=\"350\" height=\"185\"></figure>" +
        "<p class=\"downloads\"><a class=\"button\" id=\"label-pdf\" download>Tải tờ A4 (PDF)</a> <a class=\"button secondary\" id=\"label-svg\" download>Tải SVG</a> " +
        "<a class=\"button secondary\" id=\"label-png\" download>Tải PNG</a></p><p>Mã truy xuất: <strong id=\"label-code\"></strong></p></div></section>" +
        "<section class=\"panel\"><h2>Tạo lô hàng mới</h2><form id=\"batch-form\" novalidate><p class=\"form-error\" role=\"alert\" hidden></p>" +
        Field("lotNumber", "Số lô", Input("lotNumber", null, extra: " maxlength=\"20\" autocapitalize=\"characters\""),
            "Như in trên bao bì, tối đa 20 ký tự") +
        Field("productionDate", "Ngày sản xuất", Input("productionDate", null, "date")) +
        Field("bestBefore", "Hạn sử dụng", Input("bestBefore", null, "date")) +
        Field("quantity", "Số lượng (đơn vị)", Input("quantity", null, extra: " inputmode=\"numeric\"")) +
        Field("originArea", "Vùng nguyên liệu", Input("originArea", null)) +
        Field("originCommune", "Xã", Input("originCommune", null)) +
        "<button type=\"submit\">Tạo lô hàng</button></form></section>";

    private static readonly string ChannelsBody =
        "<p class=\"form-error\" id=\"channels-error\" role=\"alert\" hidden></p>" +
        "<section class=\"panel\"><h2>Trạng thái trên các sàn</h2><div id=\"channels\" aria-live=\"polite\"><p>Đang tải…</p></div></section>" +
        "<section class=\"panel\"><h2>Sẵn sàng đăng lên sàn</h2><p class=\"hint\">Những gì mỗi sàn yêu cầu; " +
        "sản phẩm chỉ được gửi lên sàn khi đáp ứng đủ.</p><div id=\"readiness\" aria-live=\"polite\"></div></section>" +
        "<section class=\"panel\"><h2>Danh mục và giá trên từng sàn</h2><p class=\"hint\">Sản phẩm dùng danh mục " +
        "quản trị đã gán cho nhóm sản phẩm và giá bán chung, trừ khi bạn đặt riêng cho một sàn. Để trống để bỏ " +
        "mục đã đặt riêng.</p><div id=\"terms\" aria-live=\"polite\"></div></section>" +
        "<section class=\"panel\"><h2>Đăng lên sàn</h2><form id=\"channels-form\"><fieldset><legend>Chọn sàn</legend><div class=\"checks\">" +
        // Only the marketplaces syndication has a connector for: offering others would end in a 422.
        string.Concat(Syndication.Channels.All.Select(c =>
            $"<label><input type=\"checkbox\" name=\"channel\" value=\"{c.Name}\"> {System.Net.WebUtility.HtmlEncode(c.DisplayName)}</label>")) +
        "</div></fieldset><button type=\"submit\">Đăng lên các sàn đã chọn</button></form></section>" +
        "<section class=\"panel\"><h2>Đơn hàng trên các sàn</h2><p class=\"hint\">Đơn đã hoàn thành được ghi vào doanh thu " +
        "thương mại điện tử; đơn bị hủy hoặc trả lại được ghi điều chỉnh.</p><div id=\"orders\"></div></section>" +
        "<section class=\"panel\"><h2>Tải tệp đăng hàng loạt</h2><p class=\"hint\">Tệp Excel theo mẫu của từng sàn, gồm mọi sản phẩm đang bán của bạn.</p><p id=\"bulk-exports\" class=\"downloads\"></p></section>";

    /// <summary>Bulk actions over every product of the producer, with a progress bar the script fills.</summary>
    private static readonly string BulkBody =
        "<section class=\"panel\" aria-labelledby=\"bulk-title\"><h2 id=\"bulk-title\">Gửi hàng loạt</h2>" +
        "<p class=\"hint\">Áp dụng cho mọi sản phẩm của bạn; sản phẩm chưa đủ điều kiện được bỏ qua kèm lý do.</p>" +
        "<div id=\"bulk-actions\" class=\"downloads\">" +
        string.Concat(Syndication.Channels.All.Select(c =>
            $"<button type=\"button\" data-bulk=\"sendReady\" data-channel=\"{c.Name}\">" +
            $"Gửi tất cả sản phẩm đủ điều kiện lên {System.Net.WebUtility.HtmlEncode(c.DisplayName)}</button> ")) +
        "<button type=\"button\" class=\"secondary\" data-bulk=\"retryAttention\">Thử lại tất cả mục cần xử lý" +
        "</button></div><div id=\"bulk-status\" hidden><progress id=\"bulk-progress\" max=\"1\" value=\"0\">" +
        "</progress><p id=\"bulk-summary\" role=\"status\" aria-live=\"polite\"></p>" +
        "<ul id=\"bulk-skipped\" class=\"reasons\"></ul></div></section>";
}

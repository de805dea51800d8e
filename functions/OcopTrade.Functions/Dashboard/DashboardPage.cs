using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OcopTrade.Functions.Plans;
using OcopTrade.Functions.Products;
using OcopTrade.Functions.PublicPages;
using OcopTrade.Functions.Revenue;

namespace OcopTrade.Functions.Dashboard;

/// <summary>The department's dashboard as one server-rendered Vietnamese page: no script, one stylesheet allowed by
/// hash, inline SVG charts; one column on a phone, two on a tablet or desktop, and a clean printout for the
/// 6-month and annual reports.</summary>
public static class DashboardPage
{
    internal static readonly string Css =
        "*{box-sizing:border-box}body{margin:0;font:16px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','DejaVu Sans',sans-serif;color:#1b1b1b;background:#f6f6f3}" +
        "header,main{max-width:72rem;margin:0 auto;padding:.75rem 1rem}h1{font-size:1.375rem;line-height:1.25;margin:.25rem 0}h2{font-size:1.0625rem;margin:0 0 .5rem}" +
        "nav{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0}nav a{padding:.375rem .75rem;border:1px solid #999;border-radius:.375rem;color:#1b1b1b;text-decoration:none}" +
        "nav a[aria-current]{background:#0b5d1e;border-color:#0b5d1e;color:#fff}" +
        ".kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:.75rem;margin:.75rem 0}" +
        ".kpi{background:#fff;border:1px solid #ddd;border-radius:.5rem;padding:.625rem .75rem}.kpi b{display:block;font-size:1.25rem;overflow-wrap:anywhere}" +
        ".kpi small{color:#555}.ok{color:#15803d}.warn{color:#b45309}" +
        ".grid{display:grid;grid-template-columns:1fr;gap:1rem}@media (min-width:48rem){.grid{grid-template-columns:1fr 1fr}}" +
        "section{background:#fff;border:1px solid #ddd;border-radius:.5rem;padding:.75rem;min-width:0}section.wide{grid-column:1/-1}" +
        "svg{display:block;max-width:100%;height:auto}.legend{display:flex;flex-wrap:wrap;gap:.25rem .75rem;margin:.5rem 0 0;padding:0;list-style:none;font-size:.875rem}" +
        ".legend i{display:inline-block;width:.75rem;height:.75rem;margin-right:.25rem;vertical-align:-.05rem;border-radius:2px}" +
        Swatches() +
        "table{width:100%;border-collapse:collapse;font-size:.875rem}th,td{text-align:left;padding:.3rem .25rem;border-bottom:1px solid #eee;vertical-align:top;overflow-wrap:anywhere}" +
        "td.n,th.n{text-align:right;white-space:nowrap}.expired{color:#b91c1c;font-weight:600}.expiring{color:#b45309;font-weight:600}" +
        "p.note{color:#555;font-size:.8125rem;margin:.5rem 0 0}footer{color:#555;font-size:.8125rem;max-width:72rem;margin:0 auto;padding:0 1rem 1rem}" +
        "@media print{body{background:#fff;font-size:11pt}nav{display:none}section,.kpi{border-color:#bbb;break-inside:avoid}" +
        ".grid{grid-template-columns:1fr 1fr}header,main{max-width:none;padding:0}@page{size:A4;margin:12mm}}";

    private static string Swatches() =>
        string.Concat(Charts.Palette.Select((c, i) => $".s{i}{{background:{c}}}"));

    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Css)))}'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static string ChannelName(SalesChannel channel) => channel switch
    {
        SalesChannel.Supermarket => "Siêu thị",
        SalesChannel.ConvenienceStore => "Cửa hàng tiện lợi",
        SalesChannel.Ecommerce => "Sàn thương mại điện tử",
        SalesChannel.OcopPoint => "Điểm bán OCOP",
        SalesChannel.Fair => "Hội chợ, triển lãm",
        SalesChannel.TraditionalMarket => "Chợ truyền thống",
        SalesChannel.Agent => "Đại lý, nhà phân phối",
        SalesChannel.Direct => "Bán trực tiếp",
        SalesChannel.Tourism => "Điểm du lịch",
        _ => "Xuất khẩu",
    };

    private static string Pct(decimal? v) => v is { } p ? p.ToString("0.##", new NumberFormatInfo { NumberDecimalSeparator = "," }) + " %" : "—";
    private static string E(string? text) => PageKit.Encoder.Encode(text ?? "");

    public static string Render(DashboardData d, string selfPath)
    {
        var html = new StringBuilder(32 * 1024);
        var title = $"Bảng điều khiển OCOP · {d.Province} · {d.Year}";
        html.Append("<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
            .Append(PageKit.NoIcon).Append("<title>").Append(E(title)).Append("</title><style>").Append(Css).Append("</style></head><body>");

        html.Append("<header><h1>Chương trình OCOP ").Append(E(Access.Provinces.Key(d.Province) == d.Province.ToLowerInvariant() ? "tỉnh " + d.Province : d.Province)).Append(" năm ").Append(d.Year).Append("</h1>")
            .Append("<nav aria-label=\"Chọn năm\">");
        for (var y = d.Today.Year - 3; y <= d.Today.Year; y++)
            html.Append("<a href=\"").Append(E($"{selfPath}?year={y}")).Append('"').Append(y == d.Year ? " aria-current=\"page\"" : "").Append('>').Append(y).Append("</a>");
        html.Append("</nav></header><main>");

        // Headline figures: the numbers the 6-month and annual reports ask for.
        var participationMet = d.Participation.Percent >= RevenueReports.DefaultParticipationTarget;
        var growthWithin = d.GrowthPercent is { } g && g >= RevenueReports.DefaultGrowthBand.MinPercent && g <= RevenueReports.DefaultGrowthBand.MaxPercent;
        html.Append("<div class=\"kpis\">")
            .Append("<div class=\"kpi\"><small>Doanh thu OCOP năm ").Append(d.Year).Append("</small><b>").Append(Vnd.Format(d.RevenueVnd)).Append("</b>")
            .Append("<small>năm trước: ").Append(Vnd.Format(d.PreviousRevenueVnd)).Append("</small></div>")
            .Append("<div class=\"kpi\"><small>Tăng trưởng (mục tiêu 5–10 %)</small><b class=\"").Append(growthWithin ? "ok" : "warn").Append("\">").Append(Pct(d.GrowthPercent)).Append("</b></div>")
            .Append("<div class=\"kpi\"><small>Chủ thể tham gia kênh hiện đại (mục tiêu ≥ 70 %)</small><b class=\"").Append(participationMet ? "ok" : "warn").Append("\">")
            .Append(Pct(d.Participation.Percent)).Append("</b><small>").Append(d.Participation.Count).Append(" / ").Append(d.Participation.Total).Append(" chủ thể</small></div>")
            .Append("<div class=\"kpi\"><small>Giấy chứng nhận sắp hết hạn / đã hết hạn</small><b>")
            .Append(d.Certificates.Expiring).Append(" / ").Append(d.Certificates.Expired).Append("</b></div>")
            .Append(LinkageFigure(d.Linkage)).Append("</div>");

        html.Append("<div class=\"grid\">");
        OpenRecalls.Render(html, d.Recalls); // first: goods that must not be sold outrank every figure
        html.Append("<section><h2>Tỷ lệ chủ thể tham gia kênh bán hàng hiện đại</h2>")
            .Append(Charts.ShareOverTime("Tỷ lệ chủ thể OCOP có doanh thu qua siêu thị, cửa hàng tiện lợi hoặc sàn TMĐT theo từng 6 tháng, so với mục tiêu 70 %",
                d.ParticipationOverTime, RevenueReports.DefaultParticipationTarget, "Mục tiêu 70 %"))
            .Append("<p class=\"note\">6T đầu, 6T cuối: 6 tháng đầu năm, 6 tháng cuối năm. Chủ thể có giấy chứng nhận còn hiệu lực trong kỳ.</p></section>");

        html.Append("<section><h2>Doanh thu theo kênh phân phối</h2>");
        if (d.RevenueByChannel.Count == 0) html.Append("<p>Chưa có doanh thu được ghi nhận.</p>");
        else
        {
            html.Append(Charts.StackedColumns("Doanh thu theo kênh phân phối, từng năm", [.. d.Years.Select(y => y.ToString(CultureInfo.InvariantCulture))],
                [.. d.RevenueByChannel.Select(s => (ChannelName(s.Channel), s.Values))]));
            html.Append("<ul class=\"legend\">");
            for (var i = 0; i < d.RevenueByChannel.Count; i++)
                html.Append("<li><i class=\"s").Append(i % Charts.Palette.Length).Append("\"></i>").Append(E(ChannelName(d.RevenueByChannel[i].Channel))).Append("</li>");
            html.Append("</ul><table><thead><tr><th>Năm</th><th class=\"n\">Tổng doanh thu</th></tr></thead><tbody>");
            for (var i = 0; i < d.Years.Count; i++)
                html.Append("<tr><td>").Append(d.Years[i]).Append("</td><td class=\"n\">").Append(Vnd.Format(Money.Sum(d.RevenueByChannel, s => s.Values[i]))).Append("</td></tr>");
            html.Append("</tbody></table>");
        }
        html.Append("</section>");

        html.Append("<section><h2>Tăng trưởng doanh thu theo chủ thể</h2>");
        if (d.Growth.Count == 0) html.Append("<p>Chưa có doanh thu được ghi nhận trong năm.</p>");
        else html.Append(Charts.BarsAgainstBand($"Tăng trưởng doanh thu năm {d.Year} so với năm {d.Year - 1} của từng chủ thể, so với mục tiêu 5–10 %",
            [.. d.Growth.Select(p => (p.Name, p.GrowthPercent))], RevenueReports.DefaultGrowthBand.MinPercent, RevenueReports.DefaultGrowthBand.MaxPercent, "Mục tiêu 5–10 %"));
        html.Append("</section>");

        html.Append("<section><h2>Tiến độ thực hiện kế hoạch</h2>");
        if (d.Progress.Plans.Count == 0) html.Append("<p>Chưa có kế hoạch năm ").Append(d.Year).Append(".</p>");
        foreach (var plan in d.Progress.Plans)
        {
            html.Append("<p><b>Kế hoạch ").Append(E(plan.Number)).Append("</b>").Append(plan.Province == plan.CurrentProvince ? "" : $" (tỉnh {E(plan.Province)} cũ)").Append("</p>");
            html.Append(Charts.Progress($"Tiến độ các chỉ tiêu của kế hoạch {plan.Number}", [.. plan.Targets.Select(t => (
                PlanMetricNames.Vietnamese(t.Metric) + (t.Level == UnitLevel.Province ? "" : " · " + t.Unit),
                Figures(t), t.Metric == PlanMetric.RevenueGrowthPercent ? (t.Met == true ? 100m : t.Actual is null ? null : 0m) : t.PercentOfTarget, t.Met))]));
        }
        html.Append("</section>");

        EventsSection.Render(html, d.Year, d.Events);

        html.Append("<section class=\"wide\"><h2>Giấy chứng nhận OCOP sắp hết hạn (≤ 90 ngày) và đã hết hạn</h2>");
        var lapses = d.Certificates.Items.Where(i => i.State is CertificateState.Expiring or CertificateState.Expired).ToList();
        if (lapses.Count == 0) html.Append("<p>Không có giấy chứng nhận nào sắp hết hạn.</p>");
        else
        {
            html.Append("<table><thead><tr><th>Sản phẩm</th><th class=\"n\">Hết hạn</th><th class=\"n\">Tình trạng</th></tr></thead><tbody>");
            foreach (var m in lapses)
                html.Append("<tr><td>").Append(E(m.ProductName)).Append(m.Stars is { } s ? $" · {s}★" : "").Append("</td><td class=\"n\">").Append(Vnd.Date(m.ValidUntil))
                    .Append("</td><td class=\"n ").Append(m.State == CertificateState.Expired ? "expired\">Đã hết hạn" : $"expiring\">Còn {m.DaysLeft} ngày").Append("</td></tr>");
            html.Append("</tbody></table>");
        }
        html.Append("<p class=\"note\">Theo lần rà soát gần nhất").Append(d.Certificates.WatchedAt is { } w ? " lúc " + w.ToOffset(TimeSpan.FromHours(7)).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture) : "").Append(".</p></section>");

        html.Append("</div></main><footer>Số liệu tính từ dữ liệu trực tuyến (giấy chứng nhận, lô hàng có tem truy xuất, doanh thu) ngày ")
            .Append(Vnd.Date(d.Today)).Append(".</footer></body></html>");
        return html.ToString();
    }

    /// <summary>Subjects in linkage as deals show them: producers with a deal the other side confirmed.</summary>
    private static string LinkageFigure(Linkage.LinkageReport r) =>
        "<div class=\"kpi\" id=\"linkage\"><small>Chủ thể liên kết sản xuất, tiêu thụ " +
        $"(có hợp đồng đã xác nhận)</small><b>{r.SubjectsInLinkage}</b><small>{r.DealsConfirmed} hợp đồng/đơn hàng · " +
        $"{Vnd.Format(r.ConfirmedValueVnd)} · " +
        $"{r.Enquiries} lời hỏi hàng</small></div>";

    private static string Figures(TargetProgress t)
    {
        var goal = t.Min is { } min && t.Max is { } max ? $"{min:0.##}–{max:0.##}" : $"{t.Min ?? t.Max:0.##}";
        var percent = t.Metric is PlanMetric.ModernChannelParticipationPercent or PlanMetric.RevenueGrowthPercent;
        var actual = t.Actual is { } a ? (percent ? Pct(a) : a.ToString("0", CultureInfo.InvariantCulture)) : "—";
        return $"{actual} / {goal}{(percent ? " %" : "")}";
    }
}

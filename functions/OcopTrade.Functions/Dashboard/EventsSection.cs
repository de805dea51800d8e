using System.Text;
using OcopTrade.Functions.PublicPages;
using OcopTrade.Functions.TradeEvents;

namespace OcopTrade.Functions.Dashboard;

/// <summary>The dashboard's trade-promotion section: each event of the year with what it achieved against its
/// targets, the same figures as the export's "Sự kiện" sheet.</summary>
public static class EventsSection
{
    public static void Render(StringBuilder html, int year, IReadOnlyList<EventResult> events)
    {
        var e = PublicPages.PageKit.Encoder;
        html.Append("<section class=\"wide\" id=\"events\"><h2>Sự kiện xúc tiến thương mại năm ").Append(year)
            .Append("</h2>");
        if (events.Count == 0)
        {
            html.Append("<p>Chưa có sự kiện nào trong năm.</p></section>");
            return;
        }
        html.Append("<table><thead><tr><th>Sự kiện</th><th class=\"n\">Chủ thể</th><th class=\"n\">Gian hàng</th>")
            .Append("<th class=\"n\">Doanh thu tại sự kiện</th><th class=\"n\">Lượt quét</th>")
            .Append("<th class=\"n\">Hợp đồng đã xác nhận</th></tr></thead><tbody>");
        foreach (var r in events)
            html.Append("<tr><td>").Append(e.Encode(r.Name)).Append("<br><small>").Append(Vnd.Date(r.From))
                .Append("–").Append(Vnd.Date(r.To)).Append(r.Status == EventStatus.Cancelled ? " · đã hủy" : "")
                .Append("</small></td><td class=\"n\">").Append(Against(r.Producers, n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .Append("</td><td class=\"n\">").Append(Against(r.Stalls, n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .Append("</td><td class=\"n\">").Append(Against(r.RevenueVnd, Vnd.Format))
                .Append("</td><td class=\"n\">").Append(r.Scans.Value)
                .Append("</td><td class=\"n\">").Append(Against(r.Deals, n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))).Append("</td></tr>");
        html.Append("</tbody></table></section>");
    }

    private static string Against(EventMeasure m, Func<long, string> format) =>
        m.Target is { } target ? $"{format(m.Value)} / {format(target)}" : format(m.Value);
}

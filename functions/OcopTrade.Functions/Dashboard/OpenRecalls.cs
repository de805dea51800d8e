using System.Globalization;
using System.Text;
using OcopTrade.Functions.PublicPages;
using OcopTrade.Functions.Traceability;

namespace OcopTrade.Functions.Dashboard;

/// <summary>A lot held or recalled now, with how many times its label was scanned since: the department sees
/// whether the goods are still reaching people.</summary>
public sealed record OpenRecall(OpenLot Lot, int ScansSince);

/// <summary>The dashboard's list of open holds and recalls of the province's producers.</summary>
public sealed class OpenRecalls(LotStatusStore lots, ScanLog scans)
{
    /// <summary>Scans are counted up to this many per lot; past it the figure reads "≥".</summary>
    public const int ScanCountCap = 10_000;

    public async Task<IReadOnlyList<OpenRecall>> LoadAsync(IReadOnlyList<string> provinceKeys, CancellationToken ct)
    {
        var open = new List<OpenRecall>();
        foreach (var lot in await lots.OpenAsync(provinceKeys, ct))
        {
            var scansSince = await scans.CountSinceAsync(lot.TraceCode, lot.Status.Since!.Value, ScanCountCap, ct);
            open.Add(new OpenRecall(lot, scansSince));
        }
        return open;
    }

    public static void Render(StringBuilder html, IReadOnlyList<OpenRecall> recalls)
    {
        string E(string? text) => PageKit.Encoder.Encode(text ?? "");
        html.Append("<section class=\"wide\"><h2>Lô hàng đang bị thu hồi hoặc tạm dừng lưu thông</h2>");
        if (recalls.Count == 0)
        {
            html.Append("<p>Không có lô hàng nào đang bị thu hồi hoặc tạm dừng lưu thông.</p></section>");
            return;
        }
        html.Append("<table><thead><tr><th>Sản phẩm · lô</th><th>Lý do</th><th class=\"n\">Từ ngày</th>")
            .Append("<th class=\"n\">Lượt quét từ đó</th></tr></thead><tbody>");
        foreach (var r in recalls)
        {
            var recall = r.Lot.Status.State == LotState.Recall;
            var since = r.Lot.Status.Since!.Value.ToOffset(TimeSpan.FromHours(7));
            html.Append("<tr><td>").Append(E(r.Lot.ProductName)).Append(" · lô ").Append(E(r.Lot.LotNumber))
                .Append("<br><span class=\"").Append(recall ? "expired\">Thu hồi" : "expiring\">Tạm dừng lưu thông")
                .Append("</span></td><td>").Append(E(r.Lot.Status.Reason)).Append("</td><td class=\"n\">")
                .Append(since.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)).Append("</td><td class=\"n\">")
                .Append(r.ScansSince >= ScanCountCap ? "≥ " : "")
                .Append(r.ScansSince.ToString("N0", CultureInfo.InvariantCulture))
                .Append("</td></tr>");
        }
        html.Append("</tbody></table></section>");
    }
}

using OcopTrade.Functions.Access;
using OcopTrade.Functions.Revenue;

namespace OcopTrade.Functions.TradeEvents;

/// <summary>The export's "Sự kiện" sheet: each trade-promotion event of the province held (or planned) in the
/// period, with its results against its targets, so the 6-month and annual reports show what the fairs did.
/// Cancelled events stay listed with their status: the department reports them too.</summary>
public sealed class EventsSheet(EventStore store, EventResults results) : IReportSheetSource
{
    public string Key => "events";

    private const string Title = "Sự kiện";

    private static readonly string[] Columns =
    [
        "Sự kiện", "Loại", "Từ ngày", "Đến ngày", "Trạng thái", "Chủ thể tham gia", "Mục tiêu chủ thể",
        "Sản phẩm", "Mục tiêu sản phẩm", "Gian hàng", "Số gian", "Doanh thu tại sự kiện (VND)",
        "Mục tiêu doanh thu (VND)", "Lượt bán", "Lượt quét của khách", "Lời hỏi hàng", "Hợp đồng đã xác nhận",
        "Mục tiêu hợp đồng", "Giá trị hợp đồng (VND)",
    ];

    public async Task<ReportSheet> SheetAsync(ReportScope scope, CancellationToken cancellationToken)
    {
        if (scope.Province is null || scope.ProducerId is not null) return new(Key, Title, Columns, []);
        var events = await store.ListAsync(new Caller(Role.Department, Province: scope.Province), cancellationToken);
        var held = events.Where(e => e.From <= scope.Period.LastDay && e.To >= scope.Period.From).ToList();
        var figures = await results.ForAllAsync(held, cancellationToken);
        return new(Key, Title, Columns, [.. held.Select((ev, i) => Row(ev, figures[i]))]);
    }

    private static object?[] Row(TradeEvent ev, EventResult r) =>
    [
        ev.Name, EventRules.KindLabel(ev.Kind), ev.From.ToString("yyyy-MM-dd"), ev.To.ToString("yyyy-MM-dd"),
        StatusLabel(ev.Status), r.Producers.Value, r.Producers.Target, r.Products.Value, r.Products.Target,
        r.Stalls.Value, r.Stalls.Target, r.RevenueVnd.Value, r.RevenueVnd.Target, r.Sales.Value, r.Scans.Value,
        r.Enquiries.Value, r.Deals.Value, r.Deals.Target, r.DealValueVnd.Value,
    ];

    private static string StatusLabel(EventStatus status) => status switch
    {
        EventStatus.Planned => "Đã lên kế hoạch",
        EventStatus.Open => "Đang nhận đăng ký",
        EventStatus.Closed => "Đã đóng đăng ký",
        _ => "Đã hủy",
    };
}

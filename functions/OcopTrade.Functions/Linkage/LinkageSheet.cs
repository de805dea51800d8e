using OcopTrade.Functions.Revenue;
using OcopTrade.Functions.TradeEvents;

namespace OcopTrade.Functions.Linkage;

/// <summary>The export's "Liên kết" sheet: the period's enquiries and deals in total, then per trade-promotion
/// event. Revenue owns the workbook; linkage adds its sheet through <see cref="IReportSheetSource"/>.</summary>
public sealed class LinkageSheet(LinkageReports reports, EventStore events) : IReportSheetSource
{
    public string Key => "linkage";

    private const string Title = "Liên kết";

    private static readonly string[] Columns =
    [
        "Phạm vi", "Lời hỏi hàng", "Đã trả lời", "Hợp đồng/đơn hàng đã ghi", "Chờ xác nhận", "Bị khiếu nại",
        "Đã xác nhận", "Giá trị đã xác nhận (VND)", "Chủ thể liên kết (có hợp đồng đã xác nhận)",
    ];

    public async Task<ReportSheet> SheetAsync(ReportScope scope, CancellationToken cancellationToken)
    {
        if (scope.Province is null) return new(Key, Title, Columns, []);
        var r = await reports.ComputeAsync(scope, cancellationToken);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in r.ByEvent)
            names[e.EventId] = (await events.FindAsync(e.EventId, cancellationToken))?.Event.Name ?? e.EventId;
        List<object?[]> rows =
        [
            [$"Cả kỳ {r.From}…{r.To}", (long)r.Enquiries, (long)r.EnquiriesAnswered, (long)r.DealsRecorded,
                (long)r.DealsAwaitingConfirmation, (long)r.DealsDisputed, (long)r.DealsConfirmed, r.ConfirmedValueVnd,
                (long)r.SubjectsInLinkage],
            .. r.ByEvent.Select(e => new object?[]
            {
                "Sự kiện " + names[e.EventId], (long)e.Enquiries, null, null, null, null, (long)e.DealsConfirmed,
                e.ConfirmedValueVnd, (long)e.SubjectsInLinkage,
            }),
        ];
        return new(Key, Title, Columns, rows);
    }
}

using System.Data;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using MiniExcelLibs;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Producers;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Revenue;

/// <summary>One sheet of an export: a name (also the CSV's <c>sheet</c> value), Vietnamese column titles and rows of
/// cells (text, <see cref="long"/> or <see cref="decimal"/>, or null).</summary>
public sealed record ReportSheet(string Key, string Title, IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows);

/// <summary>A sheet another capability adds to the export (plans add "against targets"), so revenue need not know it.</summary>
public interface IReportSheetSource
{
    string Key { get; }
    Task<ReportSheet> SheetAsync(ReportScope scope, CancellationToken cancellationToken);
}

/// <summary>
/// The department's report as a workbook (<c>export.xlsx</c>) or one sheet at a time as CSV (<c>export.csv?sheet=</c>):
/// revenue by channel, growth by producer, participation, and certificates expiring or expired. Text cells that a
/// spreadsheet would run as a formula are neutralised (<see cref="Csv.Safe"/>), in both forms; numbers stay numbers.
/// Further sheets (against plan targets) come from the registered <see cref="IReportSheetSource"/>s.
/// </summary>
public sealed class ReportExports(
    RevenueReports reports, ProductStore products, ProducerStore producerStore, TimeProvider clock, IEnumerable<IReportSheetSource> sources)
{
    private static readonly string[] OwnSheetKeys = ["channels", "producers", "participation", "certificates"];

    public IReadOnlyList<string> SheetKeys => [.. OwnSheetKeys, .. sources.Select(s => s.Key)];

    public async Task<List<ReportSheet>> SheetsAsync(ReportScope scope, CancellationToken ct)
    {
        var revenue = await reports.RevenueAsync(scope, ct);
        var growth = await reports.GrowthAsync(scope, GrowthDimension.Producer, ct);
        var participation = await reports.ParticipationAsync(scope with { Channel = scope.Channel is { } c && !Channels.IsModern(c) ? null : scope.Channel }, ct);
        var band = $"{revenue.TargetBand.MinPercent:0.##}–{revenue.TargetBand.MaxPercent:0.##} %";
        return
        [
            new("channels", "Theo kênh",
                ["Kênh", "Mã kênh", "Kênh hiện đại", $"Doanh thu {revenue.From}…{revenue.To} (VND)", $"Cùng kỳ {revenue.PreviousFrom}…{revenue.PreviousTo} (VND)", "Tăng trưởng (%)", $"Trong khoảng {band}"],
                [.. revenue.ByChannel.Select(r => new object?[] { Channels.Label(r.Channel), Channels.Name(r.Channel), r.Modern ? "Có" : "Không", r.RevenueVnd, r.PreviousRevenueVnd, r.GrowthPercent, YesNo(r.WithinTarget) }),
                 new object?[] { "Tổng", "", "", revenue.RevenueVnd, revenue.PreviousRevenueVnd, revenue.GrowthPercent, YesNo(revenue.WithinTarget) }]),
            new("producers", "Theo chủ thể",
                ["Mã chủ thể", "Tên chủ thể", "Doanh thu (VND)", "Cùng kỳ năm trước (VND)", "Tăng trưởng (%)", $"So với khoảng {band}"],
                [.. growth.Rows.Select(r => new object?[] { r.Key, r.Name, r.RevenueVnd, r.PreviousRevenueVnd, r.GrowthPercent, StandingLabel(r.Standing) })]),
            new("participation", "Tham gia kênh hiện đại",
                ["Chỉ tiêu", "Giá trị"],
                [
                    ["Kỳ báo cáo", $"{participation.From}…{participation.To}"],
                    ["Số chủ thể có giấy chứng nhận còn hiệu lực", (long)participation.SubjectsTotal],
                    ["Số chủ thể bán qua kênh hiện đại", (long)participation.SubjectsInModernChannels],
                    ["Tỷ lệ tham gia (%)", participation.ParticipationPercent],
                    ["Mục tiêu (%)", participation.TargetPercent],
                    ["Đạt mục tiêu", YesNo(participation.MeetsTarget)],
                ]),
            new("certificates", "Chứng nhận sắp hết hạn",
                ["Mã sản phẩm", "Tên sản phẩm", "Mã chủ thể", "Tên chủ thể", "Số giấy chứng nhận", "Ngày cấp", "Hiệu lực đến", "Trạng thái", "Số ngày còn lại"],
                await CertificatesAsync(scope, ct)),
            .. await Task.WhenAll(sources.Select(s => s.SheetAsync(scope, ct))),
        ];
    }

    /// <summary>Products of the scope whose certificate expires within 90 days or has expired, soonest first.</summary>
    private async Task<List<object?[]>> CertificatesAsync(ReportScope scope, CancellationToken ct)
    {
        var today = CertificateValidity.TodayInVietnam(clock);
        var found = new List<(Product Product, Certificate Certificate)>();
        foreach (var state in new[] { CertificateState.Expiring, CertificateState.Expired })
        {
            string? continuation = null;
            do
            {
                var page = await products.ListAsync(new Caller(Role.Admin), new ProductFilter(scope.Province, scope.ProducerId, null, null, null, state), continuation, 1000, ct);
                foreach (var p in page.Items)
                    if (p.CertificateOn(today) is { } c) found.Add((p, c));
                continuation = page.ContinuationToken;
            } while (continuation is not null);
        }
        var rows = new List<object?[]>();
        foreach (var (p, c) in found.OrderBy(f => f.Certificate.ValidUntil).ThenBy(f => f.Product.Id, StringComparer.Ordinal))
        {
            var producer = await producerStore.FindAsync(p.ProducerId, ct);
            rows.Add([p.Id, p.Fields.Name, p.ProducerId, producer?.LegalName, c.Number, Date(c.IssueDate), Date(c.ValidUntil),
                c.State == CertificateState.Expired ? "Đã hết hạn" : "Sắp hết hạn", (long)(c.ValidUntil.DayNumber - today.DayNumber)]);
        }
        return rows;
    }

    private static string Date(DateOnly d) => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static string YesNo(bool? value) => value switch { true => "Có", false => "Không", null => "" };

    private static string StandingLabel(GrowthStanding s) => s switch
    {
        GrowthStanding.Below => "Thấp hơn",
        GrowthStanding.Within => "Trong khoảng",
        GrowthStanding.Above => "Cao hơn",
        _ => "Chưa có cùng kỳ",
    };

    public static byte[] Workbook(IEnumerable<ReportSheet> sheets)
    {
        var book = new Dictionary<string, object>();
        foreach (var sheet in sheets)
        {
            // A DataTable keeps the header on an empty sheet and the column types (numbers stay numbers).
            var table = new DataTable(sheet.Title);
            for (var i = 0; i < sheet.Columns.Count; i++)
            {
                var type = sheet.Rows.Select(r => r[i]).FirstOrDefault(v => v is not null and not string)?.GetType() ?? typeof(string);
                table.Columns.Add(sheet.Columns[i], sheet.Rows.All(r => r[i] is null || r[i]!.GetType() == type) ? type : typeof(string));
            }
            foreach (var row in sheet.Rows)
                table.Rows.Add(row.Select((v, i) => v switch
                {
                    null => DBNull.Value,
                    string s => Csv.Safe(s),
                    _ when table.Columns[i].DataType == typeof(string) => Csv.Safe(Convert.ToString(v, CultureInfo.InvariantCulture)!),
                    _ => v,
                }).ToArray());
            book[sheet.Title] = table;
        }
        using var stream = new MemoryStream();
        stream.SaveAs(book, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    /// <summary>The sheet as CSV written to <paramref name="target"/>: its column titles, then its rows.</summary>
    public static Task WriteCsvAsync(ReportSheet sheet, Stream target, CancellationToken cancellationToken) =>
        Csv.WriteAsync(target, new[] { sheet.Columns.Cast<object?>() }.Concat(sheet.Rows).ToAsyncEnumerable(),
            cancellationToken);

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> XlsxAsync(
        HttpContext context, ProducerStore producers, ReportExports exports, string? province, string? producerId,
        int? year, int? half, string? from, string? to, CancellationToken cancellationToken)
    {
        var (scope, problem) = await RevenueReports.ReadScopeAsync(context, producers, province, producerId, null, year, from, to, cancellationToken, half);
        if (problem is not null) return problem;
        var sheets = await exports.SheetsAsync(scope!, cancellationToken);
        return TypedResults.File(Workbook(sheets), ImportFiles.XlsxType, FileName(scope!, ".xlsx"));
    }

    public static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> CsvAsync(
        HttpContext context, ProducerStore producers, ReportExports exports, string? sheet, string? province, string? producerId,
        int? year, int? half, string? from, string? to, CancellationToken cancellationToken)
    {
        sheet ??= exports.SheetKeys[0];
        if (!exports.SheetKeys.Contains(sheet)) return Problems.Invalid("sheet", $"One of: {string.Join(", ", exports.SheetKeys)}.");
        var (scope, problem) = await RevenueReports.ReadScopeAsync(context, producers, province, producerId, null, year, from, to, cancellationToken, half);
        if (problem is not null) return problem;
        var chosen = (await exports.SheetsAsync(scope!, cancellationToken)).Single(s => s.Key == sheet);
        return TypedResults.Stream(body => WriteCsvAsync(chosen, body, cancellationToken), "text/csv; charset=utf-8",
            FileName(scope!, $"-{sheet}.csv"));
    }

    /// <summary>ASCII file names: "bao-cao-doanh-thu-2025-01-2025-12.xlsx".</summary>
    private static string FileName(ReportScope scope, string suffix) =>
        $"bao-cao-doanh-thu-{scope.From:yyyy-MM}-{scope.To:yyyy-MM}{suffix}";
}

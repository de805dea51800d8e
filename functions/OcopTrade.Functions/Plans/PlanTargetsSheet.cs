using OcopTrade.Functions.AdministrativeUnits;
using OcopTrade.Functions.Revenue;

namespace OcopTrade.Functions.Plans;

/// <summary>The export's "against targets" sheet: every target of the province's plans for the period's year, with
/// what live data shows. Revenue owns the workbook; plans add their sheet through <see cref="IReportSheetSource"/>.</summary>
public sealed class PlanTargetsSheet(PlanProgress progress) : IReportSheetSource
{
    public string Key => "targets";

    private static readonly string[] Columns =
        ["Kế hoạch", "Cấp", "Đơn vị", "Chỉ tiêu", "Mục tiêu tối thiểu", "Mục tiêu tối đa", "Thực hiện", "Đạt", "% mục tiêu", "Cách tính"];

    public async Task<ReportSheet> SheetAsync(Revenue.ReportScope scope, CancellationToken cancellationToken)
    {
        // Plans are per province and year: a producer's own export has no targets to stand against.
        if (scope.Province is null || scope.ProducerId is not null) return new(Key, "So với chỉ tiêu", Columns, []);
        var report = await progress.ComputeAsync(scope.Province, new ReportPeriod(scope.From, scope.To), UnitView.Current, cancellationToken);
        var rows = report.Plans.SelectMany(plan => plan.Targets.SelectMany(t => Rows(plan.Number, t))).ToList();
        return new(Key, "So với chỉ tiêu", Columns, rows);
    }

    /// <summary>The target's row; for subjects in linkage, the revenue-channel proxy on a row of its own beneath it.
    /// </summary>
    private static IEnumerable<object?[]> Rows(string plan, TargetProgress t)
    {
        yield return
        [
            plan, LevelLabel(t.Level), t.Unit, PlanMetricNames.Vietnamese(t.Metric), t.Min, t.Max, t.Actual,
            t.Met switch { true => "Có", false => "Không", null => "" }, t.PercentOfTarget, t.Basis,
        ];
        if (t.ProxyBasis is not null)
            yield return [plan, LevelLabel(t.Level), t.Unit, PlanMetricNames.Vietnamese(t.Metric) +
                " (ước tính theo kênh doanh thu)",
                null, null, t.ProxyActual, "", null, t.ProxyBasis];
    }

    private static string LevelLabel(UnitLevel level) => level switch
    {
        UnitLevel.Province => "Tỉnh",
        UnitLevel.District => "Huyện",
        _ => "Xã",
    };
}

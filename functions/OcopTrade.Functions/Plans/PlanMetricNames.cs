namespace OcopTrade.Functions.Plans;

/// <summary>How the plans name their metrics, for the dashboard and the export alike.</summary>
public static class PlanMetricNames
{
    public static string Vietnamese(PlanMetric metric) => metric switch
    {
        PlanMetric.NewProducts3Stars => "Sản phẩm mới đạt 3 sao trở lên",
        PlanMetric.RecertifiedProducts => "Sản phẩm được công nhận lại",
        PlanMetric.TotalOcopProducts => "Tổng số sản phẩm OCOP",
        PlanMetric.ProductsWithTraceability => "Sản phẩm có truy xuất nguồn gốc",
        PlanMetric.SubjectsInLinkage => "Chủ thể tham gia liên kết sản xuất, tiêu thụ",
        PlanMetric.ModernChannelParticipationPercent => "Tỷ lệ chủ thể tham gia kênh hiện đại",
        _ => "Tăng trưởng doanh thu qua kênh phân phối",
    };
}

using static Microsoft.Azure.Functions.Worker.AuthorizationLevel;

namespace OcopTrade.Functions.Revenue;

/// <summary>Revenue by channel: entries, imports, roll-ups, reports and exports.
/// Each function serves one endpoint, whose handler, binding and policy are declared by the minimal API mapping
/// of the same route (<see cref="Platform.HttpEndpoints"/>). Anonymous to the Functions host: the app
/// authenticates keys and sessions itself (<see cref="Platform.HttpPolicy"/>).</summary>
public static class RevenueFunctions
{
    [Function(nameof(RecordRevenue))]
    public static Task RecordRevenue(
        [HttpTrigger(Anonymous, "post", Route = "api/revenue")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ListRevenue))]
    public static Task ListRevenue(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/revenue")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ExportRevenue))]
    public static Task ExportRevenue(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/revenue/export.csv")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(RebuildRollups))]
    public static Task RebuildRollups(
        [HttpTrigger(Anonymous, "post", Route = "api/revenue/rebuild-rollups")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ImportRevenue))]
    public static Task ImportRevenue(
        [HttpTrigger(Anonymous, "post", Route = "api/revenue/imports")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(RevenueTemplateCsv))]
    public static Task RevenueTemplateCsv(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/revenue/imports/template.csv")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(RevenueTemplateXlsx))]
    public static Task RevenueTemplateXlsx(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/revenue/imports/template.xlsx")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(RevenueImportStatus))]
    public static Task RevenueImportStatus(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/revenue/imports/{id}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(RevenueReport))]
    public static Task RevenueReport(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/reports/revenue")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ParticipationReport))]
    public static Task ParticipationReport(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/reports/participation")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(GrowthReport))]
    public static Task GrowthReport(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/reports/growth")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ReportWorkbook))]
    public static Task ReportWorkbook(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/reports/export.xlsx")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ReportCsv))]
    public static Task ReportCsv(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/reports/export.csv")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);
}

using static Microsoft.Azure.Functions.Worker.AuthorizationLevel;

namespace OcopTrade.Functions.Plans;

/// <summary>Provincial plans, their targets' progress, and the product and certificate reports.
/// Each function serves one endpoint, whose handler, binding and policy are declared by the minimal API mapping
/// of the same route (<see cref="Platform.HttpEndpoints"/>). Anonymous to the Functions host: the app
/// authenticates keys and sessions itself (<see cref="Platform.HttpPolicy"/>).</summary>
public static class PlanFunctions
{
    [Function(nameof(CreatePlan))]
    public static Task CreatePlan(
        [HttpTrigger(Anonymous, "post", Route = "api/plans")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(GetPlan))]
    public static Task GetPlan(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/plans/{id}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ReplacePlan))]
    public static Task ReplacePlan(
        [HttpTrigger(Anonymous, "put", Route = "api/plans/{id}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ListPlans))]
    public static Task ListPlans(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/plans")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ImportPlans))]
    public static Task ImportPlans(
        [HttpTrigger(Anonymous, "post", Route = "api/plans/import")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(PlanTemplateCsv))]
    public static Task PlanTemplateCsv(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/plans/import/template.csv")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(PlanProgressReport))]
    public static Task PlanProgressReport(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/reports/plan-progress")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ProductsReport))]
    public static Task ProductsReport(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/reports/products")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(CertificatesReport))]
    public static Task CertificatesReport(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/reports/certificates")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);
}

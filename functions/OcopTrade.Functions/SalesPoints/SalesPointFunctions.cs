using static Microsoft.Azure.Functions.Worker.AuthorizationLevel;

namespace OcopTrade.Functions.SalesPoints;

/// <summary>Sales points: registered, scanning labels, and their sales.
/// Each function serves one endpoint, whose handler, binding and policy are declared by the minimal API mapping
/// of the same route (<see cref="Platform.HttpEndpoints"/>). Anonymous to the Functions host: the app
/// authenticates keys and sessions itself (<see cref="Platform.HttpPolicy"/>).</summary>
public static class SalesPointFunctions
{
    [Function(nameof(RegisterSalesPoint))]
    public static Task RegisterSalesPoint(
        [HttpTrigger(Anonymous, "post", Route = "api/sales-points")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ListSalesPoints))]
    public static Task ListSalesPoints(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/sales-points")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(GetSalesPoint))]
    public static Task GetSalesPoint(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/sales-points/{id}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(RecordScan))]
    public static Task RecordScan(
        [HttpTrigger(Anonymous, "post", Route = "api/sales-points/{id}/scans")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ListSales))]
    public static Task ListSales(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/sales-points/{id}/sales")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ApproveSale))]
    public static Task ApproveSale(
        [HttpTrigger(Anonymous, "post", Route = "api/sales-points/{id}/sales/{saleId}/approve")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(RejectSale))]
    public static Task RejectSale(
        [HttpTrigger(Anonymous, "post", Route = "api/sales-points/{id}/sales/{saleId}/reject")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ListHeldSales))]
    public static Task ListHeldSales(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/sales/held")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);
}

using static Microsoft.Azure.Functions.Worker.AuthorizationLevel;

namespace OcopTrade.Functions.Syndication;

/// <summary>Asking for listings on marketplaces, following them, and bulk exports.
/// Each function serves one endpoint, whose handler, binding and policy are declared by the minimal API mapping
/// of the same route (<see cref="Platform.HttpEndpoints"/>). Anonymous to the Functions host: the app
/// authenticates keys and sessions itself (<see cref="Platform.HttpPolicy"/>).</summary>
public static class SyndicationApiFunctions
{
    [Function(nameof(BulkExport))]
    public static Task BulkExport(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/producers/{producerId}/bulk-exports/{file}")]
        HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(RequestSyndication))]
    public static Task RequestSyndication(
        [HttpTrigger(Anonymous, "post", Route = "api/products/{id}/syndications")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ListSyndications))]
    public static Task ListSyndications(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/products/{id}/syndications")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(SyndicationReadiness))]
    public static Task SyndicationReadiness(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/products/{id}/syndications/readiness")]
        HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(DelistProduct))]
    public static Task DelistProduct(
        [HttpTrigger(Anonymous, "delete", Route = "api/products/{id}/syndications/{channel}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);
}

using static Microsoft.Azure.Functions.Worker.AuthorizationLevel;

namespace OcopTrade.Functions.Traceability;

/// <summary>Trace pages and data behind the labels, and the batches (lots) that print them.
/// Each function serves one endpoint, whose handler, binding and policy are declared by the minimal API mapping
/// of the same route (<see cref="Platform.HttpEndpoints"/>). Anonymous to the Functions host: the app
/// authenticates keys and sessions itself (<see cref="Platform.HttpPolicy"/>).</summary>
public static class TraceFunctions
{
    [Function(nameof(TraceFlags))]
    public static Task TraceFlags(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/trace/flags")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(CreateBatch))]
    public static Task CreateBatch(
        [HttpTrigger(Anonymous, "post", Route = "api/products/{id}/batches")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ListBatches))]
    public static Task ListBatches(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/products/{id}/batches")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(GetBatch))]
    public static Task GetBatch(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/products/{id}/batches/{batchId}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(BatchLabel))]
    public static Task BatchLabel(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/products/{id}/batches/{batchId}/label")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(TracePage))]
    public static Task TracePage(
        [HttpTrigger(Anonymous, "get", "head", Route = "t/{code}")] HttpRequest request) => Platform.HttpEndpoints.Run(request);

    [Function(nameof(TraceData))]
    public static Task TraceData(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/trace/{code}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);
}

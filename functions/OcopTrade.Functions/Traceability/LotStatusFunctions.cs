using static Microsoft.Azure.Functions.Worker.AuthorizationLevel;

namespace OcopTrade.Functions.Traceability;

/// <summary>Holds, recalls and lifts of a lot, the public recall status behind the labels' gs1:recallStatus
/// link, and the EPCIS event log. Each function serves the endpoint of the same route in
/// <see cref="LotStatusEndpoints"/>.</summary>
public static class LotStatusFunctions
{
    [Function(nameof(GetLotStatus))]
    public static Task GetLotStatus(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/products/{id}/batches/{batchId}/status")]
        HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(HoldLot))]
    public static Task HoldLot(
        [HttpTrigger(Anonymous, "post", Route = "api/products/{id}/batches/{batchId}/holds")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(RecallLot))]
    public static Task RecallLot(
        [HttpTrigger(Anonymous, "post", Route = "api/products/{id}/batches/{batchId}/recalls")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ReleaseLot))]
    public static Task ReleaseLot(
        [HttpTrigger(Anonymous, "post", Route = "api/products/{id}/batches/{batchId}/releases")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(GetRecallStatus))]
    public static Task GetRecallStatus(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/recall-status")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(EpcisEvents))]
    public static Task EpcisEvents(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/epcis/events")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);
}

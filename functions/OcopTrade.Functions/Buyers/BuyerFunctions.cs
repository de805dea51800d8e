using static Microsoft.Azure.Functions.Worker.AuthorizationLevel;

namespace OcopTrade.Functions.Buyers;

/// <summary>Buyers: self-registration, the department's list and its decision.
/// Each function serves one endpoint, whose handler, binding and policy are declared by the minimal API mapping
/// of the same route (<see cref="Platform.HttpEndpoints"/>). Anonymous to the Functions host: the app
/// authenticates keys and sessions itself (<see cref="Platform.HttpPolicy"/>).</summary>
public static class BuyerFunctions
{
    [Function(nameof(RegisterBuyer))]
    public static Task RegisterBuyer(
        [HttpTrigger(Anonymous, "post", Route = "api/buyers")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ListBuyers))]
    public static Task ListBuyers(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/buyers")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(GetBuyer))]
    public static Task GetBuyer(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/buyers/{id}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(DecideBuyer))]
    public static Task DecideBuyer(
        [HttpTrigger(Anonymous, "post", Route = "api/buyers/{id}/decision")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);
}

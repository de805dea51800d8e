using static Microsoft.Azure.Functions.Worker.AuthorizationLevel;

namespace OcopTrade.Functions.Producers;

/// <summary>Producers: registered by the department, read and edited by whoever manages them.
/// Each function serves one endpoint, whose handler, binding and policy are declared by the minimal API mapping
/// of the same route (<see cref="Platform.HttpEndpoints"/>). Anonymous to the Functions host: the app
/// authenticates keys and sessions itself (<see cref="Platform.HttpPolicy"/>).</summary>
public static class ProducerFunctions
{
    [Function(nameof(RegisterProducer))]
    public static Task RegisterProducer(
        [HttpTrigger(Anonymous, "post", Route = "api/producers")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ListProducers))]
    public static Task ListProducers(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/producers")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(GetProducer))]
    public static Task GetProducer(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/producers/{id}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ReplaceProducer))]
    public static Task ReplaceProducer(
        [HttpTrigger(Anonymous, "put", Route = "api/producers/{id}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);
}

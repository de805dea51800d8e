using static Microsoft.Azure.Functions.Worker.AuthorizationLevel;

namespace OcopTrade.Functions.Health;

/// <summary>The health check uptime probes and the deployment call.
/// Each function serves one endpoint, whose handler, binding and policy are declared by the minimal API mapping
/// of the same route (<see cref="Platform.HttpEndpoints"/>). Anonymous to the Functions host: the app
/// authenticates keys and sessions itself (<see cref="Platform.HttpPolicy"/>).</summary>
public static class HealthFunctions
{
    [Function(nameof(Health))]
    public static Task Health(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/health")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);
}

using static Microsoft.Azure.Functions.Worker.AuthorizationLevel;

namespace OcopTrade.Functions.Dashboard;

/// <summary>The department's dashboard page.
/// Each function serves one endpoint, whose handler, binding and policy are declared by the minimal API mapping
/// of the same route (<see cref="Platform.HttpEndpoints"/>). Anonymous to the Functions host: the app
/// authenticates keys and sessions itself (<see cref="Platform.HttpPolicy"/>).</summary>
public static class DashboardFunctions
{
    [Function(nameof(DashboardPage))]
    public static Task DashboardPage(
        [HttpTrigger(Anonymous, "get", "head", Route = "dashboard")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);
}

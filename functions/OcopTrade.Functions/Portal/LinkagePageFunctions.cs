using static Microsoft.Azure.Functions.Worker.AuthorizationLevel;

namespace OcopTrade.Functions.Portal;

/// <summary>The portal's supply–demand pages: the producer's enquiries and deals, and the buyer's page.
/// Each function serves one endpoint, whose handler, binding and policy are declared by the minimal API mapping
/// of the same route (<see cref="Platform.HttpEndpoints"/>).</summary>
public static class LinkagePageFunctions
{
    [Function(nameof(PortalEnquiries))]
    public static Task PortalEnquiries(
        [HttpTrigger(Anonymous, "get", "head", Route = "portal/enquiries")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(PortalBuyer))]
    public static Task PortalBuyer(
        [HttpTrigger(Anonymous, "get", "head", Route = "portal/buyer")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);
}

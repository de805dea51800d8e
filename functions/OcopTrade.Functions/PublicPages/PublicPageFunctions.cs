using static Microsoft.Azure.Functions.Worker.AuthorizationLevel;

namespace OcopTrade.Functions.PublicPages;

/// <summary>The public product page a label's shopper lands on.
/// Each function serves one endpoint, whose handler, binding and policy are declared by the minimal API mapping
/// of the same route (<see cref="Platform.HttpEndpoints"/>). Anonymous to the Functions host: the app
/// authenticates keys and sessions itself (<see cref="Platform.HttpPolicy"/>).</summary>
public static class PublicPageFunctions
{
    [Function(nameof(ProductPage))]
    public static Task ProductPage(
        [HttpTrigger(Anonymous, "get", "head", Route = "p/{slug}")] HttpRequest request) => Platform.HttpEndpoints.Run(request);
}

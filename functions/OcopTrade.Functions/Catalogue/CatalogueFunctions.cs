using static Microsoft.Azure.Functions.Worker.AuthorizationLevel;

namespace OcopTrade.Functions.Catalogue;

/// <summary>The buyers' catalogue: its search API and its public page.
/// Each function serves one endpoint, whose handler, binding and policy are declared by the minimal API mapping
/// of the same route (<see cref="Platform.HttpEndpoints"/>).</summary>
public static class CatalogueFunctions
{
    [Function(nameof(SearchBuyersCatalogue))]
    public static Task SearchBuyersCatalogue(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/catalogue")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(BuyersCataloguePage))]
    public static Task BuyersCataloguePage(
        [HttpTrigger(Anonymous, "get", "head", Route = "catalogue")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);
}

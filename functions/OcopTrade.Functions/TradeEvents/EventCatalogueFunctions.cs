using static Microsoft.Azure.Functions.Worker.AuthorizationLevel;

namespace OcopTrade.Functions.TradeEvents;

/// <summary>An event's catalogue, printed and for phones (<see cref="EventCatalogueEndpoints"/>).</summary>
public static class EventCatalogueFunctions
{
    [Function(nameof(GetEventCataloguePdf))]
    public static Task GetEventCataloguePdf(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/events/{id}/catalogue.pdf")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(EventCataloguePage))]
    public static Task EventCataloguePage(
        [HttpTrigger(Anonymous, "get", "head", Route = "events/{id}/catalogue")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);
}

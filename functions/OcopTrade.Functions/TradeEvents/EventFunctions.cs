using static Microsoft.Azure.Functions.Worker.AuthorizationLevel;

namespace OcopTrade.Functions.TradeEvents;

/// <summary>Trade-promotion events, their applications and stalls. Each function serves one endpoint, whose
/// handler, binding and policy are declared by the minimal API mapping of the same route
/// (<see cref="EventEndpoints"/>).</summary>
public static class EventFunctions
{
    [Function(nameof(CreateEvent))]
    public static Task CreateEvent(
        [HttpTrigger(Anonymous, "post", Route = "api/events")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ListEvents))]
    public static Task ListEvents(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/events")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(GetEvent))]
    public static Task GetEvent(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/events/{id}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ReplaceEvent))]
    public static Task ReplaceEvent(
        [HttpTrigger(Anonymous, "put", Route = "api/events/{id}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(CancelEvent))]
    public static Task CancelEvent(
        [HttpTrigger(Anonymous, "post", Route = "api/events/{id}/cancel")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(GetEventResults))]
    public static Task GetEventResults(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/events/{id}/results")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ApplyToEvent))]
    public static Task ApplyToEvent(
        [HttpTrigger(Anonymous, "post", Route = "api/events/{id}/applications")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ListEventApplications))]
    public static Task ListEventApplications(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/events/{id}/applications")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(GetEventApplication))]
    public static Task GetEventApplication(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/events/{id}/applications/{appId}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(WithdrawEventApplication))]
    public static Task WithdrawEventApplication(
        [HttpTrigger(Anonymous, "post", Route = "api/events/{id}/applications/{appId}/withdraw")]
        HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(DecideEventApplication))]
    public static Task DecideEventApplication(
        [HttpTrigger(Anonymous, "post", Route = "api/events/{id}/applications/{appId}/decision")]
        HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(IssueEventStallKey))]
    public static Task IssueEventStallKey(
        [HttpTrigger(Anonymous, "post", Route = "api/events/{id}/applications/{appId}/stall-key")]
        HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);
}

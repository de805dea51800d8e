using static Microsoft.Azure.Functions.Worker.AuthorizationLevel;

namespace OcopTrade.Functions.Linkage;

/// <summary>Enquiries, deals and the linkage report.
/// Each function serves one endpoint, whose handler, binding and policy are declared by the minimal API mapping
/// of the same route (<see cref="Platform.HttpEndpoints"/>). Anonymous to the Functions host: the app
/// authenticates keys and sessions itself (<see cref="Platform.HttpPolicy"/>).</summary>
public static class LinkageFunctions
{
    [Function(nameof(SendEnquiry))]
    public static Task SendEnquiry(
        [HttpTrigger(Anonymous, "post", Route = "api/enquiries")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ListEnquiries))]
    public static Task ListEnquiries(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/enquiries")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(GetEnquiry))]
    public static Task GetEnquiry(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/enquiries/{id}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(AnswerEnquiry))]
    public static Task AnswerEnquiry(
        [HttpTrigger(Anonymous, "post", Route = "api/enquiries/{id}/answer")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(RecordDeal))]
    public static Task RecordDeal(
        [HttpTrigger(Anonymous, "post", Route = "api/deals")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ListDeals))]
    public static Task ListDeals(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/deals")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(GetDeal))]
    public static Task GetDeal(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/deals/{id}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(DecideDeal))]
    public static Task DecideDeal(
        [HttpTrigger(Anonymous, "post", Route = "api/deals/{id}/decision")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(LinkageReport))]
    public static Task LinkageReport(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/reports/linkage")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);
}

using static Microsoft.Azure.Functions.Worker.AuthorizationLevel;

namespace OcopTrade.Functions.Syndication;

/// <summary>The functions serving bulk actions on marketplaces, one per endpoint of
/// <see cref="BulkSyndicationEndpoints"/>, whose mapping declares their binding and policy.</summary>
public static class BulkSyndicationApiFunctions
{
    [Function(nameof(StartProducerBulkSyndication))]
    public static Task StartProducerBulkSyndication(
        [HttpTrigger(Anonymous, "post", Route = "api/producers/{producerId}/bulk-syndications")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(StartProvinceBulkSyndication))]
    public static Task StartProvinceBulkSyndication(
        [HttpTrigger(Anonymous, "post", Route = "api/provinces/{province}/bulk-syndications")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(BulkSyndicationProgress))]
    public static Task BulkSyndicationProgress(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/bulk-syndications/{id}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);
}

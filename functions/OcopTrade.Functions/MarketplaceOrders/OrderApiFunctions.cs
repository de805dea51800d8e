using static Microsoft.Azure.Functions.Worker.AuthorizationLevel;

namespace OcopTrade.Functions.MarketplaceOrders;

/// <summary>Each function serves one endpoint mapped in <see cref="OrdersModule"/>; anonymous to the Functions host:
/// the app authenticates keys and sessions itself, and verifies Shopee's signature on the push.</summary>
public static class OrderApiFunctions
{
    [Function(nameof(ListMarketplaceOrders))]
    public static Task ListMarketplaceOrders(
        [HttpTrigger(Anonymous, "get", "head",
            Route = "api/producers/{producerId}/marketplace-orders")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ListOversells))]
    public static Task ListOversells(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/producers/{producerId}/oversells")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(UnmatchedOrderLines))]
    public static Task UnmatchedOrderLines(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/marketplace-orders/unmatched")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ShopeePushNotification))]
    public static Task ShopeePushNotification(
        [HttpTrigger(Anonymous, "post", Route = "api/marketplaces/shopee/push")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);
}

using static Microsoft.Azure.Functions.Worker.AuthorizationLevel;

namespace OcopTrade.Functions.Portal;

/// <summary>The producers' portal: sign-in and its pages.
/// Each function serves one endpoint, whose handler, binding and policy are declared by the minimal API mapping
/// of the same route (<see cref="Platform.HttpEndpoints"/>). Anonymous to the Functions host: the app
/// authenticates keys and sessions itself (<see cref="Platform.HttpPolicy"/>).</summary>
public static class PortalFunctions
{
    [Function(nameof(PortalAsset))]
    public static Task PortalAsset(
        [HttpTrigger(Anonymous, "get", "head", Route = "portal/assets/{name}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(PortalSignInPage))]
    public static Task PortalSignInPage(
        [HttpTrigger(Anonymous, "get", "head", Route = "portal/sign-in")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(PortalSignIn))]
    public static Task PortalSignIn(
        [HttpTrigger(Anonymous, "post", Route = "portal/sign-in")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(PortalSignOut))]
    public static Task PortalSignOut(
        [HttpTrigger(Anonymous, "post", Route = "portal/sign-out")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(PortalHome))]
    public static Task PortalHome(
        [HttpTrigger(Anonymous, "get", "head", Route = "portal")] HttpRequest request) => Platform.HttpEndpoints.Run(request);

    [Function(nameof(PortalNewProduct))]
    public static Task PortalNewProduct(
        [HttpTrigger(Anonymous, "get", "head", Route = "portal/products/new")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(PortalProduct))]
    public static Task PortalProduct(
        [HttpTrigger(Anonymous, "get", "head", Route = "portal/products/{id}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(PortalPhotos))]
    public static Task PortalPhotos(
        [HttpTrigger(Anonymous, "get", "head", Route = "portal/products/{id}/photos")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(PortalLabels))]
    public static Task PortalLabels(
        [HttpTrigger(Anonymous, "get", "head", Route = "portal/products/{id}/labels")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(PortalChannels))]
    public static Task PortalChannels(
        [HttpTrigger(Anonymous, "get", "head", Route = "portal/products/{id}/channels")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(PortalRevenue))]
    public static Task PortalRevenue(
        [HttpTrigger(Anonymous, "get", "head", Route = "portal/revenue")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(PortalScan))]
    public static Task PortalScan(
        [HttpTrigger(Anonymous, "get", "head", Route = "portal/scan")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);
}

using static Microsoft.Azure.Functions.Worker.AuthorizationLevel;

namespace OcopTrade.Functions.Syndication;

/// <summary>The category lookup per marketplace and a product's overrides per channel. Each function serves one
/// endpoint, whose handler, binding and policy are declared by the minimal API mapping of the same route
/// (<see cref="CategoryMappingEndpoints"/>, <see cref="ChannelSettingsEndpoints"/>).</summary>
public static class ChannelTermsFunctions
{
    [Function(nameof(ChannelCategories))]
    public static Task ChannelCategories(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/channels/{channel}/categories")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(MapChannelCategory))]
    public static Task MapChannelCategory(
        [HttpTrigger(Anonymous, "put", Route = "api/channels/{channel}/categories/{group}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ChannelSettings))]
    public static Task ChannelSettings(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/products/{id}/syndications/{channel}/settings")]
        HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ReplaceChannelSettings))]
    public static Task ReplaceChannelSettings(
        [HttpTrigger(Anonymous, "put", Route = "api/products/{id}/syndications/{channel}/settings")]
        HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);
}

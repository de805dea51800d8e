using static Microsoft.Azure.Functions.Worker.AuthorizationLevel;

namespace OcopTrade.Functions.Traceability.Resolver;

/// <summary>The GS1 resolver's functions, one per route and method set (see <see cref="ResolverEndpoints"/>):
/// GET and HEAD resolve, OPTIONS answers the methods and CORS.</summary>
public static class ResolverFunctions
{
    [Function(nameof(ResolveProduct))]
    public static Task ResolveProduct(
        [HttpTrigger(Anonymous, "get", "head", Route = "01/{gtin}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ResolveProductOptions))]
    public static Task ResolveProductOptions(
        [HttpTrigger(Anonymous, "options", Route = "01/{gtin}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(DigitalLink))]
    public static Task DigitalLink(
        [HttpTrigger(Anonymous, "get", "head", Route = "01/{gtin}/10/{lot}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(DigitalLinkOptions))]
    public static Task DigitalLinkOptions(
        [HttpTrigger(Anonymous, "options", Route = "01/{gtin}/10/{lot}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ResolveSerial))]
    public static Task ResolveSerial(
        [HttpTrigger(Anonymous, "get", "head", Route = "01/{gtin}/10/{lot}/21/{serial}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ResolveSerialOptions))]
    public static Task ResolveSerialOptions(
        [HttpTrigger(Anonymous, "options", Route = "01/{gtin}/10/{lot}/21/{serial}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ResolveMalformed))]
    public static Task ResolveMalformed(
        [HttpTrigger(Anonymous, "get", "head", Route = "01/{gtin}/{*rest}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ResolveMalformedOptions))]
    public static Task ResolveMalformedOptions(
        [HttpTrigger(Anonymous, "options", Route = "01/{gtin}/{*rest}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ResolverDescription))]
    public static Task ResolverDescription(
        [HttpTrigger(Anonymous, "get", "head", Route = ".well-known/gs1resolver")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ResolverDescriptionOptions))]
    public static Task ResolverDescriptionOptions(
        [HttpTrigger(Anonymous, "options", Route = ".well-known/gs1resolver")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(OcopCertificate))]
    public static Task OcopCertificate(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/ocop-certificates/{gtin}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);
}

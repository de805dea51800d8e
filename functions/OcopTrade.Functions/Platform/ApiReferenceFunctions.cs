using static Microsoft.Azure.Functions.Worker.AuthorizationLevel;

namespace OcopTrade.Functions.Platform;

/// <summary>The OpenAPI document and the API reference pages that read it.
/// Each function serves one endpoint, whose handler, binding and policy are declared by the minimal API mapping
/// of the same route (<see cref="Platform.HttpEndpoints"/>). Anonymous to the Functions host: the app
/// authenticates keys and sessions itself (<see cref="Platform.HttpPolicy"/>).</summary>
public static class ApiReferenceFunctions
{
    [Function(nameof(OpenApiDocument))]
    public static Task OpenApiDocument(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/openapi.json")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ApiReferenceScript))]
    public static Task ApiReferenceScript(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/docs/scalar.js")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ApiReferenceSettings))]
    public static Task ApiReferenceSettings(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/docs/scalar.aspnetcore.js")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ApiReferenceIcon))]
    public static Task ApiReferenceIcon(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/docs/favicon.svg")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ApiReference))]
    public static Task ApiReference(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/docs/{documentName?}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);
}

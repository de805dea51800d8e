using static Microsoft.Azure.Functions.Worker.AuthorizationLevel;

namespace OcopTrade.Functions.Products;

/// <summary>Products (listings), their publication and their OCOP certificate.
/// Each function serves one endpoint, whose handler, binding and policy are declared by the minimal API mapping
/// of the same route (<see cref="Platform.HttpEndpoints"/>). Anonymous to the Functions host: the app
/// authenticates keys and sessions itself (<see cref="Platform.HttpPolicy"/>).</summary>
public static class ProductFunctions
{
    [Function(nameof(CreateProduct))]
    public static Task CreateProduct(
        [HttpTrigger(Anonymous, "post", Route = "api/products")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ListProducts))]
    public static Task ListProducts(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/products")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(GetProduct))]
    public static Task GetProduct(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/products/{id}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ReplaceProduct))]
    public static Task ReplaceProduct(
        [HttpTrigger(Anonymous, "put", Route = "api/products/{id}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(PublishProduct))]
    public static Task PublishProduct(
        [HttpTrigger(Anonymous, "post", Route = "api/products/{id}/publish")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(UnpublishProduct))]
    public static Task UnpublishProduct(
        [HttpTrigger(Anonymous, "post", Route = "api/products/{id}/unpublish")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(RevokeCertificate))]
    public static Task RevokeCertificate(
        [HttpTrigger(Anonymous, "post", Route = "api/products/{id}/certificate/revocation")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ConfirmCertificate))]
    public static Task ConfirmCertificate(
        [HttpTrigger(Anonymous, "post", Route = "api/products/{id}/certificate/confirm")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(RejectCertificate))]
    public static Task RejectCertificate(
        [HttpTrigger(Anonymous, "post", Route = "api/products/{id}/certificate/reject")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(CertificateHistory))]
    public static Task CertificateHistory(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/products/{id}/certificate/history")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);
}

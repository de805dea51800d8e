using static Microsoft.Azure.Functions.Worker.AuthorizationLevel;

namespace OcopTrade.Functions.Images;

/// <summary>Product photos: uploads (direct or through us), their order and details, re-processing.
/// Each function serves one endpoint, whose handler, binding and policy are declared by the minimal API mapping
/// of the same route (<see cref="Platform.HttpEndpoints"/>). Anonymous to the Functions host: the app
/// authenticates keys and sessions itself (<see cref="Platform.HttpPolicy"/>).</summary>
public static class PhotoFunctions
{
    [Function(nameof(UploadPhoto))]
    public static Task UploadPhoto(
        [HttpTrigger(Anonymous, "post", Route = "api/products/{id}/images")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ListPhotos))]
    public static Task ListPhotos(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/products/{id}/images")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(GetPhoto))]
    public static Task GetPhoto(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/products/{id}/images/{imageId}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(UpdatePhoto))]
    public static Task UpdatePhoto(
        [HttpTrigger(Anonymous, "patch", Route = "api/products/{id}/images/{imageId}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ReorderPhotos))]
    public static Task ReorderPhotos(
        [HttpTrigger(Anonymous, "put", Route = "api/products/{id}/images/order")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(DeletePhoto))]
    public static Task DeletePhoto(
        [HttpTrigger(Anonymous, "delete", Route = "api/products/{id}/images/{imageId}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(CreateUploadUrl))]
    public static Task CreateUploadUrl(
        [HttpTrigger(Anonymous, "post", Route = "api/products/{id}/images/upload-url")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(CompleteUpload))]
    public static Task CompleteUpload(
        [HttpTrigger(Anonymous, "post", Route = "api/products/{id}/images/{imageId}/complete")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(StartReprocessing))]
    public static Task StartReprocessing(
        [HttpTrigger(Anonymous, "post", Route = "api/images/reprocess")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);

    [Function(nameof(ReprocessingProgress))]
    public static Task ReprocessingProgress(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/images/reprocess/{jobId}")] HttpRequest request) =>
        Platform.HttpEndpoints.Run(request);
}

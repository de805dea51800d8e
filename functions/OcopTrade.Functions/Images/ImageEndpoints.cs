using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Observability;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Platform.Contract;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Images;

public sealed record ImageAccepted(string Id, ImageStatus Status);

public static class ImageEndpoints
{
    public static RouteGroupBuilder MapImages(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/products/{id}/images").WithTags("Images").RequireAuthorization();
        group.MapPost("/", UploadAsync).DisableAntiforgery().ProducesProblem(422)
            .TakesFile(["multipart/form-data", .. UploadBody.ImageTypes, "application/octet-stream"])
            .WithSummary("Upload a photo as multipart/form-data (field 'file') or as a raw image body; 202 with the image id and status.");
        group.MapGet("/", ListAsync).WithSummary("The product's photos in order, with status (pending, ready, failed with reason), alt text and the primary one.");
        PhotoManagement.Map(group);
        DirectUpload.Map(group);
        ImageReprocessing.Map(app);
        return group;
    }

    private static async Task<Results<Accepted<ImageAccepted>, ProblemHttpResult>> UploadAsync(
        string id, HttpRequest request, ProductStore products, ImageStore images, PhotoSlots slots, ImageLimits limits, TimeProvider clock,
        ProcessingQueue queue, CancellationToken cancellationToken)
    {
        if (await products.FindManagedAsync(id, Caller.From(request.HttpContext.User), cancellationToken) is null) return Problems.NotFound("product");

        // The app caps bodies at 1 MB; photos alone get the image limit plus room for multipart framing.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = limits.MaxBytes + 64 * 1024;

        var (bytes, problem) = await UploadBody.ReadAsync(request, limits.MaxBytes, cancellationToken);
        if (problem is not null) return problem;

        var (header, reason) = ImageValidation.Check(bytes!, limits);
        if (header is null)
        {
            // Empty → 400, not an image we accept → 415, an image we refuse (too many pixels, broken) → 422.
            var status = bytes!.Length == 0 ? StatusCodes.Status400BadRequest
                : ImageSniffer.Sniff(bytes) is null ? StatusCodes.Status415UnsupportedMediaType : StatusCodes.Status422UnprocessableEntity;
            return TypedResults.Problem(new Microsoft.AspNetCore.Mvc.ValidationProblemDetails(new Dictionary<string, string[]> { ["file"] = [reason!] })
            {
                Status = status, Title = "Ảnh không hợp lệ", Detail = reason, Type = "https://ocoptrade.vn/problems/invalid-image",
            });
        }
        var image = new ProductImage(Ids.New(), id, ImageStatus.Pending, ImageSniffer.ContentType(header.Format), bytes!.Length,
            header.Width, header.Height, null, clock.GetUtcNow())
        { Position = PhotoOrder.Unplaced };
        if (await ReserveAsync(image, images, slots, limits, cancellationToken) is { } full) return full;
        await StoreOrReleaseAsync(image, slots, () => images.AddAsync(image, bytes, cancellationToken));
        await queue.SendAsync(image, cancellationToken);
        return TypedResults.Accepted($"/api/products/{id}/images/{image.Id}", new ImageAccepted(image.Id, image.Status));
    }

    private static async Task<Results<Ok<List<ImageView>>, ProblemHttpResult>> ListAsync(
        string id, HttpContext context, ProductStore products, ImageStore images, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await products.FindManagedAsync(id, Caller.From(context.User), cancellationToken) is null) return Problems.NotFound("product");
        var now = clock.GetUtcNow();
        return TypedResults.Ok((await images.ListAsync(id, cancellationToken)).Select(i => ImageView.Of(i, now)).ToList());
    }

    /// <summary>Takes one of the product's photo slots for <paramref name="image"/>, or answers that it has all its
    /// photos; parallel uploads cannot pass the cap together (<see cref="PhotoSlots"/>).</summary>
    public static async Task<ProblemHttpResult?> ReserveAsync(
        ProductImage image, ImageStore images, PhotoSlots slots, ImageLimits limits, CancellationToken cancellationToken) =>
        await slots.TryReserveAsync(image.ProductId, image.Id, await images.ListAsync(image.ProductId, cancellationToken), cancellationToken)
            ? null
            : Problems.Unprocessable("Quá nhiều ảnh", $"A product has at most {limits.MaxPerProduct} photos; delete one first.",
                new Dictionary<string, string[]> { ["file"] = [$"At most {limits.MaxPerProduct} photos per product."] });

    /// <summary>Writes the photo in its reserved slot; if the write fails, the slot is free again for the retry.</summary>
    public static async Task StoreOrReleaseAsync(ProductImage image, PhotoSlots slots, Func<Task> store)
    {
        try { await store(); }
        catch
        {
            await slots.ReleaseAsync(image.ProductId, image.Id, CancellationToken.None);
            throw;
        }
    }
}

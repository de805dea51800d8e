using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Sas;
using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Images;

public sealed record UploadUrlRequest(string? ContentType, long? Bytes);

public sealed record DirectUploadLink(string ImageId, string UploadUrl, DateTimeOffset ExpiresAt, string CompleteUrl);

/// <summary>For big files on flaky rural links: the phone PUTs the photo straight into storage through a SAS URL
/// that can create that one blob and nothing else (no read, no overwrite, no list), for ten minutes; then
/// <c>complete</c> checks it exactly as an upload through the API is checked, and queues it.</summary>
public static class DirectUpload
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private static readonly string[] Types = UploadBody.ImageTypes;

    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/upload-url", CreateAsync).Accepts<UploadUrlRequest>("application/json").ProducesProblem(422)
            .WithSummary("Direct upload, step 1: {\"contentType\",\"bytes\"} → 201 {imageId, uploadUrl, expiresAt, completeUrl}. PUT the file to uploadUrl with header 'x-ms-blob-type: BlockBlob' within 10 minutes.");
        group.MapPost("/{imageId}/complete", CompleteAsync).ProducesProblem(409)
            .WithSummary("Direct upload, step 2: validates the uploaded file and queues it; 202 with the photo (status failed with the reason if refused).");
    }

    private static async Task<Results<Created<DirectUploadLink>, ProblemHttpResult>> CreateAsync(
        string id, HttpRequest request, ProductStore products, ImageStore images, PhotoSlots slots, ImageLimits limits,
        BlobServiceClient blobs, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await products.FindManagedAsync(id, Caller.From(request.HttpContext.User), cancellationToken) is null) return Problems.NotFound("product");
        var (body, problem) = await JsonBody.ReadAsync<UploadUrlRequest>(request, cancellationToken);
        if (problem is not null) return problem;

        var errors = new FieldErrors();
        if (body!.ContentType is null || !Types.Contains(body.ContentType.Trim().ToLowerInvariant()))
            errors.Add("contentType", "One of " + string.Join(", ", Types) + ".");
        if (body.Bytes is not { } bytes || bytes < 1) errors.Add("bytes", "The file's size in bytes, at least 1.");
        else if (bytes > limits.MaxBytes) errors.Add("bytes", $"At most {limits.MaxBytes} bytes.");
        if (errors.Any) return Problems.Invalid(errors.ToDictionary());
        var now = clock.GetUtcNow();
        var expiresAt = now + Lifetime;
        var image = new ProductImage(Ids.New(), id, ImageStatus.Pending, body.ContentType!.Trim().ToLowerInvariant(), body.Bytes!.Value, 0, 0, null, now)
        {
            Position = PhotoOrder.Unplaced, Uploaded = false, UploadExpiresAt = expiresAt,
        };
        if (await ImageEndpoints.ReserveAsync(image, images, slots, limits, cancellationToken) is { } full) return full;
        await ImageEndpoints.StoreOrReleaseAsync(image, slots, () => images.AddRecordAsync(image, cancellationToken));
        var url = await SignAsync(images.OriginalBlobClient(image), blobs, now, expiresAt, cancellationToken);
        var path = $"/api/products/{id}/images/{image.Id}";
        return TypedResults.Created(path, new DirectUploadLink(image.Id, url.ToString(), expiresAt, path + "/complete"));
    }

    /// <summary>Signed with the account key where there is one (Azurite, a connection string); in Azure, where the app
    /// has only its managed identity, with a user-delegation key (Blob Data Owner may ask for one), valid as long as the link.</summary>
    public static async Task<Uri> SignAsync(BlobClient blob, BlobServiceClient blobs, DateTimeOffset now, DateTimeOffset expiresAt,
        CancellationToken cancellationToken)
    {
        var sas = new BlobSasBuilder(BlobSasPermissions.Create, expiresAt)
        {
            BlobContainerName = blob.BlobContainerName, BlobName = blob.Name, Resource = "b",
            StartsOn = now.AddMinutes(-2), // clock skew between us and storage
            Protocol = blob.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };
        if (blob.CanGenerateSasUri) return blob.GenerateSasUri(sas);
        var key = await blobs.GetUserDelegationKeyAsync(sas.StartsOn, expiresAt, cancellationToken);
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key.Value, blobs.AccountName) }.ToUri();
    }

    private static async Task<Results<Accepted<ImageView>, ProblemHttpResult>> CompleteAsync(
        string id, string imageId, HttpContext context, ProductStore products, ImageStore images, ImageLimits limits,
        ProcessingQueue queue, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await products.FindManagedAsync(id, Caller.From(context.User), cancellationToken) is null) return Problems.NotFound("product");
        if (await images.FindAsync(id, imageId, cancellationToken) is not { } image) return Problems.NotFound("image");
        if (image.UploadExpiresAt is null)
            return Problems.Conflict("This photo was uploaded through the API, not through an upload URL; there is nothing to complete.");
        var location = $"/api/products/{id}/images/{imageId}";
        if (image.Uploaded)
        {
            // Completed before: answer the same. A photo still pending is queued again in case the first message was
            // lost with a crash; processing skips a photo that is no longer pending, so nothing is made twice.
            if (image.Status == ImageStatus.Pending) await queue.SendAsync(image, cancellationToken);
            return TypedResults.Accepted(location, ImageView.Of(image, clock.GetUtcNow()));
        }

        var blob = images.OriginalBlobClient(image);
        long size;
        try { size = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ContentLength; }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return Problems.Conflict(image.UploadExpiresAt < clock.GetUtcNow()
                ? "Nothing was uploaded and the upload URL has expired; ask for a new one."
                : "Nothing has been uploaded yet: PUT the file to the upload URL first.");
        }

        string? refusal = null;
        ImageHeader? header = null;
        if (size > limits.MaxBytes) refusal = $"The photo is larger than the limit of {limits.MaxBytes} bytes.";
        else
        {
            var bytes = (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
            (header, refusal) = ImageValidation.Check(bytes, limits);
        }

        var changes = header is null
            ? new Dictionary<string, object?> { ["Uploaded"] = true, ["Status"] = nameof(ImageStatus.Failed), ["FailureReason"] = refusal, ["Bytes"] = size }
            : new Dictionary<string, object?>
            {
                ["Uploaded"] = true, ["ContentType"] = ImageSniffer.ContentType(header.Format), ["Bytes"] = size,
                ["Width"] = header.Width, ["Height"] = header.Height,
            };
        if (await images.TryMergeAsync(image, changes, cancellationToken))
        {
            // A refused file leaves nothing behind; an accepted one goes to processing.
            if (header is null) await images.DeleteOriginalAsync(image, cancellationToken);
            else await queue.SendAsync(image, cancellationToken);
        }
        // Either we won, or a concurrent "complete" did (and queued or refused it): answer what is stored now.
        return await images.FindAsync(id, imageId, cancellationToken) is { } now
            ? TypedResults.Accepted(location, ImageView.Of(now, clock.GetUtcNow()))
            : Problems.NotFound("image");
    }
}

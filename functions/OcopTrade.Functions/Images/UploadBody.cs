using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Images;

/// <summary>Reads the photo from a multipart form (field <c>file</c>, what a browser sends) or from a raw body
/// (what a script or app sends), never holding more than the limit in memory.</summary>
public static class UploadBody
{
    /// <summary>The photo types a raw body or a direct upload may declare.</summary>
    public static readonly string[] ImageTypes = ["image/jpeg", "image/png", "image/webp", "image/heic", "image/heif"];

    public static async Task<(byte[]? Bytes, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        try
        {
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(cancellationToken);
                if (form.Files.GetFile("file") is not { } file)
                    return (null, Problems.Invalid("file", "Send the photo in a form field named 'file'."));
                if (file.Length > maxBytes) return (null, TooLarge(maxBytes));
                await using var stream = file.OpenReadStream();
                return await ReadCappedAsync(stream, maxBytes, cancellationToken);
            }
            var type = request.ContentType ?? "";
            if (!type.StartsWith("image/", StringComparison.OrdinalIgnoreCase) && !type.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase))
                return (null, Problems.UnsupportedMediaType("multipart/form-data with a 'file' field, or a raw image body (image/jpeg, image/png, image/webp, image/heic)"));
            if (request.ContentLength > maxBytes) return (null, TooLarge(maxBytes));
            return await ReadCappedAsync(request.Body, maxBytes, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(maxBytes));
        }
        catch (InvalidDataException)
        {
            // Kestrel/form reader limits (multipart section too long) end up here.
            return (null, TooLarge(maxBytes));
        }
    }

    private static async Task<(byte[]?, ProblemHttpResult?)> ReadCappedAsync(Stream stream, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes) return (null, TooLarge(maxBytes));
            buffer.Write(chunk, 0, read);
        }
        return (buffer.ToArray(), null);
    }

    private static ProblemHttpResult TooLarge(long maxBytes) =>
        Problems.Problem(StatusCodes.Status413PayloadTooLarge, "Ảnh quá lớn", $"The photo is larger than the limit of {maxBytes} bytes.", "too-large");
}

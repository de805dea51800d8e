using NetVips;

namespace OcopTrade.Functions.Images;

public sealed record ImageHeader(ImageFormat Format, int Width, int Height);

/// <summary>Refuses what must not be processed, cheapest check first: bytes sniffed, then the header read for its
/// dimensions (libvips opens lazily, so no pixels are decoded yet), then one full decode that fails on truncation.</summary>
public static class ImageValidation
{
    public static (ImageHeader? Header, string? Reason) Check(byte[] bytes, ImageLimits limits)
    {
        if (bytes.Length == 0) return (null, "The file is empty.");
        if (ImageSniffer.Sniff(bytes) is not { } format)
            return (null, "Not a JPEG, PNG, WebP or HEIC/HEIF image (the type is read from the bytes; SVG is not accepted).");
        try
        {
            using var image = Image.NewFromBuffer(bytes, access: Enums.Access.Sequential, failOn: Enums.FailOn.Truncated);
            if ((long)image.Width * image.Height > limits.MaxPixels)
                return (null, $"The image is {image.Width} × {image.Height} pixels; the limit is {limits.MaxPixels} pixels.");
            if (HeicDecoder.IsHevc(bytes))
            {
                // iPhone HEIC: the header passed the pixel limit; the full decode goes the other way.
                using var decoded = HeicDecoder.Decode(bytes, limits.MaxPixels);
                return (new ImageHeader(format, decoded.Width, decoded.Height), null);
            }
            // Min() pulls every pixel through the decoder; with failOn truncated a cut-off file throws here.
            _ = image.Min();
            return (new ImageHeader(format, image.Width, image.Height), null);
        }
        catch (VipsException e)
        {
            return (null, "The image could not be decoded: " + FirstLine(e.Message));
        }
    }

    private static string FirstLine(string message) =>
        message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "unknown error";
}

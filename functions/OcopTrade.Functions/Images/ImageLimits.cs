namespace OcopTrade.Functions.Images;

/// <summary>How big an upload may be, in bytes and in pixels. Pixels matter more: a 30 000 × 30 000 PNG compresses
/// to a few KB but would need gigabytes to decode.</summary>
public sealed record ImageLimits(long MaxBytes, long MaxPixels)
{
    public const long DefaultMaxBytes = 25L * 1024 * 1024;
    public const long DefaultMaxPixels = 60_000_000;

    public static ImageLimits From(IConfiguration configuration) => new(
        configuration.GetValue("Images:MaxBytes", DefaultMaxBytes),
        configuration.GetValue("Images:MaxPixels", DefaultMaxPixels));
}

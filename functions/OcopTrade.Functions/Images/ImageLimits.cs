namespace OcopTrade.Functions.Images;

/// <summary>How big an upload may be, in bytes and in pixels, and how many photos a product may have. Pixels matter
/// more than bytes: a 30 000 × 30 000 PNG compresses to a few KB but would need gigabytes to decode. The count
/// stays within one entity-group transaction (100), which is how order and primary change atomically.</summary>
public sealed record ImageLimits(long MaxBytes, long MaxPixels, int MaxPerProduct = ImageLimits.DefaultMaxPerProduct, int MaxConcurrentRenders = 2)
{
    public const long DefaultMaxBytes = 25L * 1024 * 1024;
    public const long DefaultMaxPixels = 60_000_000;
    public const int DefaultMaxPerProduct = 30;

    public static ImageLimits From(IConfiguration configuration) => new(
        configuration.GetValue("Images:MaxBytes", DefaultMaxBytes),
        configuration.GetValue("Images:MaxPixels", DefaultMaxPixels),
        Math.Clamp(configuration.GetValue("Images:MaxPerProduct", DefaultMaxPerProduct), 1, 100),
        Math.Max(1, configuration.GetValue("Images:MaxConcurrentRenders", Math.Max(2, Environment.ProcessorCount))));
}

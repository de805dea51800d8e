using System.Security.Cryptography;
using NetVips;

namespace OcopTrade.Functions.Images;

public sealed record Rendition(string Name, string Format, int Width, int Height, long Bytes, string Url);

public sealed record RenderedFile(string Name, string Format, int Width, int Height, byte[] Bytes);

/// <summary>Turns an original into what pages and marketplaces show: upright, sRGB, no metadata at all (EXIF, GPS,
/// XMP, ICC), never upscaled. Output is a pure function of the input bytes, so a retried message writes the same blobs.</summary>
public static class Renditions
{
    public static readonly int[] LongEdges = [320, 800, 1600];
    public const int Square = 1000;

    /// <summary>The renditions, the placeholder colour, and the upright size (what a page lays out).</summary>
    public static (List<RenderedFile> Files, string DominantColour, int Width, int Height) Render(byte[] original)
    {
        // Random access: autorot needs the whole frame. Only the first page of an animation is loaded.
        using var loaded = Image.NewFromBuffer(original, failOn: Enums.FailOn.Truncated);
        using var upright = loaded.Autorot();
        using var srgb = ToSrgb(upright);
        using var flat = srgb.HasAlpha() ? srgb.Flatten(background: [255, 255, 255]) : srgb.Copy();
        using var image = flat.Format == Enums.BandFormat.Uchar ? flat.Copy() : flat.Cast(Enums.BandFormat.Uchar);

        var files = new List<RenderedFile>();
        var longEdge = Math.Max(image.Width, image.Height);
        foreach (var edge in LongEdges)
        {
            using var sized = edge < longEdge ? image.Resize((double)edge / longEdge) : image.Copy();
            files.Add(new($"w{edge}.webp", "webp", sized.Width, sized.Height, sized.WebpsaveBuffer(q: 80, keep: Enums.ForeignKeep.None)));
            files.Add(new($"w{edge}.jpg", "jpeg", sized.Width, sized.Height,
                sized.JpegsaveBuffer(q: 82, optimizeCoding: true, interlace: true, keep: Enums.ForeignKeep.None)));
        }

        using (var fit = Square < longEdge ? image.Resize((double)Square / longEdge) : image.Copy())
        using (var square = fit.Gravity(Enums.CompassDirection.Centre, Square, Square, extend: Enums.Extend.Background, background: [255, 255, 255]))
            files.Add(new($"square{Square}.jpg", "jpeg", Square, Square, square.JpegsaveBuffer(q: 85, keep: Enums.ForeignKeep.None)));

        return (files, Dominant(image), image.Width, image.Height);
    }

    public static string ContentHash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];

    private static Image ToSrgb(Image image)
    {
        // An embedded profile (CMYK from print shops, Display P3 from iPhones) is honoured, then dropped with the rest.
        if (image.Contains("icc-profile-data"))
        {
            try { return image.IccTransform("srgb", embedded: true, intent: Enums.Intent.Perceptual); }
            catch (VipsException) { /* a broken profile: fall back to the colourspace maths below */ }
        }
        return image.Colourspace(Enums.Interpretation.Srgb);
    }

    /// <summary>The most common colour, not the mean: a red jar on a white table should wait on white (or red),
    /// never on the pink no pixel has. A 64-px copy is binned 8 levels per channel (512 bins); the answer is the
    /// average of the pixels in the fullest bin, so it is a colour that really occurs, without the bin's banding.</summary>
    public static string Dominant(Image image)
    {
        using var tiny = image.Resize(Math.Min(1.0, 64.0 / Math.Max(image.Width, image.Height)));
        using var rgb = tiny.Bands >= 3 ? tiny.ExtractBand(0, n: 3) : tiny.Bandjoin(tiny, tiny);
        var pixels = rgb.WriteToMemory();
        var count = new int[512];
        var sum = new long[512 * 3];
        for (var p = 0; p + 2 < pixels.Length; p += 3)
        {
            var bin = (pixels[p] >> 5) << 6 | (pixels[p + 1] >> 5) << 3 | pixels[p + 2] >> 5;
            count[bin]++;
            sum[bin * 3] += pixels[p]; sum[bin * 3 + 1] += pixels[p + 1]; sum[bin * 3 + 2] += pixels[p + 2];
        }
        var best = Array.IndexOf(count, count.Max());
        var n = Math.Max(1, count[best]);
        return $"#{sum[best * 3] / n:x2}{sum[best * 3 + 1] / n:x2}{sum[best * 3 + 2] / n:x2}";
    }
}

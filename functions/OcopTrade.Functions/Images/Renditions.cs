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

    public static (List<RenderedFile> Files, string DominantColour) Render(byte[] original)
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

        return (files, Dominant(image));
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

    /// <summary>The average colour of a tiny copy: good enough as a placeholder while the photo loads.</summary>
    private static string Dominant(Image image)
    {
        using var tiny = image.Resize(Math.Min(1.0, 16.0 / Math.Max(image.Width, image.Height)));
        var bands = Enumerable.Range(0, Math.Min(3, tiny.Bands)).Select(b => { using var band = tiny.ExtractBand(b); return (int)Math.Round(band.Avg()); }).ToList();
        while (bands.Count < 3) bands.Add(bands[0]);
        return $"#{bands[0]:x2}{bands[1]:x2}{bands[2]:x2}";
    }
}

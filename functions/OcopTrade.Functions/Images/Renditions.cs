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

    static Renditions()
    {
        // libvips' operation cache keeps recent decoded images for reuse; every photo here is new, so it would only
        // hold memory (it is what pushed four concurrent 12 MP photos past 300 MB).
        Cache.Max = 0;
        LimitMallocArenas();
    }

    /// <summary>glibc gives each thread that allocates its own malloc arena (up to 8 per core); libvips' worker
    /// threads then keep freed pixel buffers in many arenas, and resident memory grows with concurrency. Two arenas
    /// is what libvips' and sharp's authors recommend (MALLOC_ARENA_MAX=2); set here so no deployment setting is
    /// needed. It must run before the worker threads start; elsewhere (musl, not Linux) it is skipped.</summary>
    private static void LimitMallocArenas()
    {
        if (!OperatingSystem.IsLinux()) return;
        try { _ = Mallopt(MArenaMax, 2); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
    }

    private const int MArenaMax = -8;

    [System.Runtime.InteropServices.DllImport("libc.so.6", EntryPoint = "mallopt")]
    private static extern int Mallopt(int param, int value);

    /// <summary>The renditions, the placeholder colour, and the upright size (what a page lays out).</summary>
    public static (List<RenderedFile> Files, string DominantColour, int Width, int Height) Render(byte[] original)
    {
        // The header alone gives the upright size (orientation 5–8 swaps the sides) without decoding a pixel.
        int width, height;
        using (var header = Image.NewFromBuffer(original, access: Enums.Access.Sequential))
        {
            var swap = header.Contains("orientation") && header.Get("orientation") is int o && o >= 5;
            (width, height) = swap ? (header.Height, header.Width) : (header.Width, header.Height);
        }

        // One decode, at the size of the largest rendition: thumbnail shrinks on load where the format can (JPEG
        // decodes at 1/2, 1/4, 1/8; WebP and HEIF at any scale), turns the photo upright, imports an embedded
        // profile (CMYK, Display P3) into sRGB and loads only the first frame of an animation. Everything smaller
        // is made from this copy in memory.
        var largest = LongEdges.Max();
        // fail-on goes to the loader in the option string: thumbnail's own failOn argument does not reach it (a truncated
        // JPEG would come out grey at the bottom instead of failing).
        using var thumb = Thumbnail(original, largest);
        using var srgb = thumb.Interpretation == Enums.Interpretation.Srgb ? thumb.Copy() : thumb.Colourspace(Enums.Interpretation.Srgb);
        using var flat = srgb.HasAlpha() ? srgb.Flatten(background: [255, 255, 255]) : srgb.Copy();
        using var cast = flat.Format == Enums.BandFormat.Uchar ? flat.Copy() : flat.Cast(Enums.BandFormat.Uchar);
        using var image = cast.CopyMemory();

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

        return (files, Dominant(image), width, height);
    }

    private static Image Thumbnail(byte[] original, int largest)
    {
        if (!HeicDecoder.IsHevc(original))
            return Image.ThumbnailBuffer(original, largest, optionString: "fail-on=truncated", height: largest, size: Enums.Size.Down);
        using var decoded = HeicDecoder.Decode(original, long.MaxValue); // limits were checked at upload
        return decoded.ThumbnailImage(largest, height: largest, size: Enums.Size.Down, noRotate: true);
    }

    public static string ContentHash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];

    /// <summary>The most common colour, not the mean: a red jar on a white table should wait on white (or red),
    /// never on the pink no pixel has. A 64-px copy is binned 8 levels per channel (512 bins); the answer is the
    /// average of the pixels in the fullest bin, so it is a colour that really occurs, without the bin's banding.</summary>
    public static string Dominant(Image image)
    {
        using var tiny = image.Resize(Math.Min(1.0, 64.0 / Math.Max(image.Width, image.Height)));
        using var rgb = tiny.Bands >= 3 ? tiny.ExtractBand(0, n: 3) : tiny.Bandjoin(tiny, tiny);
        var pixels = rgb.WriteToMemory<byte>();
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

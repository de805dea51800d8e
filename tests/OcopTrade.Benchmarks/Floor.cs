using NetVips;
using OcopTrade.Functions.Images;

namespace OcopTrade.Benchmarks;

/// <summary>The floor for the seven renditions: the least libvips can do to make them. One decode, shrunk on load to
/// the largest size (JPEG at 1/2, 1/4, 1/8), held in memory; the two smaller sizes resized from it; seven encodes with
/// the app's settings (HEIC, which NetVips.Native cannot read, through the app's decoder). No upright-size probe,
/// no sRGB or alpha handling, no dominant colour: what any pipeline making these files pays, so ours against it
/// shows what our own steps cost.</summary>
public static class Floor
{
    public static long Render(byte[] original)
    {
        var largest = Renditions.LongEdges.Max();
        using var thumb = Decode(original, largest);
        using var image = thumb.CopyMemory();
        var longEdge = Math.Max(image.Width, image.Height);
        long bytes = 0;
        foreach (var edge in Renditions.LongEdges)
        {
            using var sized = edge < longEdge ? image.Resize((double)edge / longEdge) : image.Copy();
            bytes += sized.WebpsaveBuffer(q: 80, keep: Enums.ForeignKeep.None).Length;
            bytes += sized.JpegsaveBuffer(q: 82, optimizeCoding: true, interlace: true, keep: Enums.ForeignKeep.None)
                .Length;
        }
        var square = Renditions.Square;
        using var fit = square < longEdge ? image.Resize((double)square / longEdge) : image.Copy();
        using var padded = fit.Gravity(Enums.CompassDirection.Centre, square, square, extend: Enums.Extend.Background,
            background: [255, 255, 255]);
        return bytes + padded.JpegsaveBuffer(q: 85, keep: Enums.ForeignKeep.None).Length;
    }

    /// <summary>Shrink-on-load where libvips can; HEVC through the app's own decoder, as NetVips.Native has none.
    /// </summary>
    private static Image Decode(byte[] original, int largest)
    {
        if (!HeicDecoder.IsHevc(original))
            return Image.ThumbnailBuffer(original, largest, height: largest, size: Enums.Size.Down);
        using var decoded = HeicDecoder.Decode(original, long.MaxValue);
        return decoded.ThumbnailImage(largest, height: largest, size: Enums.Size.Down);
    }
}

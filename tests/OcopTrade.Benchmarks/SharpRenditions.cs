using OcopTrade.Functions.Images;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Processing;

namespace OcopTrade.Benchmarks;

/// <summary>The same seven files made with SixLabors.ImageSharp 2.1.13 (benchmark only, never the app): the managed
/// alternative to NetVips. ImageSharp 2 cannot shrink a JPEG while decoding it, writes no progressive JPEG and reads
/// no HEIC; what it cannot read is reported as such.</summary>
public static class SharpRenditions
{
    public static bool CanRead(byte[] original) => Image.DetectFormat(original) is not null;

    public static long Render(byte[] original)
    {
        using var image = Image.Load(original);
        image.Mutate(x => x.AutoOrient());
        image.Metadata.ExifProfile = null;
        image.Metadata.IccProfile = null;
        image.Metadata.XmpProfile = null;
        var longEdge = Math.Max(image.Width, image.Height);
        long bytes = 0;
        foreach (var edge in Renditions.LongEdges)
        {
            using var sized = image.Clone(x => Fit(x, edge, longEdge));
            bytes += Save(sized, new WebpEncoder { Quality = 80 });
            bytes += Save(sized, new JpegEncoder { Quality = 82 });
        }
        var square = Renditions.Square;
        using var padded = image.Clone(x => Fit(x, square, longEdge).Pad(square, square, Color.White));
        return bytes + Save(padded, new JpegEncoder { Quality = 85 });
    }

    private static IImageProcessingContext Fit(IImageProcessingContext x, int edge, int longEdge) =>
        edge < longEdge ? x.Resize(new ResizeOptions { Size = new Size(edge, edge), Mode = ResizeMode.Max }) : x;

    private static long Save(Image image, SixLabors.ImageSharp.Formats.IImageEncoder encoder)
    {
        using var output = new MemoryStream();
        image.Save(output, encoder);
        return output.Length;
    }
}

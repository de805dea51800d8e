using ImageMagick;
using NetVips;

namespace OcopTrade.Functions.Images;

/// <summary>iPhone photos are HEIC: HEVC inside a HEIF container. NetVips.Native's libheif carries AVIF codecs only
/// (no libde265), so HEVC is decoded by Magick.NET, whose native library bundles libheif with libde265, and handed
/// to libvips as plain sRGB pixels; everything after (sizes, formats, stripping) is the same pipeline.</summary>
public static class HeicDecoder
{
    /// <summary>True for HEIF whose primary image is HEVC, which libvips here cannot decode; AVIF stays with libvips.
    /// Read from the header libvips parses (heif-compression), not from an error message: libvips' error buffer is
    /// process-wide, so with photos decoding in parallel a message can belong to another thread.</summary>
    public static bool IsHevc(byte[] bytes)
    {
        if (ImageSniffer.Sniff(bytes) != ImageFormat.Heif) return false;
        using var header = Image.NewFromBuffer(bytes, access: Enums.Access.Sequential);
        return header.Contains("heif-compression") && header.Get("heif-compression") is string c && c == "hevc";
    }

    /// <summary>Decodes the first (primary) image. libheif applies the container's rotation and mirroring (irot,
    /// imir) while decoding, which is how iPhones store orientation, so the result is upright and must not be
    /// rotated again by its EXIF tag. Throws <see cref="VipsException"/> on a broken file, like libvips would.</summary>
    public static Image Decode(byte[] bytes, long maxPixels)
    {
        try
        {
            using var magick = new MagickImage();
            magick.Ping(bytes, new MagickReadSettings { Format = MagickFormat.Heic });
            if ((long)magick.Width * magick.Height > maxPixels)
                throw new VipsException($"The image is {magick.Width} × {magick.Height} pixels; the limit is {maxPixels} pixels.");
            magick.Read(bytes, new MagickReadSettings { Format = MagickFormat.Heic });
            // Display P3 (every recent iPhone) and other embedded profiles become sRGB here, then all metadata goes.
            if (magick.GetColorProfile() is not null) magick.TransformColorSpace(ColorProfiles.SRGB);
            magick.Strip();
            var bands = magick.HasAlpha ? 4 : 3;
            using var pixels = magick.GetPixelsUnsafe();
            var data = pixels.ToByteArray(bands == 4 ? PixelMapping.RGBA : PixelMapping.RGB)
                ?? throw new VipsException("The HEIC image has no pixels.");
            // Wraps the array without copying it (NetVips keeps it pinned until libvips lets go of the image).
            using var raw = Image.NewFromMemory(data, (int)magick.Width, (int)magick.Height, bands, Enums.BandFormat.Uchar);
            return raw.Copy(interpretation: Enums.Interpretation.Srgb);
        }
        catch (MagickException e)
        {
            throw new VipsException("heic: " + e.Message.Split('\n')[0]);
        }
    }
}

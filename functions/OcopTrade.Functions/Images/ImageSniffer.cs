namespace OcopTrade.Functions.Images;

public enum ImageFormat { Jpeg, Png, WebP, Heif }

/// <summary>The type comes from the bytes, never from the file name or the client's Content-Type: a text file
/// called .jpg or an SVG with script must not reach a decoder.</summary>
public static class ImageSniffer
{
    private static readonly string[] HeifBrands = ["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"];

    public static ImageFormat? Sniff(ReadOnlySpan<byte> b)
    {
        if (b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return ImageFormat.Jpeg;
        if (b.Length >= 8 && b[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })) return ImageFormat.Png;
        if (b.Length >= 12 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8)) return ImageFormat.WebP;
        if (b.Length >= 12 && b[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = System.Text.Encoding.ASCII.GetString(b[8..12]);
            if (HeifBrands.Contains(brand)) return ImageFormat.Heif;
        }
        return null;
    }

    public static string ContentType(ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => "image/jpeg",
        ImageFormat.Png => "image/png",
        ImageFormat.WebP => "image/webp",
        _ => "image/heif",
    };
}

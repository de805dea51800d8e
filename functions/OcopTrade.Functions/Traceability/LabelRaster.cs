using NetVips;

namespace OcopTrade.Functions.Traceability;

/// <summary>PNG labels are the SVG rasterised by libvips (librsvg inside), so the two can never disagree.</summary>
public static class LabelRaster
{
    public const int MinDpi = 72, MaxDpi = 1200;

    public static byte[] Png(string svg, int dpi)
    {
        // The SVG is sized in mm: at libvips's default 72 dpi that is 70 mm = 198 px; scale takes it to the asked dpi.
        using var image = Image.NewFromBuffer(System.Text.Encoding.UTF8.GetBytes(svg), kwargs: new VOption { { "scale", dpi / 72.0 } });
        using var flat = image.HasAlpha() ? image.Flatten(background: [255, 255, 255]) : image;
        return flat.PngsaveBuffer(compression: 6);
    }
}

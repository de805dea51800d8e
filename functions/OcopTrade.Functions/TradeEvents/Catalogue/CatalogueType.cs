using SkiaSharp;

namespace OcopTrade.Functions.TradeEvents.Catalogue;

/// <summary>The catalogue's typeface, DejaVu Sans (Bitstream Vera licence, Fonts/LICENSE.txt): it has every
/// precomposed Vietnamese letter and ★. It travels inside the assembly rather than coming from the machine, so the
/// PDF reads the same on Azure's Linux, which has no such font installed, as here; the PDF embeds only the glyphs it
/// uses.</summary>
internal static class CatalogueType
{
    public static SKTypeface Regular { get; } = Load("DejaVuSans.ttf");
    public static SKTypeface Bold { get; } = Load("DejaVuSans-Bold.ttf");

    private static SKTypeface Load(string file)
    {
        var name = "OcopTrade.Catalogue.Fonts." + file;
        using var stream = typeof(CatalogueType).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The font {name} is not embedded in the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        using var data = SKData.CreateCopy(copy.ToArray());
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException($"The font {name} is unreadable.");
    }
}

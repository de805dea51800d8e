using System.Globalization;
using System.Text;
using OcopTrade.Functions.Images;

namespace OcopTrade.Functions.PublicPages;

/// <summary>A product's ready photos as responsive pictures: WebP with a JPEG fallback at 320/800/1600 px, the
/// first eager (it is the page's largest paint), the rest lazy, each sized to its aspect ratio and painted in its
/// placeholder colour until it arrives, so nothing jumps on a slow link.</summary>
public static class ProductPhotos
{
    private const string Sizes = "(max-width: 40rem) 100vw, 40rem";

    /// <summary>The page's own stylesheet (placeholder colours) and the markup. <paramref name="images"/> come in
    /// the producer's order; the primary photo leads, and each photo's own alt text wins over the product name.</summary>
    public static (string Css, string Html) Render(IReadOnlyList<ProductImage> images, string productName)
    {
        var ready = images.Where(i => i.Status == ImageStatus.Ready && i.Renditions is { Count: > 0 })
            .OrderByDescending(i => i.Primary).ToList(); // stable: the rest keep their order
        if (ready.Count == 0) return ("", "");
        var css = new StringBuilder();
        var html = new StringBuilder();
        for (var i = 0; i < ready.Count; i++)
        {
            var image = ready[i];
            if (image.DominantColour is { Length: 7 } colour && colour[0] == '#' && colour[1..].All(char.IsAsciiHexDigit))
                css.Append(CultureInfo.InvariantCulture, $".ph{i}{{background:{colour}}}");
            if (i == 1) html.Append("<div class=\"thumbs\">");
            var widths = image.Renditions!.Where(r => r.Name.StartsWith('w')).ToList();
            var largest = widths.Where(r => r.Format == "jpeg").MaxBy(r => r.Width);
            if (largest is null) continue;
            var fallback = widths.Where(r => r.Format == "jpeg").OrderBy(r => Math.Abs(r.Width - 800)).First();
            html.Append("<figure><picture>")
                .Append("<source type=\"image/webp\" sizes=\"").Append(Sizes).Append("\" srcset=\"").Append(SrcSet(widths, "webp")).Append("\">")
                .Append("<img class=\"ph").Append(i).Append("\" src=\"").Append(PageKit.Encoder.Encode(fallback.Url))
                .Append("\" sizes=\"").Append(Sizes).Append("\" srcset=\"").Append(SrcSet(widths, "jpeg"))
                .Append(CultureInfo.InvariantCulture, $"\" width=\"{largest.Width}\" height=\"{largest.Height}\"")
                .Append(" alt=\"").Append(PageKit.Encoder.Encode(string.IsNullOrWhiteSpace(image.AltText) ? productName : image.AltText)).Append('"')
                .Append(i == 0 ? " fetchpriority=\"high\"" : " loading=\"lazy\"").Append(" decoding=\"async\"></picture></figure>");
        }
        if (ready.Count > 1) html.Append("</div>");
        return (css.ToString(), html.ToString());
    }

    private static string SrcSet(IEnumerable<Rendition> renditions, string format) =>
        // Small originals are never upscaled, so two renditions can share a width; a srcset lists each width once.
        string.Join(", ", renditions.Where(r => r.Format == format).GroupBy(r => r.Width).Select(g => g.First()).OrderBy(r => r.Width)
            .Select(r => PageKit.Encoder.Encode(r.Url) + " " + r.Width.ToString(CultureInfo.InvariantCulture) + "w"));
}

using System.Text;

namespace OcopTrade.Functions.Products;

/// <summary>"Mật ong bạc hà Mèo Vạc" → "mat-ong-bac-ha-meo-vac-7k3m9q2x1a0b". The id at the end keeps slugs unique
/// and stable when the name is edited later, and lets a page be found from its slug alone.</summary>
public static class Slug
{
    public static string For(string name, string id)
    {
        var builder = new StringBuilder();
        foreach (var c in Platform.Diacritics.Remove(name))
        {
            if (char.IsAsciiLetterOrDigit(c)) builder.Append(char.ToLowerInvariant(c));
            else if (builder.Length > 0 && builder[^1] != '-') builder.Append('-');
            if (builder.Length >= 60) break;
        }
        var words = builder.ToString().Trim('-');
        return words.Length == 0 ? id : words + "-" + id;
    }

    public static string IdOf(string slug)
    {
        var dash = slug.LastIndexOf('-');
        return dash < 0 ? slug : slug[(dash + 1)..];
    }
}

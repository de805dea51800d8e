using System.Globalization;
using System.Text;

namespace OcopTrade.Functions.Platform;

/// <summary>Vietnamese text in plain Latin letters ("Mật ong Đồng Văn" → "Mat ong Dong Van"), for the places that
/// only take ASCII: slugs, GS1 lot numbers, HTTP header parameters. Đ/đ has no decomposition, so it is mapped.
/// </summary>
public static class Diacritics
{
    public static string Remove(string text)
    {
        var decomposed = text.Replace('đ', 'd').Replace('Đ', 'D').Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) builder.Append(c);
        return builder.ToString().Normalize(NormalizationForm.FormC);
    }
}

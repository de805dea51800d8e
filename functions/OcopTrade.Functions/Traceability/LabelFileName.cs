using System.Text.RegularExpressions;
using Microsoft.Net.Http.Headers;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Traceability;

/// <summary>The name a downloaded label is saved under, "nhan-{lot}-{code}.svg". A lot is the producer's own text
/// ("../x", "Lô 5 #2"), so only its letters and digits reach a file name: without diacritics in <c>filename</c>,
/// as written in <c>filename*</c> (RFC 6266), never a path separator or a dot segment.</summary>
public static partial class LabelFileName
{
    public static ContentDispositionHeaderValue For(Batch batch, string extension) => new("attachment")
    {
        FileName = $"{Slug.For("nhan " + batch.LotNumber, batch.TraceCode)}.{extension}",
        FileNameStar = $"nhan-{Words(batch.LotNumber)}{batch.TraceCode}.{extension}",
    };

    private static string Words(string lot) =>
        NotWord().Replace(lot, "-").Trim('-') is { Length: > 0 } words ? words + "-" : "";

    [GeneratedRegex(@"[^\p{L}\p{M}\p{N}]+")]
    private static partial Regex NotWord();
}

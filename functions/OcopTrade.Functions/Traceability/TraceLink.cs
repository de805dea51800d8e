using Microsoft.AspNetCore.Http.Features;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Traceability;

/// <summary>What the QR code holds: an https URL on our own domain. With a GTIN it is a GS1 Digital Link URI
/// (/01/{GTIN-14}/10/{lot}, our code as the query parameter "c") so GS1 resolvers and retail scanners understand it;
/// without one, the short /t/{code}. Both open the same trace page.</summary>
public static class TraceLink
{
    public static string For(string baseUrl, Product product, Batch batch) =>
        product.Fields.Gtin is { } gtin && FitsInPath(batch.LotNumber)
            ? $"{baseUrl.TrimEnd('/')}/01/{Gtin.ToGtin14(gtin)}/10/{Uri.EscapeDataString(batch.LotNumber)}?c={batch.TraceCode}"
            : $"{baseUrl.TrimEnd('/')}/t/{batch.TraceCode}";

    /// <summary>The lot goes percent-encoded into one path segment, as GS1 Digital Link asks ("A/B" → A%2FB). A lot
    /// named "." or ".." cannot: browsers and HTTP clients remove such segments, even written %2E, so its label
    /// takes the short form.</summary>
    private static bool FitsInPath(string lot) => lot is not ("." or "..");

    /// <summary>Whether a Digital Link request names this batch's product and lot. The lot is read from the request
    /// line as sent and decoded once: the server's own decoding of the path leaves %2F encoded but decodes %25, so
    /// neither "A/B" nor "50%" would read back as written.</summary>
    public static bool Names(HttpContext request, string gtin14, string routeLot, Product product, Batch batch) =>
        product.Fields.Gtin is { } gtin && Gtin.ToGtin14(gtin) == gtin14
        && LotAsSent(request, routeLot) == batch.LotNumber;

    private static string LotAsSent(HttpContext request, string routeLot)
    {
        var target = request.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (target is null || !target.StartsWith('/')) return routeLot;
        var segments = target.Split('?', 2)[0].Split('/');
        return segments.Length == 5 ? Uri.UnescapeDataString(segments[4]) : routeLot;
    }
}

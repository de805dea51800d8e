using Microsoft.AspNetCore.Http.Features;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Traceability;

/// <summary>What the QR code holds: an https URL on our own domain. With a GTIN it is a GS1 Digital Link URI
/// (/01/{GTIN-14}/10/{lot}, our code as the query parameter "c") so GS1 resolvers and retail scanners understand it;
/// without one, the short /t/{code}. Both open the same trace page.</summary>
public static class TraceLink
{
    public static string For(string baseUrl, Product product, Batch batch) =>
        product.Fields.Gtin is { } gtin && FitsInPath(Gs1Lot.Of(batch.LotNumber))
            ? $"{DigitalLink(baseUrl, gtin, Gs1Lot.Of(batch.LotNumber))}?c={batch.TraceCode}"
            : $"{baseUrl.TrimEnd('/')}/t/{batch.TraceCode}";

    /// <summary>The GS1 Digital Link URI of a product (<paramref name="gs1Lot"/> null) or of one of its lots.</summary>
    public static string DigitalLink(string baseUrl, string gtin, string? gs1Lot) =>
        $"{baseUrl.TrimEnd('/')}/01/{Gtin.ToGtin14(gtin)}"
        + (gs1Lot is null ? "" : "/10/" + Gs1Lot.PathSegment(gs1Lot));

    /// <summary>The lot goes percent-encoded into one path segment, as GS1 Digital Link asks ("A/B" → A%2FB). A lot
    /// named "." or ".." cannot: browsers and HTTP clients remove such segments, even written %2E, so its label
    /// takes the short form.</summary>
    private static bool FitsInPath(string lot) => lot is not ("." or "..");

    /// <summary>The path segments of the request as sent, each decoded once. The server's own decoding of the path
    /// leaves %2F encoded but decodes %25, so neither "A/B" nor "50%" would read back as written from route values.
    /// </summary>
    public static string[] SegmentsAsSent(HttpContext request)
    {
        var target = request.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var path = target is not null && target.StartsWith('/') ? target.Split('?', 2)[0] : request.Request.Path.Value!;
        return path.Split('/').Skip(1).Select(Uri.UnescapeDataString).ToArray();
    }
}

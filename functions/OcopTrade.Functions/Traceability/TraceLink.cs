using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Traceability;

/// <summary>What the QR code holds: an https URL on our own domain. With a GTIN it is a GS1 Digital Link URI
/// (/01/{GTIN-14}/10/{lot}, our code as the query parameter "c") so GS1 resolvers and retail scanners understand it;
/// without one, the short /t/{code}. Both open the same trace page.</summary>
public static class TraceLink
{
    public static string For(string baseUrl, Product product, Batch batch) =>
        product.Fields.Gtin is { } gtin
            ? $"{baseUrl.TrimEnd('/')}/01/{Gtin.ToGtin14(gtin)}/10/{Uri.EscapeDataString(batch.LotNumber)}?c={batch.TraceCode}"
            : $"{baseUrl.TrimEnd('/')}/t/{batch.TraceCode}";
}

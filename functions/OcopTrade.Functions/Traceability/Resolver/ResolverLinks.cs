using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Traceability.Resolver;

/// <summary>One link a resolver offers: its GS1 Web Vocabulary link type (the short name, "pip"), target, title and
/// media type. Every link is in Vietnamese (hreflang vi).</summary>
public sealed record ResolverLink(string LinkType, string Href, string Title, string MediaType)
{
    public const string Vocabulary = "https://gs1.org/voc/";
    public string Relation => Vocabulary + LinkType;
}

/// <summary>What a Digital Link URI resolves to: its canonical form (the linkset's anchor), its links and the default
/// one. The resolver standard 1.2.0 asks for exactly one default link per entity (2.5.8, 5.14), which may be at a
/// less granular level than the request URI (2.5.9, 5.16); a lot-level set also carries its product's links (2.5.9
/// rule 4: the union of the levels above).</summary>
public sealed record LinkSet(string Anchor, ResolverLink? Default, IReadOnlyList<ResolverLink> Links)
{
    /// <summary>The link of a requested type, written as a CURIE (gs1:pip) or in full in either GS1 namespace (2.14,
    /// 5.24); gs1:defaultLink is the default one. Null when this URI has no such link.</summary>
    public ResolverLink? Find(string linkType)
    {
        var name = linkType.Trim() switch
        {
            var t when t.StartsWith("gs1:", StringComparison.Ordinal) => t[4..],
            var t when Uri.TryCreate(t, UriKind.Absolute, out var uri) && uri.Host is "gs1.org" or "ref.gs1.org"
                && uri.AbsolutePath.StartsWith("/voc/", StringComparison.Ordinal) => uri.AbsolutePath[5..],
            _ => null,
        };
        return name == "defaultLink" ? Default : Links.FirstOrDefault(l => l.LinkType == name);
    }
}

/// <summary>The links OCOP offers for a product and its lots. The unforgeable trace code decides what "verified"
/// means: only a lot whose code was checked gets the trace page, its default link. A lot without one has no default
/// link at all: whatever page a shopper landed on would read as "this lot is genuine", so the resolver answers that
/// it could not be verified instead (a deliberate exception to 5.16, "a default link at the entry level or higher";
/// every link type can still be asked for).</summary>
public static class ResolverLinks
{
    /// <summary>The links for <paramref name="path"/>. <paramref name="product"/> is the published product with
    /// that GTIN (null when none); <paramref name="verifiedCode"/> the trace code checked against this very lot.
    /// </summary>
    public static LinkSet For(string baseUrl, DigitalLinkPath path, Product? product, string? verifiedCode)
    {
        var links = new List<ResolverLink>();
        if (product is not null) links.AddRange(ProductLinks(baseUrl, path.Gtin14, product));
        if (path.Lot is { } lot) links.AddRange(LotLinks(baseUrl, path.Gtin14, lot, verifiedCode));
        var preferred = path.Lot is null ? "pip" : verifiedCode is not null ? "traceability" : null;
        return new LinkSet(Anchor(baseUrl, path), links.FirstOrDefault(l => l.LinkType == preferred), links);
    }

    /// <summary>The canonical URI: GTIN-14, the lot in its GS1 form, no query.</summary>
    public static string Anchor(string baseUrl, DigitalLinkPath path) =>
        TraceLink.DigitalLink(baseUrl, path.Gtin14, path.Lot is { } lot ? Gs1Lot.Of(lot) : null)
        + (path.Serial is { } serial ? "/21/" + Gs1Lot.PathSegment(serial) : "");

    private static IEnumerable<ResolverLink> ProductLinks(string baseUrl, string gtin14, Product product)
    {
        var name = product.Fields.Name!;
        yield return new ResolverLink(
            "pip", $"{baseUrl}/p/{product.Slug}", $"{name} – trang sản phẩm OCOP", "text/html");
        yield return new ResolverLink("certificationInfo", $"{baseUrl}/api/ocop-certificates/{gtin14}",
            $"Chứng nhận OCOP {product.Fields.Stars} sao – {name}", "application/json");
    }

    private static IEnumerable<ResolverLink> LotLinks(string baseUrl, string gtin14, string lot, string? verifiedCode)
    {
        if (verifiedCode is not null)
            yield return new ResolverLink("traceability", $"{baseUrl}/t/{verifiedCode}",
                $"Truy xuất nguồn gốc lô {lot} (mã đã xác minh)", "text/html");
        yield return new ResolverLink("recallStatus",
            $"{baseUrl}/api/recall-status?gtin={gtin14}&lot={Uri.EscapeDataString(lot)}",
            $"Tình trạng thu hồi lô {lot}", "application/json");
    }
}

namespace OcopTrade.Functions.Traceability.Resolver;

/// <summary>The resolver description file at /.well-known/gs1resolver (resolver standard 1.2.0, section "Resolver description file": a
/// conformant resolver SHALL publish one; its JSON schema is an artefact of the standard).</summary>
public sealed record ResolverDescription(
    string Name, string ResolverRoot, IReadOnlyList<string> SupportedPrimaryKeys,
    IReadOnlyList<LinkTypeNamespace> SupportedLinkType, bool LinkTypeDefaultCanBeLinkset, string Contact)
{
    public static ResolverDescription For(string baseUrl) => new(
        "OcopTrade – tra cứu sản phẩm OCOP theo GS1 Digital Link", baseUrl, ["01"],
        [new LinkTypeNamespace("https://gs1.org/voc/", "gs1:")], false, baseUrl + "/api/docs/");
}

public sealed record LinkTypeNamespace(string Namespace, string Prefix);

namespace OcopTrade.Functions.Traceability.Resolver;

/// <summary>The resolver description file at /.well-known/gs1resolver (resolver standard 1.2.0, section 3 and
/// conformance statement 5.21; its primary keys, 5.22): only GTINs (01); GS1 link types; a linkset is never the
/// default link (2.11); the JSON-LD context of its linksets (5.13).</summary>
public sealed record ResolverDescription(
    string Name, string ResolverRoot, IReadOnlyList<string> SupportedPrimaryKeys,
    IReadOnlyList<LinkTypeNamespace> SupportedLinkType, bool LinkTypeDefaultCanBeLinkset,
    string JsonLdContextLocation, ResolverContact Contact)
{
    public static ResolverDescription For(string baseUrl) => new(
        "OcopTrade – tra cứu sản phẩm OCOP theo GS1 Digital Link", baseUrl, ["01"],
        [new LinkTypeNamespace(ResolverLink.Vocabulary, "gs1:")], false, LinksetDocument.Context,
        new ResolverContact("OcopTrade"));
}

public sealed record LinkTypeNamespace(string Namespace, string Prefix);

/// <summary>A vCard-style contact, as the description file's schema has it.</summary>
public sealed record ResolverContact(string Fn);

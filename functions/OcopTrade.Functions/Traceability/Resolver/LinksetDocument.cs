using System.Text;
using System.Text.Json.Nodes;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Traceability.Resolver;

/// <summary>A <see cref="LinkSet"/> as the resolver standard 1.2.0 serves it: an RFC 9264 linkset (2.10:
/// application/linkset+json; each link type an array of target objects with href, a title (2.5.3), the media type
/// (2.5.5) and hreflang as an array of BCP 47 tags (2.5.4)), the default link also listed under its own link type
/// (5.12), and on every redirect the same links in an RFC 8288 Link header.</summary>
public static class LinksetDocument
{
    public const string MediaType = "application/linkset+json";

    /// <summary>The resolver standard's JSON-LD context for a linkset (its artefacts page, 1.2.0), linked from every
    /// linkset answer (2.10, conformance statement 5.13).</summary>
    public const string Context = "https://ref.gs1.org/standards/resolver/linkset-context";

    public static JsonObject Json(LinkSet set)
    {
        var context = new JsonObject { ["anchor"] = set.Anchor };
        if (set.Default is { } fallback)
            context[ResolverLink.Vocabulary + "defaultLink"] = new JsonArray(Target(fallback));
        foreach (var group in set.Links.GroupBy(l => l.Relation))
            context[group.Key] = new JsonArray(group.Select(l => (JsonNode)Target(l)).ToArray());
        return new JsonObject { ["linkset"] = new JsonArray(context) };
    }

    /// <summary>The Link header of a redirect: every link, then the linkset itself. Header values are ASCII, so the
    /// title is given without diacritics and in full as title* (RFC 8187).</summary>
    public static string Header(LinkSet set)
    {
        var links = set.Links.Select(l => Entry(l.Href, l.Relation, l.MediaType, l.Title))
            .Append($"<{set.Anchor}?linkType=linkset>; rel=\"linkset\"; type=\"{MediaType}\"");
        return string.Join(", ", links);
    }

    private static JsonObject Target(ResolverLink link) => new()
    {
        ["href"] = link.Href, ["title"] = link.Title, ["type"] = link.MediaType, ["hreflang"] = new JsonArray("vi"),
    };

    private static string Entry(string href, string relation, string type, string title) =>
        $"<{href}>; rel=\"{relation}\"; type=\"{type}\"; hreflang=\"vi\"; title=\"{Quoted(title)}\"; "
        + $"title*=UTF-8''{Uri.EscapeDataString(title)}";

    private static string Quoted(string title)
    {
        var ascii = new StringBuilder();
        foreach (var c in Diacritics.Remove(title))
            ascii.Append(c is >= ' ' and <= '~' and not ('"' or '\\' or ',') ? c : c == '–' ? '-' : ' ');
        return ascii.ToString();
    }
}

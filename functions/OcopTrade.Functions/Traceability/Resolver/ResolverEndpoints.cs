using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Platform.Contract;
using OcopTrade.Functions.Products;
using OcopTrade.Functions.PublicPages;

namespace OcopTrade.Functions.Traceability.Resolver;

/// <summary>The GS1-Conformant Resolver (standard 1.2.0, ratified January 2026; clause numbers below are its sections
/// and, after "5.", the items of its conformance statement) for the Digital Link URIs on our labels:
/// /01/{GTIN}[/10/{lot}[/21/{serial}]]. GET and HEAD redirect to the default link, or to the link type asked
/// for, or answer the linkset; OPTIONS and CORS on every route. A serial (/21/) answers as its lot: OCOP labels are
/// printed per lot, so a serial adds nothing we could resolve; it is still checked and kept in the anchor.</summary>
public static class ResolverEndpoints
{
    public const string ProductRoute = "/01/{gtin}";
    public const string LotRoute = "/01/{gtin}/10/{lot}";
    public const string SerialRoute = "/01/{gtin}/10/{lot}/21/{serial}";
    /// <summary>Anything else under /01/{gtin}/: qualifiers out of order, unknown ones, a missing value.</summary>
    public const string OtherRoute = "/01/{gtin}/{*rest}";
    public const string DescriptionRoute = "/.well-known/gs1resolver";

    public static IEndpointRouteBuilder MapResolver(this IEndpointRouteBuilder app)
    {
        var resolver = app.MapGroup("").RequireRateLimiting(RateLimits.PublicPages)
            .AddEndpointFilter(ResolverCors.Filter).WithTags("GS1 resolver");
        // The path values are bound only so the OpenAPI document names them: the handler reads the path as sent.
        Describe(resolver.MapGet(ProductRoute, (string gtin, [AsParameters] Resolution r) => ResolveAsync(r)));
        Describe(resolver.MapGet(LotRoute, (string gtin, string lot, [AsParameters] Resolution r) => ResolveAsync(r)));
        Describe(resolver.MapGet(SerialRoute,
            (string gtin, string lot, string serial, [AsParameters] Resolution r) => ResolveAsync(r)));
        Describe(resolver.MapGet(OtherRoute,
            (string gtin, string rest, [AsParameters] Resolution r) => ResolveAsync(r)));
        foreach (var route in new[] { ProductRoute, LotRoute, SerialRoute, OtherRoute })
            resolver.MapMethods(route, [HttpMethods.Options], ResolverCors.Preflight).ExcludeFromDescription();
        resolver.MapGet(DescriptionRoute, (HttpRequest request, IConfiguration configuration) =>
                TypedResults.Ok(ResolverDescription.For(BatchEndpoints.BaseUrl(request, configuration))))
            .WithSummary("The resolver description file: this resolver, its primary key (01) and link types.");
        resolver.MapMethods(DescriptionRoute, [HttpMethods.Options], ResolverCors.Preflight).ExcludeFromDescription();
        resolver.MapGet("/api/ocop-certificates/{gtin}", CertificateAsync)
            .WithSummary("The OCOP certificate of the published product with this GTIN (gs1:certificationInfo).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static void Describe(RouteHandlerBuilder endpoint) => endpoint
        .WithSummary("GS1 Digital Link: 307 to the default link or ?linkType=…; the RFC 9264 linkset for "
            + "?linkType=linkset or Accept: application/linkset+json; 400 for a malformed URI.")
        .Produces(StatusCodes.Status307TemporaryRedirect)
        .Produces<JsonObject>(StatusCodes.Status200OK, LinksetDocument.MediaType)
        .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
        .Answers(StatusCodes.Status404NotFound, "text/html");

    /// <summary>What a resolution binds besides the path: the trace code (c), the link type asked for, and the
    /// services it reads. Everything else in the query goes on to the target (the sales point, sp).</summary>
    public sealed record Resolution(
        HttpContext Context, [FromQuery(Name = "c")] string? C, [FromQuery(Name = "linkType")] string? LinkType,
        GtinProducts Gtins, TraceResolver Traces,
        IConfiguration Configuration, CancellationToken CancellationToken);

    private static async Task<IResult> ResolveAsync(Resolution request)
    {
        var (context, c, linkType, _, traces, _, cancellationToken) = request;
        var segments = TraceLink.SegmentsAsSent(context).Skip(1).ToList();
        var found = c is null ? null : await traces.ResolveAsync(c, cancellationToken);
        var errors = new FieldErrors();
        if (ReadPath(segments, found?.Batch, errors) is not { } path)
            return Problems.Invalid(errors.ToDictionary(), "Not a valid GS1 Digital Link URI.");
        (Batch Batch, Product Product)? verified =
            found is { } f && Names(path, f.Product, f.Batch) ? (f.Batch, f.Product) : null;
        var wantsLinkset = WantsLinkset(context.Request, linkType);
        if (c is not null && path.Lot is not null && verified is null) return Unverified(context, wantsLinkset);
        return await AnswerAsync(request, path, verified, wantsLinkset);
    }

    /// <summary>The request's path, or null with the errors. A label printed before lots took their GS1 form
    /// carries the lot as typed: its trace code vouches for it.</summary>
    private static DigitalLinkPath? ReadPath(List<string> segments, Batch? coded, FieldErrors errors)
    {
        if (DigitalLinkPath.Parse(segments, errors) is { } path) return path;
        return coded is not null && DigitalLinkPath.Parse(segments, new FieldErrors(), lotAsTyped: true) is { } typed
            && typed.Lot == coded.LotNumber ? typed : null;
    }

    /// <summary>The links of a valid URI, as the client asked: the linkset, a link type, or the default link.
    /// <paramref name="verified"/> is the batch whose code this lot-level URI carries, checked.</summary>
    private static async Task<IResult> AnswerAsync(
        Resolution request, DigitalLinkPath path, (Batch Batch, Product Product)? verified, bool wantsLinkset)
    {
        var (context, _, linkType, gtins, _, configuration, cancellationToken) = request;
        var product = verified is { } v ? (v.Product.Status == ProductStatus.Published ? v.Product : null)
            : await gtins.FindPublishedAsync(path.Gtin14, cancellationToken);
        var lotByDefault = path.Lot is not null && linkType is null && !wantsLinkset;
        if (product is null && verified is null && !lotByDefault) return UnknownGtin();
        // A verified lot is named as its producer typed it (titles, gs1:recallStatus); the anchor stays canonical.
        if (verified is { } known) path = path with { Lot = known.Batch.LotNumber };
        var set = ResolverLinks.For(BatchEndpoints.BaseUrl(context.Request, configuration), path, product,
            verified?.Batch.TraceCode);
        context.Response.Headers.Vary = "Accept";
        if (wantsLinkset) return Linkset(context, set);
        // Only an unverified lot lacks a default link (ResolverLinks): the shopper is told so.
        if (lotByDefault && set.Default is null) return Unverified(context, wantsLinkset: false);
        return Redirect(context, set, linkType is null ? set.Default : set.Find(linkType));
    }

    /// <summary>A valid URI we know nothing about: a plain 404 (2.4.1, 5.8).</summary>
    private static ProblemHttpResult UnknownGtin() =>
        Problems.Problem(404, "Không tìm thấy sản phẩm", "No published OCOP product carries this GTIN.",
            "unknown-gtin");

    /// <summary>Whether a lot-level URI names the product and lot of the batch its trace code belongs to: a code
    /// copied onto another product's or lot's label verifies nothing.</summary>
    private static bool Names(DigitalLinkPath path, Product product, Batch batch) =>
        path.Lot is { } lot && product.Fields.Gtin is { } gtin && Gtin.ToGtin14(gtin) == path.Gtin14
        && Gs1Lot.Names(lot, batch.LotNumber);

    /// <summary>linkType=linkset, or its older spelling "all" (2.2, 2.9), or, without a particular link type, the
    /// linkset media type or plain JSON asked for by content negotiation (2.10: the same answer is recommended for
    /// application/json).</summary>
    private static bool WantsLinkset(HttpRequest request, string? linkType) =>
        linkType is "linkset" or "all" || (linkType is null && JsonAccepted(request) is not null);

    private static string? JsonAccepted(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        if (accept.Contains(LinksetDocument.MediaType, StringComparison.OrdinalIgnoreCase))
            return LinksetDocument.MediaType;
        return accept.Contains("application/json", StringComparison.OrdinalIgnoreCase) ? "application/json" : null;
    }

    private static IResult Linkset(HttpContext context, LinkSet set)
    {
        context.Response.Headers.Link =
            $"<{LinksetDocument.Context}>; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"";
        return Results.Content(LinksetDocument.Json(set).ToJsonString(Json.Options),
            JsonAccepted(context.Request) ?? LinksetDocument.MediaType, Encoding.UTF8);
    }

    /// <summary>The link asked for (2.6.2, 5.17) or the default one, by 307 Temporary Redirect: resolution is a
    /// temporary redirect (a lot's target can change, e.g. with a recall, so clients keep using the Digital Link
    /// URI); 307 rather than 302, whose method a client may change, never 301/308, which clients keep for good. The
    /// query string goes on to the target (2.12, 5.19) without the resolver's own linkType. The Link header lists
    /// every link (the test suite's "SHOULD expose the full list of links … in an HTTP Link header when
    /// redirecting"). A link type this URI does not have is a 404 problem (2.6.2, 5.18), not a silent fallback.
    /// </summary>
    private static IResult Redirect(HttpContext context, LinkSet set, ResolverLink? target)
    {
        if (target is null)
            return Problems.Problem(404, "Không có liên kết này",
                "This GS1 Digital Link URI has no link of the type asked for; ?linkType=linkset lists those it has.",
                "link-type-not-found");
        context.Response.Headers.Link = LinksetDocument.Header(set);
        context.Response.Headers.CacheControl = "no-store"; // a lot's target can change at once (a recall)
        var query = string.Join('&', context.Request.QueryString.Value?.TrimStart('?').Split('&')
            .Where(p => p.Length > 0 && !Uri.UnescapeDataString(p.Split('=')[0]).Equals("linkType",
                StringComparison.OrdinalIgnoreCase)) ?? []);
        var location = query.Length == 0 ? target.Href : target.Href + (target.Href.Contains('?') ? '&' : '?') + query;
        return Results.Redirect(location, permanent: false, preserveMethod: true);
    }

    /// <summary>A trace code that fails its check, or belongs to another product or lot: nothing is resolved and
    /// nothing calls the lot genuine. A person scanning sees the warning page, a client asking for links a problem.
    /// </summary>
    private static IResult Unverified(HttpContext context, bool wantsLinkset)
    {
        if (wantsLinkset)
            return Problems.Problem(404, "Không xác minh được sản phẩm",
                "The trace code does not belong to this product and lot.", "unverified-code");
        PageKit.Harden(context.Response);
        return Results.Content(TracePage.Unverified(), "text/html; charset=utf-8", Encoding.UTF8, 404);
    }

    private static async Task<Results<Ok<OcopCertificateView>, ProblemHttpResult>> CertificateAsync(
        string gtin, HttpRequest request, GtinProducts gtins, IConfiguration configuration, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (!Gtin.IsValid(gtin))
            return Problems.Invalid("gtin", "A GTIN is 8, 12, 13 or 14 digits with a correct check digit.");
        var gtin14 = Gtin.ToGtin14(gtin);
        if (await gtins.FindPublishedAsync(gtin14, cancellationToken) is not { } product) return UnknownGtin();
        return TypedResults.Ok(OcopCertificateView.Of(gtin14, product, BatchEndpoints.BaseUrl(request, configuration),
            CertificateValidity.TodayInVietnam(clock)));
    }
}

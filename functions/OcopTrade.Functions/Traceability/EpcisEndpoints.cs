using System.Text.Json.Nodes;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Traceability;

/// <summary><c>GET /api/epcis/events</c>: the scan and sale log as an EPCIS 2.0 query document, for the national
/// traceability portal and retailers' systems. Department (its province) and administrator only.</summary>
public static class EpcisEndpoints
{
    public static IEndpointRouteBuilder MapEpcis(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/epcis/events", EventsAsync).RequireAuthorization().WithTags("Traceability")
            .WithSummary("Scans and sales as EPCIS 2.0 ObjectEvents (JSON-LD) in a time window of at most 31 days " +
                "(from, to: ISO 8601 with offset; default the last 7 days), pageSize 1–200; the next page is in the " +
                "Link header (rel=\"next\"), whose nextPageToken the EPCIS 2.0 query interface names.")
            .Produces<JsonObject>(200, Epcis.MediaType).ProducesProblem(400).ProducesProblem(403);
        return app;
    }

    private static async Task<IResult> EventsAsync(
        string? from, string? to, int? pageSize, string? nextPageToken, HttpContext context, EpcisLog log,
        IConfiguration configuration, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(context.User);
        if (caller.Role is not (Role.Admin or Role.Department))
            return Problems.Forbidden("The EPCIS event log is for the department and administrators.");
        var errors = new FieldErrors();
        var window = EpcisWindow.Parse(from, to, pageSize, clock.GetUtcNow(), errors);
        var cursor = EpcisCursor.Decode(nextPageToken);
        if (cursor is null) errors.Add("nextPageToken", "Not a token this endpoint gave out.");
        if (window is null || cursor is null) return Problems.Invalid(errors.ToDictionary());

        var baseUrl = BatchEndpoints.BaseUrl(context.Request, configuration);
        var (events, next) = await log.PageAsync(caller, window, cursor, baseUrl, ct);
        if (next is not null)
            context.Response.Headers.Link = $"<{baseUrl}/api/epcis/events?{window.Query(next.Encode())}>; rel=\"next\"";
        context.Response.Headers["GS1-EPCIS-Version"] = "2.0.0";
        context.Response.Headers.CacheControl = "private, no-store";
        // The next page is only in the Link header: the EPCIS schema allows no member of our own in the document.
        var document = Epcis.QueryDocument(events, baseUrl, clock.GetUtcNow());
        return Results.Text(document.ToJsonString(), Epcis.MediaType, System.Text.Encoding.UTF8);
    }
}

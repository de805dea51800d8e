using System.Text;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Platform.Contract;
using OcopTrade.Functions.PublicPages;
using OcopTrade.Functions.TradeEvents.Catalogue;

namespace OcopTrade.Functions.TradeEvents;

/// <summary>
/// An event's catalogue for its visitors: an A4 PDF to print and a page for phones. Both are public, because they
/// show only published products and the producers' public details, and a visitor at the fair has no account.
/// A cancelled event has none. Both carry an ETag of the catalogue itself: the PDF of a large fair costs a second
/// of CPU, so a phone or printer asking again for an unchanged catalogue gets a 304 instead.
/// </summary>
public static class EventCatalogueEndpoints
{
    public static IEndpointRouteBuilder MapEventCatalogues(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/events/{id}/catalogue.pdf", PdfAsync).WithTags("Trade events")
            .RequireRateLimiting(RateLimits.PublicPages).Answers(200, "application/pdf").Answers(304)
            .WithSummary("The event's catalogue as an A4 PDF: accepted producers by stall, each product with a QR " +
                "code to its public page. Public; 404 for a cancelled or unknown event.");
        app.MapGet("/events/{id}/catalogue", PageAsync).WithTags("Public pages")
            .RequireRateLimiting(RateLimits.PublicPages).AnswersPage().Answers(304)
            .WithSummary("The event's catalogue as a page for phones, in Vietnamese.");
        return app;
    }

    private static async Task<IResult> PdfAsync(
        string id, HttpContext context, EventCatalogues catalogues, CancellationToken cancellationToken)
    {
        if (await catalogues.LoadAsync(id, cancellationToken) is not { } catalogue)
            return Problems.NotFound("event");
        if (NotModified(context, catalogue)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        var name = $"danh-muc-gian-hang-{catalogue.EventId}.pdf";
        return TypedResults.File(EventCataloguePdf.Render(catalogue), "application/pdf", name);
    }

    private static async Task<IResult> PageAsync(
        string id, HttpContext context, EventCatalogues catalogues, IConfiguration configuration,
        CancellationToken cancellationToken)
    {
        EventCataloguePage.Harden(context.Response);
        if (await catalogues.LoadAsync(id, cancellationToken) is not { } catalogue)
            return Results.Content(PageKit.NotFoundHtml, "text/html; charset=utf-8", Encoding.UTF8, 404);
        if (NotModified(context, catalogue)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        var baseUrl = configuration["Ocop:PublicBaseUrl"]?.TrimEnd('/')
            ?? $"{context.Request.Scheme}://{context.Request.Host}";
        var html = EventCataloguePage.Render(catalogue, $"{baseUrl}/events/{catalogue.EventId}/catalogue",
            $"{baseUrl}/api/events/{catalogue.EventId}/catalogue.pdf");
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8);
    }

    /// <summary>Writes the catalogue's validators; true when the client already holds this very catalogue.</summary>
    private static bool NotModified(HttpContext context, EventCatalogue catalogue)
    {
        var etag = $"\"{Ids.Fingerprint(catalogue)}\"";
        context.Response.Headers.ETag = etag;
        context.Response.Headers.CacheControl = "public, max-age=300";
        return context.Request.Headers.IfNoneMatch.Any(v => v == etag || v == "*");
    }
}

using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Platform.Contract;
using OcopTrade.Functions.PublicPages;

namespace OcopTrade.Functions.Traceability;

public static class TraceEndpoints
{
    public static IEndpointRouteBuilder MapTrace(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").RequireRateLimiting(RateLimits.PublicPages);
        pages.MapGet("/t/{code}", (string code, string? sp, HttpContext context, TraceResolver resolver, ScanLog scans, CancellationToken ct) =>
                PageAsync(code, sp, context, resolver, scans, ct))
            .AnswersPage().WithTags("Traceability")
            .WithSummary("The trace page a label's QR code opens (Vietnamese, for phones).");
        pages.MapGet("/api/trace/{code}", async Task<Results<Ok<TraceView>, ProblemHttpResult>> (string code, TraceResolver resolver, CancellationToken ct) =>
                await resolver.ResolveAsync(code, ct) is { } found ? TypedResults.Ok(found.View)
                    : Problems.Problem(404, "Không xác minh được sản phẩm", "No product carries this trace code.", "unverified-code"))
            .WithTags("Traceability").WithSummary("What the trace page shows, as JSON; 404 for an unknown or forged code.");
        app.MapGet("/api/trace/flags", async Task<Results<Ok<IReadOnlyList<CodeFlag>>, ProblemHttpResult>> (
                int? days, HttpContext context, CounterfeitSignals signals, CancellationToken ct) =>
            {
                var caller = Access.Caller.From(context.User);
                if (caller.Role is not (Access.Role.Admin or Access.Role.Department))
                    return Problems.Forbidden("Counterfeit signals are for the department.");
                if (days is { } d && d is < 1 or > 90) return Problems.Invalid("days", "Between 1 and 90 days.");
                return TypedResults.Ok(await signals.FlagsAsync(caller, days ?? 7, ct));
            })
            .RequireAuthorization().WithTags("Traceability")
            .WithSummary("Codes that behave like copied labels (department): several provinces in a day, or far more scans than the lot has units.");
        return app;
    }

    private static async Task<IResult> PageAsync(
        string? code, string? salesPoint, HttpContext context, TraceResolver resolver, ScanLog scans,
        CancellationToken cancellationToken)
    {
        PageKit.Harden(context.Response);
        var found = await resolver.ResolveAsync(code, cancellationToken);
        if (found is not { } resolved)
            return Results.Content(TracePage.Unverified(), "text/html; charset=utf-8", Encoding.UTF8, 404);

        var address = ForwardedClients.Address(context);
        await scans.RecordViewAsync(
            resolved.Batch.TraceCode, salesPoint, address, context.Request.Headers.UserAgent, cancellationToken);
        context.Response.Headers.CacheControl = "no-store"; // every scan must reach us to be counted
        TracePage.Harden(context.Response, resolved.View);
        return Results.Content(TracePage.Render(resolved.View), "text/html; charset=utf-8", Encoding.UTF8);
    }
}

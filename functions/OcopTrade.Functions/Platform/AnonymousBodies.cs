using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;

namespace OcopTrade.Functions.Platform;

/// <summary>A caller nobody knows (no key, no session) may send only a small body, and must send all of it within a
/// deadline: <c>Ocop:Limits:AnonymousBodyBytes</c> (4 KiB: a sign-in form is a few hundred bytes) and
/// <c>Ocop:Limits:AnonymousBodySeconds</c>. The body is read here, before the request is admitted for work, so a
/// crowd of slow uploads to the sign-in form waits outside the load-shedding count and is cut off with 408 (or
/// 413) instead of holding the instance's capacity. Endpoints that require a key never read an anonymous body
/// (they answer 401 first); the Functions host's trigger invocations, from loopback only, are marked exempt.</summary>
public static class AnonymousBodies
{
    /// <summary>Endpoint metadata for requests whose bodies come from the platform, not from the internet.</summary>
    public sealed class Exempt;

    public static IApplicationBuilder UseAnonymousBodyLimits(this IApplicationBuilder app, IConfiguration configuration)
    {
        var limit = configuration.GetValue("Ocop:Limits:AnonymousBodyBytes", 4096);
        var deadline = TimeSpan.FromSeconds(configuration.GetValue("Ocop:Limits:AnonymousBodySeconds", 5.0));
        return app.Use(async (context, next) =>
        {
            if (!Applies(context)) { await next(); return; }
            var refusal = await BufferAsync(context, limit, deadline);
            if (refusal is null) { await next(); return; }
            context.Response.Headers.Connection = "close"; // the rest of a refused body is not worth waiting for
            await refusal.ExecuteAsync(context);
        });
    }

    private static bool Applies(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        return endpoint is not null
            && context.User.Identity?.IsAuthenticated != true
            && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true
            && endpoint.Metadata.GetMetadata<Exempt>() is null
            && !RequiresCaller(endpoint);
    }

    private static bool RequiresCaller(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null
        && endpoint.Metadata.GetMetadata<IAuthorizeData>() is not null;

    /// <summary>Reads the whole body into memory, or says why not: too large, or too slow.</summary>
    private static async Task<IResult?> BufferAsync(HttpContext context, int limit, TimeSpan deadline)
    {
        if (context.Request.ContentLength > limit) return Problems.TooLarge(limit);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(deadline);
        var body = new MemoryStream();
        var chunk = new byte[1024];
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, timeout.Token)) > 0)
            {
                if (body.Length + read > limit) return Problems.TooLarge(limit);
                body.Write(chunk, 0, read);
            }
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            return Problems.Problem(StatusCodes.Status408RequestTimeout, "Gửi dữ liệu quá chậm",
                $"The request body did not arrive within {deadline.TotalSeconds:0} seconds; nothing was done.",
                "body-timeout");
        }
        body.Position = 0;
        context.Request.Body = body;
        context.Response.RegisterForDispose(body);
        return null;
    }
}

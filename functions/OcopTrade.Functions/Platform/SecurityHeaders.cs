namespace OcopTrade.Functions.Platform;

public static class SecurityHeaders
{
    /// <summary>Headers every answer carries: nothing is sniffed into another type, framed, or leaks its URL.
    /// API answers are personal (keyed) and never cached by shared caches.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            if (context.Request.Path.StartsWithSegments("/api") && !headers.ContainsKey("Cache-Control"))
                headers.CacheControl = "no-store";
            return Task.CompletedTask;
        });
        await next();
    });
}

namespace OcopTrade.Functions.Platform;

public static class SecurityHeaders
{
    /// <summary>Any HTML answer that did not set its own policy (the public pages set a stricter, hash-based one)
    /// gets this: no script, no outside resource, no framing. A page added later is covered before anyone thinks of it.</summary>
    public const string DefaultHtmlPolicy =
        "default-src 'none'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>The API reference (Scalar) runs its own scripts and an inline start-up module; it holds no user
    /// content, so it may use what it serves itself and nothing from elsewhere.</summary>
    public const string ApiDocsPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>No page may use the camera, microphone, location or payments, except that the sales point's scanner
    /// reads labels through the camera on its own origin (<c>camera=()</c> there would leave it only typing).</summary>
    public static string PermissionsPolicy(PathString path) =>
        (path.StartsWithSegments("/portal/scan") ? "camera=(self)" : "camera=()") +
        ", microphone=(), geolocation=(), payment=()";

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
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = PermissionsPolicy(context.Request.Path);
            if (context.Request.Path.StartsWithSegments("/api") && !headers.ContainsKey("Cache-Control"))
                headers.CacheControl = "no-store";
            if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true && !headers.ContainsKey("Content-Security-Policy"))
                headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/api/docs") ? ApiDocsPolicy : DefaultHtmlPolicy;
            return Task.CompletedTask;
        });
        await next();
    });
}

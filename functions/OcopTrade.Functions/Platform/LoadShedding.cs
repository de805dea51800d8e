namespace OcopTrade.Functions.Platform;

/// <summary>Admission control: past the <see cref="Admission"/> budget, new requests are answered at once with 503
/// problem+json and <c>Retry-After</c> instead of queueing until every request times out. An overloaded instance
/// stays fast for the requests it admits, and Azure adds instances (clients retry after the pause). A request is
/// counted only once it is known who calls and an anonymous body is in (see <see cref="AnonymousBodies"/>), so
/// clients still sending count for nothing; anonymous callers have a share, callers with a key or session the
/// rest. Health probes are never shed: they must see the instance alive.</summary>
public static class LoadShedding
{
    public static IApplicationBuilder UseLoadShedding(this IApplicationBuilder app, IConfiguration configuration)
    {
        var admission = Admission.From(configuration);
        return app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api/health")) { await next(); return; }
            var anonymous = context.User.Identity?.IsAuthenticated != true;
            if (!admission.TryEnter(anonymous))
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "1";
                await Problems.Problem(503, "Hệ thống đang quá tải, vui lòng thử lại sau giây lát",
                    "The service is at capacity; nothing was done. Retry after a second.", "overloaded").ExecuteAsync(context);
                return;
            }
            try { await next(); }
            finally { admission.Leave(anonymous); }
        });
    }
}

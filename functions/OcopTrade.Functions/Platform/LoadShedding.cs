namespace OcopTrade.Functions.Platform;

/// <summary>Admission control: past <c>Ocop:Load:MaxConcurrentRequests</c> requests in flight on this instance,
/// new ones are answered at once with 503 problem+json and <c>Retry-After</c> instead of queueing until every
/// request times out. An overloaded instance stays fast for the requests it admits, and Azure adds instances
/// (clients retry after the pause). Health probes are never shed: they must see the instance alive.</summary>
public static class LoadShedding
{
    public static IApplicationBuilder UseLoadShedding(this IApplicationBuilder app, IConfiguration configuration)
    {
        var max = configuration.GetValue("Ocop:Load:MaxConcurrentRequests", 128);
        var inFlight = 0;
        return app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api/health")) { await next(); return; }
            if (Interlocked.Increment(ref inFlight) > max)
            {
                Interlocked.Decrement(ref inFlight);
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "1";
                await Problems.Problem(503, "Hệ thống đang quá tải, vui lòng thử lại sau giây lát",
                    "The service is at capacity; nothing was done. Retry after a second.", "overloaded").ExecuteAsync(context);
                return;
            }
            try { await next(); }
            finally { Interlocked.Decrement(ref inFlight); }
        });
    }
}

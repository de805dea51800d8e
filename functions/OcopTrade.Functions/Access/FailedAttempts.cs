using System.Threading.RateLimiting;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Access;

/// <summary>Wrong keys, and sign-ins with them, are counted per client address
/// (<c>Ocop:RateLimits:FailedAttemptsPerMinute</c>). Past the budget, every request from that address that presents
/// a key (header or sign-in form) gets 429 with Retry-After until the budget refills, right key or wrong: refusing
/// only the failures would let guessing go on at full speed.</summary>
public sealed class FailedAttempts(IConfiguration configuration) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _budget = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetTokenBucketLimiter(address,
            _ => RateLimits.PerMinute(configuration.GetValue("Ocop:RateLimits:FailedAttemptsPerMinute", 10))));

    /// <summary>A failed lease (with its Retry-After) while the address has no failures left, otherwise null.</summary>
    public RateLimitLease? Refusal(string address)
    {
        var lease = _budget.AttemptAcquire(address, 0);
        if (!lease.IsAcquired) return lease;
        lease.Dispose();
        return null;
    }

    public void Record(string address) => _budget.AttemptAcquire(address).Dispose();

    public void Dispose() => _budget.Dispose();
}

public static class FailedAttemptsThrottle
{
    /// <summary>Runs before authentication, so a throttled address is refused before its key is looked up.</summary>
    public static IApplicationBuilder UseFailedAttemptsThrottle(this IApplicationBuilder app) => app.Use(ThrottleAsync);

    private static async Task ThrottleAsync(HttpContext context, RequestDelegate next)
    {
        if (!PresentsKey(context.Request)) { await next(context); return; }
        var attempts = context.RequestServices.GetRequiredService<FailedAttempts>();
        var address = ForwardedClients.Address(context);
        using (var refusal = attempts.Refusal(address))
            if (refusal is not null) { await RateLimits.RejectAsync(context, refusal); return; }
        await next(context);
        if (Failed(context)) attempts.Record(address);
    }

    private static bool PresentsKey(HttpRequest request) =>
        request.Headers.ContainsKey(ApiKeyAuthentication.Header)
        || (HttpMethods.IsPost(request.Method)
            && request.Path.Equals(Sessions.SignInPath, StringComparison.OrdinalIgnoreCase));

    /// <summary>Refused as unauthenticated, or a key in the header that named nobody (even where no key is
    /// needed).</summary>
    private static bool Failed(HttpContext context) =>
        context.Response.StatusCode == StatusCodes.Status401Unauthorized
        || (context.Request.Headers.ContainsKey(ApiKeyAuthentication.Header)
            && context.User.Identity?.IsAuthenticated != true);
}

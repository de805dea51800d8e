using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace OcopTrade.Functions.Platform;

/// <summary>Per-client limits so one scraper or one stuck till cannot take the service from everyone else:
/// public pages per client address, sales-point scans per sales point, and every call made with an issued key per
/// key (<c>Ocop:RateLimits:KeyPerMinute</c>), whether the key is sent in the header or was exchanged for a portal
/// session: both share the key's budget (the operator's admin key is not limited). All answer 429 with
/// Retry-After.</summary>
public static class RateLimits
{
    public const string PublicPages = "public-pages";
    public const string SalesPointScans = "sales-point-scans";

    /// <summary>Self-registrations (a buyer's), which nobody's key vouches for: per client address
    /// (<c>Ocop:RateLimits:RegistrationsPerMinute</c>), so a script cannot fill the department's queue.</summary>
    public const string Registrations = "registrations";

    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var publicPerMinute = configuration.GetValue("Ocop:RateLimits:PublicPerMinute", 120);
        var scansPerMinute = configuration.GetValue("Ocop:RateLimits:ScansPerMinute", 60);
        var keyPerMinute = configuration.GetValue("Ocop:RateLimits:KeyPerMinute", 1200);
        var registrationsPerMinute = configuration.GetValue("Ocop:RateLimits:RegistrationsPerMinute", 6);
        var adminKey = configuration["Ocop:AdminApiKey"];
        return services.AddRateLimiter(options =>
        {
            var adminHash = adminKey is { Length: > 0 } ? Access.AccessKey.Hash(adminKey) : null;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                KeyHash(context) is { } hash
                && !(adminHash is not null && Access.AccessKey.FixedTimeEquals(hash, adminHash))
                    ? RateLimitPartition.GetTokenBucketLimiter(hash, _ => PerMinute(keyPerMinute))
                    : RateLimitPartition.GetNoLimiter(""));
            options.AddPolicy(PublicPages, context =>
                RateLimitPartition.GetTokenBucketLimiter(
                    ForwardedClients.Address(context), _ => PerMinute(publicPerMinute)));
            options.AddPolicy(Registrations, context =>
                RateLimitPartition.GetTokenBucketLimiter(
                    ForwardedClients.Address(context), _ => PerMinute(registrationsPerMinute)));
            options.AddPolicy(SalesPointScans, context =>
                RateLimitPartition.GetTokenBucketLimiter(context.Request.RouteValues["id"]?.ToString() ?? "", _ => PerMinute(scansPerMinute)));
            options.OnRejected = (rejected, _) => new ValueTask(RejectAsync(rejected.HttpContext, rejected.Lease));
        });
    }

    /// <summary>429 problem+json with the wait the lease names (a minute when it names none).</summary>
    public static Task RejectAsync(HttpContext context, RateLimitLease lease)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(60);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
        return Problems.Problem(429, "Quá nhiều yêu cầu, vui lòng thử lại sau",
            $"Too many requests; retry after {retryAfter.TotalSeconds:0} seconds.", "rate-limited")
            .ExecuteAsync(context);
    }

    /// <summary>The digest of the caller's key, from the header or from the portal session made with it, so the
    /// limiter never holds a key itself.</summary>
    private static string? KeyHash(HttpContext context) =>
        context.Request.Headers[Access.ApiKeyAuthentication.Header].ToString() is { Length: > 0 and <= 200 } key
            ? Access.AccessKey.Hash(key)
            : context.User.Identity is { IsAuthenticated: true, AuthenticationType: Access.Sessions.SchemeName }
                ? context.User.FindFirst(Access.Sessions.KeyHashClaim)?.Value
                : null;

    public static TokenBucketRateLimiterOptions PerMinute(int count) => new()
    {
        TokenLimit = count, TokensPerPeriod = Math.Max(1, count / 6), ReplenishmentPeriod = TimeSpan.FromSeconds(10),
        QueueLimit = 0, AutoReplenishment = true,
    };
}

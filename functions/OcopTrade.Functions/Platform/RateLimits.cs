using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace OcopTrade.Functions.Platform;

/// <summary>Per-client limits so one scraper or one stuck till cannot take the service from everyone else:
/// public pages per client address, sales-point scans per sales point, and every call made with an issued key per
/// key (<c>Ocop:RateLimits:KeyPerMinute</c>; the operator's admin key is not limited). All answer 429 with Retry-After.</summary>
public static class RateLimits
{
    public const string PublicPages = "public-pages";
    public const string SalesPointScans = "sales-point-scans";

    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var publicPerMinute = configuration.GetValue("Ocop:RateLimits:PublicPerMinute", 120);
        var scansPerMinute = configuration.GetValue("Ocop:RateLimits:ScansPerMinute", 60);
        var keyPerMinute = configuration.GetValue("Ocop:RateLimits:KeyPerMinute", 1200);
        var adminKey = configuration["Ocop:AdminApiKey"];
        return services.AddRateLimiter(options =>
        {
            // Partitioned by a digest of the key, so the limiter never holds a key itself.
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Request.Headers[Access.ApiKeyAuthentication.Header].ToString() is { Length: > 0 and <= 200 } key
                && !(adminKey is { Length: > 0 } && Access.AccessKey.FixedTimeEquals(key, adminKey))
                    ? RateLimitPartition.GetTokenBucketLimiter(Access.AccessKey.Hash(key), _ => PerMinute(keyPerMinute))
                    : RateLimitPartition.GetNoLimiter(""));
            options.AddPolicy(PublicPages, context => RateLimitPartition.GetTokenBucketLimiter(ClientAddress(context), _ => PerMinute(publicPerMinute)));
            options.AddPolicy(SalesPointScans, context =>
                RateLimitPartition.GetTokenBucketLimiter(context.Request.RouteValues["id"]?.ToString() ?? "", _ => PerMinute(scansPerMinute)));
            options.OnRejected = async (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(60);
                rejected.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                rejected.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
                await Problems.Problem(429, "Quá nhiều yêu cầu, vui lòng thử lại sau",
                    $"Too many requests; retry after {retryAfter.TotalSeconds:0} seconds.", "rate-limited").ExecuteAsync(rejected.HttpContext);
            };
        });
    }

    private static TokenBucketRateLimiterOptions PerMinute(int count) => new()
    {
        TokenLimit = count, TokensPerPeriod = Math.Max(1, count / 6), ReplenishmentPeriod = TimeSpan.FromSeconds(10),
        QueueLimit = 0, AutoReplenishment = true,
    };

    /// <summary>Behind Azure's front ends the caller is the last address they appended to X-Forwarded-For (earlier
    /// entries come from the client and can be forged); locally it is the socket's address.</summary>
    public static string ClientAddress(HttpContext context)
    {
        var forwarded = context.Request.Headers["X-Forwarded-For"].ToString();
        var last = forwarded.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        return last ?? context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }
}

using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace OcopTrade.Functions.Platform;

/// <summary>Kestrel's limits on clients that send slowly, chosen rather than inherited: a body must keep up
/// <c>Ocop:Limits:MinBodyBytesPerSecond</c> after a grace period, headers must arrive within
/// <c>Ocop:Limits:RequestHeadersSeconds</c>, and an idle connection closes after <c>Ocop:Limits:KeepAliveSeconds</c>.
/// Each open connection costs memory and a socket: a client that trickles bytes should not keep one for
/// minutes.</summary>
public static class SlowClients
{
    public static void Apply(KestrelServerLimits limits, IConfiguration configuration)
    {
        // A phone on a weak rural signal still sends several KiB/s; 1 KiB/s is well below any honest upload.
        var bytesPerSecond = configuration.GetValue("Ocop:Limits:MinBodyBytesPerSecond", 1024.0);
        var grace = TimeSpan.FromSeconds(configuration.GetValue("Ocop:Limits:MinBodyGraceSeconds", 5.0));
        limits.MinRequestBodyDataRate = bytesPerSecond > 0 ? new MinDataRate(bytesPerSecond, grace) : null;
        limits.RequestHeadersTimeout =
            TimeSpan.FromSeconds(configuration.GetValue("Ocop:Limits:RequestHeadersSeconds", 10.0));
        limits.KeepAliveTimeout = TimeSpan.FromSeconds(configuration.GetValue("Ocop:Limits:KeepAliveSeconds", 30.0));
    }
}

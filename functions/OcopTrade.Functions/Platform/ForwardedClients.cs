using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace OcopTrade.Functions.Platform;

/// <summary>Who the client is, for per-address limits: the socket's peer, unless that peer is a proxy listed in
/// <c>Ocop:ForwardedHeaders:KnownProxies</c> (addresses or networks, comma-separated), whose last X-Forwarded-For
/// entry is then taken. Nothing is trusted by default: anyone can send the header, so believing it from anyone
/// gives every request a fresh budget. Under Azure Functions the app's peer is the Functions host on 127.0.0.1,
/// which passes on the address Azure's front end appended, so the deployment lists 127.0.0.1.</summary>
public static class ForwardedClients
{
    private const string Setting = "Ocop:ForwardedHeaders:KnownProxies";

    /// <summary>Without a listed proxy the header is not read at all: with empty lists, ASP.NET Core's middleware
    /// would believe every peer.</summary>
    public static IApplicationBuilder UseForwardedClients(this IApplicationBuilder app, IConfiguration configuration)
    {
        var proxies = (configuration[Setting] ?? "")
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (proxies.Length == 0) return app;
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor,
            ForwardLimit = 1, // only the entry our own proxy appended; earlier ones are the client's word
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
#pragma warning disable ASPDEPR005 // the obsolete list still holds loopback by default, and is still consulted
        options.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005
        foreach (var entry in proxies) Trust(options, entry);
        return app.UseForwardedHeaders(options);
    }

    private static void Trust(ForwardedHeadersOptions options, string entry)
    {
        if (IPAddress.TryParse(entry, out var address)) options.KnownProxies.Add(address);
        else if (System.Net.IPNetwork.TryParse(entry, out var network)) options.KnownIPNetworks.Add(network);
        else throw new InvalidOperationException($"{Setting}: '{entry}' is neither an address nor a network.");
    }

    /// <summary>The client's address as limits see it (after <see cref="UseForwardedClients"/>).</summary>
    public static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}

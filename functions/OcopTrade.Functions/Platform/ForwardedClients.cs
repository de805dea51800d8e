namespace OcopTrade.Functions.Platform;

/// <summary>Who the client is, for per-address limits. The worker's only peer is its Functions host, and the
/// worker's ASP.NET Core integration believes the host's X-Forwarded-For (its last entry, which Azure's front end
/// appends with the caller's address; the local host does the same), so the connection's remote address is the
/// caller's and an address a client made up itself gains it nothing.</summary>
public static class ForwardedClients
{
    public static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}

namespace OcopTrade.Functions.Traceability.Resolver;

/// <summary>CORS on the resolver: the resolver standard 1.2.0 (conformance statement, items 1 and 3: GET, HEAD and
/// OPTIONS; "SHALL support CORS") asks for it so that apps on any origin can read links and linksets. Nothing here
/// is personal or needs a credential, so any origin may read, and the Link and Location headers are exposed to
/// scripts.</summary>
public static class ResolverCors
{
    public static async ValueTask<object?> Filter(
        EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var headers = invocation.HttpContext.Response.Headers;
        headers.AccessControlAllowOrigin = "*";
        headers.AccessControlAllowMethods = "GET, HEAD, OPTIONS";
        headers.AccessControlAllowHeaders = "Accept, Accept-Language";
        headers.AccessControlExposeHeaders = "Link, Location, Content-Type";
        return await next(invocation);
    }

    /// <summary>The answer to OPTIONS (a preflight or a plain capability query): the methods, no body.</summary>
    public static IResult Preflight(HttpContext context)
    {
        context.Response.Headers.Allow = "GET, HEAD, OPTIONS";
        context.Response.Headers.AccessControlMaxAge = "86400";
        return Results.NoContent();
    }
}

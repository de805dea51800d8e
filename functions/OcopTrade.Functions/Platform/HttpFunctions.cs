using OcopTrade.Functions.Runtime;

namespace OcopTrade.Functions.Platform;

public static class HttpFunctions
{
    /// <summary>The HTTP functions Azure must know about so it forwards their requests to us unchanged. Each is a
    /// route family; Kestrel does the fine routing. host.json sets routePrefix to "" so /p/… pages work too.</summary>
    public static IServiceCollection AddHttpFunctions(this IServiceCollection services) => services
        .AddHttpFunction("Health", "api/health", "GET")
        .AddHttpFunction("Keys", "api/keys/{*path}", "POST", "DELETE")
        .AddHttpFunction("Producers", "api/producers/{*path}", "GET", "POST", "PUT")
        .AddHttpFunction("Products", "api/products/{*path}", "GET", "POST", "PUT", "PATCH", "DELETE")
        .AddHttpFunction("Revenue", "api/revenue/{*path}", "GET", "POST")
        .AddHttpFunction("Reports", "api/reports/{*path}", "GET")
        .AddHttpFunction("Images", "api/images/{*path}", "GET", "POST")
        .AddHttpFunction("ProductPages", "p/{slug}", "GET")
        .AddHttpFunction("TracePages", "t/{code}", "GET")
        .AddHttpFunction("DigitalLinks", "01/{gtin}/10/{lot}", "GET")
        .AddHttpFunction("Trace", "api/trace/{code}", "GET")
        .AddHttpFunction("SalesPoints", "api/sales-points/{*path}", "GET", "POST")
        .AddHttpFunction("ApiReference", "api/{doc:regex(^(openapi\\.json|docs)$)}", "GET");
}

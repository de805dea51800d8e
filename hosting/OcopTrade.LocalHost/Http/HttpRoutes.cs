using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace OcopTrade.LocalHost.Http;

/// <summary>Maps each HTTP-triggered function at its route under host.json's routePrefix, for its methods, with
/// ASP.NET Core's route templates and constraints (the syntax the Functions host uses). Each route also gets a
/// last-resort endpoint that answers 405 when the path is the function's but the method is not.</summary>
public static class HttpRoutes
{
    public static void Map(IEndpointRouteBuilder endpoints, HostJson host, IEnumerable<FunctionDefinition> functions,
        HttpInvoker invoker)
    {
        var order = 0;
        foreach (var function in functions.Where(f => f.Is("httpTrigger")))
        {
            var route = function.TriggerValue("route") ?? function.Name;
            var pattern = "/" + string.Join('/', new[] { host.RoutePrefix, route.Trim('/') }
                .Where(part => part.Length > 0));
            var methods = function.Trigger["methods"]?.AsArray().Select(m => m!.GetValue<string>().ToUpperInvariant())
                .ToArray();
            var endpoint = endpoints.Map(pattern, context => invoker.InvokeAsync(context, function))
                .WithDisplayName(function.Name);
            if (methods is not { Length: > 0 }) continue;
            endpoint.WithMetadata(new HttpMethodMetadata(methods));
            endpoints.Map(pattern, context => Problems.MethodNotAllowed(context, methods))
                .WithOrder(++order).WithDisplayName($"{function.Name} (405)");
        }
    }
}

using System.Collections.Frozen;
using System.Reflection;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Azure.Functions.Worker;

namespace OcopTrade.Functions.Platform;

/// <summary>The app's HTTP handlers, declared once with ASP.NET Core's minimal API (parameter binding, results,
/// authorization and rate-limit metadata, OpenAPI), each run by the <c>[Function]</c> whose <c>[HttpTrigger]</c> has
/// its route and method. The endpoints are never routed to directly: the Functions host routes, by the triggers in
/// functions.metadata, and a function hands its request to its endpoint. The pairing is checked at start: a trigger
/// without its endpoint, or an endpoint no function serves, stops the worker.</summary>
public sealed class HttpEndpoints : IEndpointRouteBuilder
{
    private FrozenDictionary<string, FunctionEndpoint> _byFunction = FrozenDictionary<string, FunctionEndpoint>.Empty;

    public HttpEndpoints(IServiceProvider services) => ServiceProvider = services;

    public IServiceProvider ServiceProvider { get; }
    public ICollection<EndpointDataSource> DataSources { get; } = new List<EndpointDataSource>();
    public IApplicationBuilder CreateApplicationBuilder() => new ApplicationBuilder(ServiceProvider);

    public IEnumerable<RouteEndpoint> Endpoints => DataSources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>();

    /// <summary>Pairs every HTTP function of <paramref name="assembly"/> with the endpoint of the same route and
    /// method.</summary>
    public void Pair(Assembly assembly)
    {
        // A data source may build its endpoints anew on every read: these are the ones paired and run.
        var all = Endpoints.ToList();
        var endpoints = all.SelectMany(e => Methods(e).Select(m => (Key: Key(e.RoutePattern.RawText!, m), e)))
            .ToDictionary(p => p.Key, p => p.e);
        var paired = new Dictionary<string, FunctionEndpoint>();
        var problems = new List<string>();
        foreach (var function in HttpFunction.All(assembly))
        {
            var matches = function.Methods.Select(m => endpoints.GetValueOrDefault(Key(function.Route, m))).ToList();
            if (matches.Any(m => m is null) || matches.Distinct().Count() != 1)
                problems.Add($"{function.Name}: no single endpoint for {string.Join(",", function.Methods)} "
                    + function.Route);
            else paired[function.Name] = new FunctionEndpoint(matches[0]!, Template(function.Route));
        }
        var served = paired.Values.Select(p => p.Endpoint).ToHashSet();
        problems.AddRange(all.Where(e => !served.Contains(e))
            .Select(e => $"{e.RoutePattern.RawText} ({string.Join(",", Methods(e))}) has no function"));
        if (problems.Count > 0)
            throw new InvalidOperationException(
                "HTTP functions and endpoints disagree:\n" + string.Join("\n", problems));
        _byFunction = paired.ToFrozenDictionary();
    }

    /// <summary>Makes <paramref name="functionName"/>'s endpoint the request's, with its route values, so the
    /// policy middleware sees its metadata and the handler its parameters.</summary>
    public void Enter(HttpContext context, string functionName)
    {
        var function = _byFunction[functionName];
        var values = new RouteValueDictionary();
        function.Matcher.TryMatch(context.Request.Path, values);
        context.Request.RouteValues = values;
        context.SetEndpoint(function.Endpoint);
    }

    /// <summary>What an HTTP function does: run the endpoint it was paired with.</summary>
    public static Task Run(HttpRequest request) =>
        request.HttpContext.GetEndpoint()?.RequestDelegate?.Invoke(request.HttpContext)
        ?? throw new InvalidOperationException("The request reached a function without its endpoint.");

    /// <summary>A GET endpoint also answers HEAD (RFC 9110 9.3.2: same headers, no content), for the uptime and
    /// link checkers that send it; Kestrel drops the body the handler writes.</summary>
    private static IEnumerable<string> Methods(RouteEndpoint endpoint)
    {
        var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
        return methods.Contains("GET") && !methods.Contains("HEAD") ? [.. methods, "HEAD"] : methods;
    }

    private static string Key(string route, string method) =>
        method.ToUpperInvariant() + " " + route.Trim('/').ToLowerInvariant();

    private static TemplateMatcher Template(string route) =>
        new(TemplateParser.Parse(route.Trim('/')), new RouteValueDictionary());

    private sealed record FunctionEndpoint(RouteEndpoint Endpoint, TemplateMatcher Matcher);
}

/// <summary>An HTTP function as its attributes declare it.</summary>
public sealed record HttpFunction(string Name, string Route, IReadOnlyList<string> Methods)
{
    public static IEnumerable<HttpFunction> All(Assembly assembly) =>
        FunctionMethods.WithTrigger<HttpTriggerAttribute>(assembly).Select(f => new HttpFunction(f.Name,
            f.Trigger.Route ?? f.Name, (f.Trigger.Methods ?? ["GET"]).Select(m => m.ToUpperInvariant()).ToList()));
}

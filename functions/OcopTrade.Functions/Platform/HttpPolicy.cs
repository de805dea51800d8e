using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Observability;

namespace OcopTrade.Functions.Platform;

/// <summary>The policy every HTTP function runs inside, applied once here rather than in any function: correlation
/// ids, security headers and CSP, problem details (and the storage-down 503), the failed-attempt
/// throttle, key and session authentication, anonymous body limits, load shedding, the CSRF guard, authorization,
/// rate limits and the query rules. They are ASP.NET Core middleware composed once into one pipeline whose end is
/// the function itself, and they read the function's endpoint metadata (<see cref="HttpEndpoints"/>) as they would
/// under routing.</summary>
public sealed class HttpPolicy : IFunctionsWorkerMiddleware
{
    private static readonly object FunctionKey = new();
    private readonly RequestDelegate _pipeline;
    private readonly HttpEndpoints _endpoints;

    public HttpPolicy(IServiceProvider services, IConfiguration configuration, HttpEndpoints endpoints)
    {
        _endpoints = endpoints;
        var app = new ApplicationBuilder(services);
        app.UseCorrelation();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseFailedAttemptsThrottle();
        app.UseAuthentication();
        // Work is admitted only once the caller is known and an anonymous body is in: slow senders count for nothing.
        app.UseAnonymousBodyLimits(configuration);
        app.UseLoadShedding(configuration);
        app.UseSessionCsrfGuard();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseQueryRules();
        app.Run(context => ((Func<Task>)context.Items[FunctionKey]!)());
        _pipeline = app.Build();
    }

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is not { } http)
        {
            await next(context);
            return;
        }
        _endpoints.Enter(http, context.FunctionDefinition.Name);
        http.Items[FunctionKey] = () => next(context);
        // The function runs on the invocation's flow, not on Kestrel's, so Activity.Current here is not the request's
        // span: without this its storage calls, the trace a message it queues carries and the correlation tag would
        // land in traces of their own instead of the request's operation.
        if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpActivityFeature>()?.Activity is { } request)
            System.Diagnostics.Activity.Current = request;
        await _pipeline(http);
    }
}

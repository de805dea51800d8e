using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OcopTrade.LocalHost.Rpc;
using OcopTrade.LocalHost.Worker;
using Yarp.ReverseProxy.Forwarder;

namespace OcopTrade.LocalHost.Http;

/// <summary>Hands one HTTP request to the worker as the host does with ASP.NET Core integration: an
/// InvocationRequest carrying RpcHttp, and the request itself proxied, body streamed, to the worker's HttpUri with
/// x-ms-invocation-id so the worker pairs the two.</summary>
public sealed class HttpInvoker(
    LocalHostOptions options, Workers workers, IHttpForwarder forwarder, ILogger<HttpInvoker> logger)
{
    private readonly HttpMessageInvoker _client = new(new SocketsHttpHandler
    {
        UseProxy = false, AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false, ActivityHeadersPropagator = null, ConnectTimeout = TimeSpan.FromSeconds(5),
    });

    private static readonly ForwarderRequestConfig Config = new() { ActivityTimeout = TimeSpan.FromMinutes(5) };

    public async Task InvokeAsync(HttpContext context, FunctionDefinition function)
    {
        var channel = await ReadyWorkerAsync(context);
        if (channel is null) return;
        var invocationId = Guid.NewGuid().ToString();
        var invocation = channel.InvokeAsync(Request(context, function, channel, invocationId));
        context.Request.Headers["x-ms-invocation-id"] = invocationId;
        var error = await forwarder.SendAsync(context, channel.HttpUri!.ToString(), _client, Config,
            options.ActAsFrontEnd ? FrontEnd.Instance : OriginalHost.Instance);
        if (error != ForwarderError.None) { await ForwardFailedAsync(context, error, invocation); return; }
        try { await invocation.WaitAsync(TimeSpan.FromSeconds(30)); }
        catch (Exception e) when (e is WorkerGoneException or TimeoutException)
        {
            logger.LogDebug(e, "Invocation {Id} ended without a response.", invocationId);
        }
    }

    private async Task<WorkerChannel?> ReadyWorkerAsync(HttpContext context)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            timeout.CancelAfter(options.WorkerReadyTimeout);
            return await workers.ReadyAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await Problems.WorkerUnavailable(context, "The function worker is not ready yet; retry shortly.");
            return null;
        }
    }

    /// <summary>The worker died or dropped the connection: the caller gets a 503 to retry, never a hang.</summary>
    private async Task ForwardFailedAsync(HttpContext context, ForwarderError error,
        Task<InvocationResponse> invocation)
    {
        logger.LogWarning("Forwarding {Path} to the worker failed: {Error}", context.Request.Path, error);
        if (context.Response.HasStarted) { context.Abort(); return; }
        if (error == ForwarderError.RequestBodyDestination && await CompletedAsync(invocation))
        {
            await Problems.BodyRefused(context);
            return;
        }
        await Problems.WorkerUnavailable(context, "The function worker went away while handling the request.");
    }

    /// <summary>Whether the worker finished the invocation whose body it stopped reading. Alive, it refused the
    /// body (its Kestrel's size limit, then the connection closed): over HTTP/1.1 the client's send fails and the
    /// worker's 413 is lost with the connection, so the host says it again.</summary>
    private static async Task<bool> CompletedAsync(Task<InvocationResponse> invocation)
    {
        try
        {
            var response = await invocation.WaitAsync(TimeSpan.FromSeconds(5));
            return response.Result?.Status == StatusResult.Types.Status.Success;
        }
        catch (Exception e) when (e is WorkerGoneException or TimeoutException) { return false; }
    }

    internal static InvocationRequest Request(HttpContext context, FunctionDefinition function, WorkerChannel channel,
        string invocationId)
    {
        var http = new RpcHttp
        {
            Method = context.Request.Method,
            Url = context.Request.Scheme + "://" + context.Request.Host + context.Request.Path +
                context.Request.QueryString,
        };
        foreach (var (name, values) in context.Request.Headers)
            http.Headers[name.ToLowerInvariant()] = values.ToString();
        foreach (var (name, values) in context.Request.Query) http.Query[name] = values.ToString();
        var request = new InvocationRequest
        {
            InvocationId = invocationId,
            FunctionId = channel.FunctionIds[function.Name],
            TraceContext = new RpcTraceContext { TraceParent = Activity.Current?.Id ?? NewTraceParent() },
        };
        foreach (var (name, value) in context.Request.RouteValues)
            if (value?.ToString() is { } text)
            {
                http.Params[name] = text;
                request.TriggerMetadata[name] = new TypedData { String = text };
            }
        request.InputData.Add(new ParameterBinding
        {
            Name = function.TriggerName, Data = new TypedData { Http = http },
        });
        return request;
    }

    /// <summary>The worker sees the Host the client asked for, as behind the Functions host, so links it builds
    /// from the request point where the client can follow them.</summary>
    private class OriginalHost : HttpTransformer
    {
        public static readonly OriginalHost Instance = new();

        public override async ValueTask TransformRequestAsync(HttpContext context, HttpRequestMessage proxyRequest,
            string destinationPrefix, CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(context, proxyRequest, destinationPrefix, cancellationToken);
            proxyRequest.Headers.Host = context.Request.Host.Value;
            // The target exactly as the client sent it: a lot number's %2F must reach the worker as %2F, where YARP's
            // own rebuilding of the path from PathString would send %252F (dotnet/yarp#1419).
            if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget is
                { Length: > 0 } raw && raw[0] == '/')
                proxyRequest.RequestUri = new Uri(destinationPrefix.TrimEnd('/') + raw);
        }

        /// <summary>A worker that closes its connection after an answer (Kestrel does after a 408 or 413 whose body
        /// it stopped reading) has the host close the client's too: Connection is hop-by-hop and would not travel.
        /// </summary>
        public override async ValueTask<bool> TransformResponseAsync(HttpContext context,
            HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
        {
            var copied = await base.TransformResponseAsync(context, proxyResponse, cancellationToken);
            if (proxyResponse?.Headers.ConnectionClose == true) context.Response.Headers.Connection = "close";
            return copied;
        }
    }

    /// <summary>What Azure's front end does before the host sees a request: the caller's address is appended to
    /// X-Forwarded-For and the scheme set in X-Forwarded-Proto, so the worker (which believes its host's
    /// X-Forwarded-* headers) sees the real caller, and one that sends made-up forwarded addresses gains nothing.
    /// </summary>
    private sealed class FrontEnd : OriginalHost
    {
        public static new readonly FrontEnd Instance = new();

        public override async ValueTask TransformRequestAsync(HttpContext context, HttpRequestMessage proxyRequest,
            string destinationPrefix, CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(context, proxyRequest, destinationPrefix, cancellationToken);
            var forwarded = context.Request.Headers["X-Forwarded-For"].ToString();
            var caller = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            proxyRequest.Headers.Remove("X-Forwarded-For");
            proxyRequest.Headers.Remove("X-Forwarded-Proto");
            proxyRequest.Headers.Remove("X-Forwarded-Host");
            proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-For",
                forwarded.Length > 0 ? $"{forwarded}, {caller}" : caller);
            proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Proto", context.Request.Scheme);
        }
    }

    public static string NewTraceParent() =>
        $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-00";
}

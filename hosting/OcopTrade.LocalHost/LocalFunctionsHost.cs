using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OcopTrade.LocalHost.Http;
using OcopTrade.LocalHost.Triggers;
using OcopTrade.LocalHost.Worker;

namespace OcopTrade.LocalHost;

/// <summary>The local stand-in for the Functions host: the gRPC endpoint the worker connects to, the worker process,
/// the public HTTP front and the trigger listeners, started and stopped together.</summary>
public sealed class LocalFunctionsHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalFunctionsHost(WebApplication app) => _app = app;

    public Uri HttpUri { get; private set; } = null!;

    /// <summary>Where a worker connects (<c>--functions-uri</c>): one this host did not launch, too.</summary>
    public Uri RpcUri { get; private set; } = null!;

    /// <summary>Runs a queue or timer function now, as the host's admin API does (<c>POST /admin/functions/{name}
    /// </c>), and completes when it has: <paramref name="input"/> is a queue function's message.</summary>
    public Task RunFunctionAsync(string name, string? input = null, CancellationToken cancellation = default) =>
        _app.Services.GetRequiredService<TriggerDispatcher>().RunAsync(name, input, cancellation);
    /// <summary>Completes once a worker has loaded its functions (fixtures wait for it before they measure).
    /// </summary>
    public Task WorkerReadyAsync(CancellationToken cancellation) => ReadyWorkerAsync(cancellation);

    /// <summary>The current worker once ready (benchmarks reach its Kestrel directly through it).</summary>
    internal Task<WorkerChannel> ReadyWorkerAsync(CancellationToken cancellation) =>
        _app.Services.GetRequiredService<Workers>().ReadyAsync(cancellation);

    public WorkerProcess Worker => _app.Services.GetRequiredService<WorkerProcess>();

    public static async Task<LocalFunctionsHost> StartAsync(LocalHostOptions options,
        Action<ILoggingBuilder>? logging = null)
    {
        var host = new LocalFunctionsHost(Build(options, logging));
        await host._app.StartAsync();
        var addresses = host._app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        host.HttpUri = new Uri($"http://127.0.0.1:{addresses.First(a => a.Port != RpcPort(host)).Port}/");
        host.RpcUri = addresses.First(a => a.Port == RpcPort(host));
        if (options.LaunchWorker) host.Worker.Start(host.RpcUri);
        host._app.Services.GetRequiredService<TriggerHost>().Start();
        return host;
    }

    private static int RpcPort(LocalFunctionsHost host) => host._app.Services.GetRequiredService<RpcEndpoint>().Port;

    private static WebApplication Build(LocalHostOptions options, Action<ILoggingBuilder>? logging)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = options.AppDirectory, EnvironmentName = Environments.Production,
        });
        // Each proxied request would log twice at Information; the host's own lines say what matters.
        builder.Logging.AddFilter("Yarp", LogLevel.Warning);
        logging?.Invoke(builder.Logging);
        var rpc = new RpcEndpoint(FreePort());
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null; // the worker decides how large a body it accepts
            kestrel.Listen(IPAddress.Loopback, rpc.Port, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Listen(IPAddress.Any, options.HttpPort, listen => listen.Protocols = HttpProtocols.Http1);
        });
        var host = HostJson.Read(options.HostJson, options.Setting);
        builder.Services.AddSingleton(options).AddSingleton(host).AddSingleton(rpc)
            .AddSingleton(FunctionDefinition.ReadAll(options.AppDirectory))
            .AddSingleton<Workers>().AddSingleton<WorkerProcess>().AddSingleton<HttpInvoker>()
            .AddSingleton<TriggerDispatcher>().AddSingleton<TriggerHost>();
        builder.Services.AddHttpForwarder();
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = null;
            grpc.MaxSendMessageSize = null;
            grpc.IgnoreUnknownServices = true;
        });
        var app = builder.Build();
        Configure(app, rpc, host);
        return app;
    }

    private static void Configure(WebApplication app, RpcEndpoint rpc, HostJson host)
    {
        app.UseRouting();
        app.MapGrpcService<FunctionRpcService>().RequireHost($"*:{rpc.Port}");
        HttpRoutes.Map(app, host, app.Services.GetRequiredService<IReadOnlyList<FunctionDefinition>>(),
            app.Services.GetRequiredService<HttpInvoker>());
        app.MapPost("/admin/functions/{name}", RunFunction);
        app.UseEndpoints(_ => { }); // before the 404 below, which would otherwise end every request
        app.Run(Problems.NotFound);
    }

    /// <summary>The admin API's manual run of a non-HTTP function ("Manually run a non HTTP-triggered function"):
    /// 202 at once, the run in the background; body <c>{"input": "…"}</c>.</summary>
    private static async Task RunFunction(HttpContext context, string name)
    {
        var dispatcher = context.RequestServices.GetRequiredService<TriggerDispatcher>();
        if (!dispatcher.Knows(name)) { await Problems.NotFound(context); return; }
        var body = await System.Text.Json.JsonSerializer.DeserializeAsync<System.Text.Json.Nodes.JsonObject>(
            context.Request.Body, cancellationToken: context.RequestAborted);
        var input = body?["input"]?.GetValue<string>();
        _ = Task.Run(() => dispatcher.RunAsync(name, input, CancellationToken.None));
        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    /// <summary>Completes when the host is asked to stop (Ctrl+C, SIGTERM).</summary>
    public Task StoppedAsync()
    {
        var stopping = _app.Lifetime.ApplicationStopping;
        var stopped = new TaskCompletionSource();
        stopping.Register(() => stopped.TrySetResult());
        return stopped.Task;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.Services.GetRequiredService<TriggerHost>().DisposeAsync();
        await Worker.DisposeAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The loopback port of the host's gRPC endpoint (only the worker talks to it).</summary>
public sealed record RpcEndpoint(int Port);

using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OcopTrade.Functions;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Tests.Support;

/// <summary>The app's worker built inside the test process, given the settings the host gives a worker process it
/// launches (<c>Functions:Worker:HostEndpoint</c> and the rest), so it connects to that host's gRPC endpoint as a
/// launched worker would.</summary>
public static class InProcessWorker
{
    /// <param name="httpPort">Where the worker's Kestrel listens: the SDK's own choice is one port per process,
    /// which a second worker in this process could not bind.</param>
    public static IHost Build(Uri hostRpc, int httpPort, string appDirectory,
        IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection> overrides)
    {
        // The worker reads it when loading functions; the host sets it for a process it launches. Every app in this
        // process has the same one.
        Environment.SetEnvironmentVariable("FUNCTIONS_APPLICATION_DIRECTORY", appDirectory);
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Functions:Worker:HostEndpoint"] = hostRpc.ToString(),
            ["Functions:Worker:WorkerId"] = Guid.NewGuid().ToString(),
            ["Functions:Worker:RequestId"] = Guid.NewGuid().ToString(),
            ["Functions:Worker:GrpcMaxMessageLength"] = int.MaxValue.ToString(),
        });
        builder.AddOcopTrade();
        // Out of process the worker finds these through its entry assembly; here the entry assembly is the test
        // runner's, so the SDK's generated metadata provider and executor are added by hand.
        var services = new ServicesOnly(builder.Services);
        new FunctionMetadataProviderAutoStartup().Configure(services);
        new FunctionExecutorAutoStartup().Configure(services);
        builder.Services.Configure<KestrelServerOptions>(k => k.Listen(IPAddress.Loopback, httpPort));
        overrides(builder.Services);
        return builder.Build();
    }

    /// <summary>The one part of a host builder the generated startups use: adding services.</summary>
    private sealed class ServicesOnly(IServiceCollection services) : IHostBuilder
    {
        public IDictionary<object, object> Properties { get; } = new Dictionary<object, object>();

        public IHostBuilder ConfigureServices(Action<HostBuilderContext, IServiceCollection> configure)
        {
            configure(new HostBuilderContext(Properties), services);
            return this;
        }

        public IHost Build() => throw new NotSupportedException();
        public IHostBuilder ConfigureAppConfiguration(Action<HostBuilderContext, IConfigurationBuilder> c) =>
            throw new NotSupportedException();
        public IHostBuilder ConfigureContainer<T>(Action<HostBuilderContext, T> c) => throw new NotSupportedException();
        public IHostBuilder ConfigureHostConfiguration(Action<IConfigurationBuilder> c) =>
            throw new NotSupportedException();
        public IHostBuilder UseServiceProviderFactory<T>(IServiceProviderFactory<T> f) where T : notnull =>
            throw new NotSupportedException();
        public IHostBuilder UseServiceProviderFactory<T>(Func<HostBuilderContext, IServiceProviderFactory<T>> f)
            where T : notnull => throw new NotSupportedException();
    }
}

using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OcopTrade.LocalHost;

namespace OcopTrade.Tests.Support;

/// <summary>The real app as Azure runs it: the local Functions host (real HTTP on a real port, queue and timer
/// listeners on the test's own Azurite) and the isolated worker connected to it over loopback gRPC. The worker is
/// built inside the test process so tests keep their reach into it: the frozen clock, storage pipeline steps, fake
/// marketplace clients, and <see cref="Services"/>.</summary>
public class OcopApp : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key-0123456789";

    private readonly Dictionary<string, string?> _settings = new();
    private readonly List<Action<IServiceCollection>> _services = [];
    private LocalFunctionsHost? _host;
    private IHost? _worker;
    private bool _workerStarted;

    public Azurite Storage { get; }
    public AdjustableClock Clock { get; } = new();
    public Uri BaseAddress { get; private set; } = null!;
    public IServiceProvider Services => _worker?.Services ?? throw new InvalidOperationException("Not started.");
    public LocalFunctionsHost Host => _host ?? throw new InvalidOperationException("Not started.");

    public OcopApp(Azurite storage)
    {
        Storage = storage;
        Set("AzureWebJobsStorage", storage.ConnectionString);
        Set("Ocop:AdminApiKey", AdminKey);
        Set("CertificateSweepSchedule", "0 5 17 * * *");
        Set("CertificateWatchSchedule", "0 10 17 * * *");
        Set("OrderPullSchedule", "0 0 3 1 1 *"); // tests pull orders by running the function
        Set("MarketplaceTokenRefreshSchedule", "0 0 3 1 1 *"); // and refresh tokens the same way
        Set("AzureFunctionsJobHost:extensions:queues:maxPollingInterval", "00:00:00.500");
        Set("AzureFunctionsJobHost:extensions:queues:visibilityTimeout", "00:00:00");
        // Every test talks from 127.0.0.1; RateLimitTests sets real limits on an app of its own.
        Set("Ocop:RateLimits:PublicPerMinute", "100000");
        Set("Ocop:RateLimits:ScansPerMinute", "100000");
        Set("Ocop:RateLimits:KeyPerMinute", "100000");
        Set("Ocop:RateLimits:RegistrationsPerMinute", "100000");
        Set("Ocop:RateLimits:FailedAttemptsPerMinute", "100000"); // tests of wrong keys share 127.0.0.1
    }

    /// <summary>An app setting, as Azure's app settings reach both the host (bindings, host.json overrides) and
    /// the worker (configuration).</summary>
    public OcopApp Set(string key, string? value) { _settings[key] = value; return this; }

    public OcopApp WithServices(Action<IServiceCollection> configure) { _services.Add(configure); return this; }

    /// <summary>The test plays Azure's front end: the X-Forwarded-For it sends reaches the worker as the caller's
    /// address, instead of the host appending the real one (127.0.0.1 for every test).</summary>
    public OcopApp PlayingFrontEnd() { _playingFrontEnd = true; return this; }

    private bool _playingFrontEnd;

    public async Task<OcopApp> StartAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartOnceAsync();
                return this;
            }
            // The worker's port is chosen free before the worker binds it, and another test's process may take it
            // in between: that race, and only it, is tried again on another port.
            catch (IOException e) when (attempt < 3 && e.InnerException is AddressInUseException)
            {
                await DisposeAsync();
            }
            catch
            {
                await DisposeAsync(); // nobody else holds this app to stop it
                throw;
            }
        }
    }

    private async Task StartOnceAsync()
    {
        var workerPort = Azurite.FreePort();
        _host = await LocalFunctionsHost.StartAsync(new LocalHostOptions
        {
            AppDirectory = WorkerOutput, HttpPort = 0, LaunchWorker = false, Settings = HostSettings(),
            WorkerHttpUri = new Uri($"http://127.0.0.1:{workerPort}/"), ActAsFrontEnd = !_playingFrontEnd,
        }, logging => logging.SetMinimumLevel(LogLevel.Warning));
        BaseAddress = _host.HttpUri;
        _worker = InProcessWorker.Build(_host.RpcUri, workerPort, WorkerOutput, _settings, services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            foreach (var configure in _services) configure(services);
        });
        await _worker.StartAsync();
        _workerStarted = true;
        using var ready = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _host.WorkerReadyAsync(ready.Token);
        await WaitForStorageAsync();
    }

    /// <summary>Runs a queue or timer function now and waits for it, as the host's admin API starts one
    /// (<c>POST /admin/functions/{name}</c>); a failed run throws.</summary>
    public Task RunFunctionAsync(string name, string? input = null) => Host.RunFunctionAsync(name, input);

    /// <summary>The worker's build output: functions.metadata and host.json, as the host reads them in Azure.</summary>
    public static string WorkerOutput { get; } = Repository.Path("functions", "OcopTrade.Functions", "bin",
#if DEBUG
        "Debug",
#else
        "Release",
#endif
        "net10.0");

    private Dictionary<string, string> HostSettings() => _settings.Where(s => s.Value is not null)
        .ToDictionary(s => s.Key.Replace(":", "__"), s => s.Value!);

    public HttpClient Client(string? apiKey = AdminKey)
    {
        // A slow server under a loaded test run must still get to refuse an oversized body before it is sent.
        var sockets = new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(30) };
        var client = new HttpClient(new ContractCheck(ContractAsync, sockets)) { BaseAddress = BaseAddress };
        if (apiKey is not null) client.DefaultRequestHeaders.Add("x-api-key", apiKey);
        return client;
    }

    private Task<ApiContract>? _contract;

    /// <summary>The app's OpenAPI document, read once, that every answer to <see cref="Client"/> is held to.</summary>
    private Task<ApiContract> ContractAsync() => LazyInitializer.EnsureInitialized(ref _contract, async () =>
    {
        using var plain = new HttpClient { BaseAddress = BaseAddress };
        return new ApiContract(await plain.GetStringAsync("/api/openapi.json"));
    });

    private async Task WaitForStorageAsync()
    {
        using var client = Client(null);
        var last = "";
        for (var i = 0; i < 100; i++)
        {
            using var response = await client.GetAsync("/api/health");
            if (response.IsSuccessStatusCode) return;
            last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"The app never reported healthy storage; last answer: {last}");
    }

    /// <summary>Stops the app, then its storage even when stopping the app failed (or it never started): a fixture
    /// that skipped the second left an Azurite running after the test run.</summary>
    public static async Task DisposeBothAsync(OcopApp? app, Azurite? storage)
    {
        try { if (app is not null) await app.DisposeAsync(); }
        finally { if (storage is not null) await storage.DisposeAsync(); }
    }

    /// <summary>The worker first, so in-flight work finishes while the host still answers it; then the host.</summary>
    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        var worker = Interlocked.Exchange(ref _worker, null);
        var host = Interlocked.Exchange(ref _host, null);
        var started = _workerStarted;
        _workerStarted = false;
        try
        {
            if (worker is not null)
            {
                using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try { if (started) await worker.StopAsync(stopping.Token); }
                finally { worker.Dispose(); }
            }
        }
        finally { if (host is not null) await host.DisposeAsync(); }
    }
}

/// <summary>One Azurite and one app shared by the API test classes: starting them takes seconds, tests take milliseconds.</summary>
public sealed class SharedApp : IAsyncLifetime
{
    public Azurite Storage { get; private set; } = null!;
    public OcopApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Storage = await Azurite.StartAsync();
        // Tests of the shared app play Azure's front end: a view's X-Forwarded-For stands for a shopper of its own.
        App = await new OcopApp(Storage).PlayingFrontEnd().StartAsync();
    }

    public Task DisposeAsync() => OcopApp.DisposeBothAsync(App, Storage);
}

[CollectionDefinition(Name)]
public sealed class SharedAppCollection : ICollectionFixture<SharedApp>
{
    public const string Name = "Shared app";
}

/// <summary>For tests that need an app of their own: other settings, test-only functions, or storage they stop.</summary>
public abstract class OwnAppTests : IAsyncLifetime
{
    protected Azurite Storage { get; private set; } = null!;
    protected OcopApp App { get; private set; } = null!;

    protected virtual bool PersistentStorage => false;

    protected virtual OcopApp Configure(OcopApp app) => app;

    public async Task InitializeAsync()
    {
        Storage = await Azurite.StartAsync(PersistentStorage);
        App = await Configure(new OcopApp(Storage)).StartAsync();
    }

    public Task DisposeAsync() => OcopApp.DisposeBothAsync(App, Storage);
}

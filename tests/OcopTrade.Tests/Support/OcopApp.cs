using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OcopTrade.Functions.Runtime;

namespace OcopTrade.Tests.Support;

/// <summary>The real app on Kestrel (a real port, real HTTP) against its own Azurite, with the local trigger runtime
/// reading function.json files from a folder the test controls.</summary>
public class OcopApp : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key-0123456789";

    private readonly Dictionary<string, string?> _settings = new();
    private readonly List<Action<IServiceCollection>> _services = [];

    public Azurite Storage { get; }
    public AdjustableClock Clock { get; } = new();
    public string FunctionsRoot { get; } = Directory.CreateTempSubdirectory("ocop-functions-").FullName;
    public Uri BaseAddress { get; private set; } = null!;

    public OcopApp(Azurite storage)
    {
        Storage = storage;
        // Start from the committed function.json files: the runtime under test reads exactly what Azure would.
        foreach (var dir in Directory.EnumerateDirectories(Repository.Path("functions", "bindings")))
        {
            var target = Path.Combine(FunctionsRoot, Path.GetFileName(dir));
            Directory.CreateDirectory(target);
            File.Copy(Path.Combine(dir, "function.json"), Path.Combine(target, "function.json"));
        }
        Set("AzureWebJobsStorage", storage.ConnectionString);
        Set("Ocop:AdminApiKey", AdminKey);
        Set("Runtime:HostJson", Repository.Path("host.json"));
        Set("Runtime:FunctionsRoot", FunctionsRoot);
        Set("AzureFunctionsJobHost:extensions:queues:maxPollingInterval", "00:00:00.500");
        Set("AzureFunctionsJobHost:extensions:queues:visibilityTimeout", "00:00:00");
        // Every test talks from 127.0.0.1; RateLimitTests sets real limits on an app of its own.
        Set("Ocop:RateLimits:PublicPerMinute", "100000");
        Set("Ocop:RateLimits:ScansPerMinute", "100000");
        Set("Ocop:RateLimits:KeyPerMinute", "100000");
        Set("Ocop:RateLimits:FailedAttemptsPerMinute", "100000"); // tests of wrong keys share 127.0.0.1
    }

    public OcopApp Set(string key, string? value) { _settings[key] = value; return this; }

    public OcopApp WithServices(Action<IServiceCollection> configure) { _services.Add(configure); return this; }

    /// <summary>Adds a function that exists only in the test, with its own function.json, to exercise the runtime.</summary>
    public OcopApp WithQueueFunction<T>(string name, string queue) where T : class, ITriggeredFunction
    {
        _services.Add(s => s.AddQueueFunction<T>(name, queue));
        var definition = new FunctionDefinition(name, new QueueTrigger(queue));
        Directory.CreateDirectory(Path.Combine(FunctionsRoot, name));
        File.WriteAllText(Path.Combine(FunctionsRoot, name, "function.json"), definition.ToFunctionJson().ToJsonString());
        return this;
    }

    public async Task<OcopApp> StartAsync()
    {
        UseKestrel(Azurite.FreePort());
        StartServer();
        BaseAddress = ClientOptions.BaseAddress;
        try { await WaitForStorageAsync(); }
        catch
        {
            await DisposeAsync(); // nobody else holds this app to stop it
            throw;
        }
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            foreach (var configure in _services) configure(services);
        });
    }

    public HttpClient Client(string? apiKey = AdminKey)
    {
        // A slow server under a loaded test run must still get to refuse an oversized body before it is sent.
        var client = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(30) }) { BaseAddress = BaseAddress };
        if (apiKey is not null) client.DefaultRequestHeaders.Add("x-api-key", apiKey);
        return client;
    }

    private async Task WaitForStorageAsync()
    {
        using var client = Client(null);
        for (var i = 0; i < 100; i++)
        {
            if ((await client.GetAsync("/api/health")).IsSuccessStatusCode) return;
            await Task.Delay(100);
        }
        throw new InvalidOperationException("The app never reported healthy storage.");
    }

    /// <summary>Stops the app, then its storage even when stopping the app failed (or it never started): a fixture
    /// that skipped the second left an Azurite running after the test run.</summary>
    public static async Task DisposeBothAsync(OcopApp? app, Azurite? storage)
    {
        try { if (app is not null) await app.DisposeAsync(); }
        finally { if (storage is not null) await storage.DisposeAsync(); }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { Directory.Delete(FunctionsRoot, recursive: true); } catch (IOException) { }
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
        App = await new OcopApp(Storage).Set("Ocop:ForwardedHeaders:KnownProxies", "127.0.0.1, ::1").StartAsync();
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

using System.Reflection;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using OcopTrade.Tests.Support;

namespace OcopTrade.LocalHost.Tests.Support;

/// <summary>The test worker's app as one test sees it: its own queue names, records table and host.json settings,
/// run by one or more local hosts on the shared Azurite.</summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly List<LocalFunctionsHost> _hosts = [];
    private readonly string _hostJson = Path.Combine(Path.GetTempPath(), $"host-{Guid.NewGuid():N}.json");
    private readonly Azurite _azurite;

    public static string WorkerDirectory { get; } = Path.GetFullPath(typeof(TestApp).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "TestWorkerDirectory").Value!);

    public TestApp(Azurite azurite, JsonObject? queues = null, string tickSchedule = "0 0 0 1 1 *")
    {
        _azurite = azurite;
        var id = Guid.NewGuid().ToString("N")[..10];
        Settings = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["WorkQueue"] = $"work-{id}", ["FailQueue"] = $"fails-{id}", ["CrashQueue"] = $"crash-{id}",
            ["TickSchedule"] = tickSchedule,
            ["StartupSchedule"] = "0 0 0 1 1 *", ["RecordsTable"] = $"records{id}",
        };
        HostId = $"conformance-{id}";
        var host = new JsonObject
        {
            ["version"] = "2.0",
            ["extensions"] = new JsonObject
            {
                ["http"] = new JsonObject { ["routePrefix"] = "" },
                ["queues"] = queues ?? new JsonObject { ["maxPollingInterval"] = "00:00:00.500" },
            },
        };
        File.WriteAllText(_hostJson, host.ToJsonString());
    }

    public Dictionary<string, string> Settings { get; }

    /// <summary>The app's host id, shared by all its hosts (as by all instances of one Azure function app).</summary>
    public string HostId { get; }
    public HttpClient Http { get; private set; } = null!;

    public QueueClient Queue(string setting, string suffix = "") =>
        new(_azurite.ConnectionString, Settings[setting] + suffix, new QueueClientOptions
        { MessageEncoding = QueueMessageEncoding.Base64 });

    public TableClient Records => new(_azurite.ConnectionString, Settings["RecordsTable"]);

    /// <summary>Starts one more local host on the same storage (as one more Azure instance of the app).</summary>
    public async Task<LocalFunctionsHost> StartHostAsync()
    {
        var host = await LocalFunctionsHost.StartAsync(new LocalHostOptions
        {
            AppDirectory = WorkerDirectory, HostJsonPath = _hostJson, HttpPort = Azurite.FreePort(),
            Settings = Settings, HostId = HostId,
        }, logging => logging.SetMinimumLevel(LogLevel.Warning));
        _hosts.Add(host);
        // A loaded machine may take long to start a worker; no test should spend its own waits on that.
        using (var startup = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
            await host.WorkerReadyAsync(startup.Token);
        Http ??= new HttpClient { BaseAddress = host.HttpUri, Timeout = TimeSpan.FromSeconds(60) };
        return host;
    }

    /// <summary>Stops one host and its worker, as an instance going away.</summary>
    public async Task StopHostAsync(LocalFunctionsHost host)
    {
        _hosts.Remove(host);
        await host.DisposeAsync();
    }

    public BlobContainerClient HostsContainer => new(_azurite.ConnectionString, "azure-webjobs-hosts");

    public async Task<List<TableEntity>> RecordsOfAsync(string function)
    {
        try { return await Records.QueryAsync<TableEntity>(e => e.PartitionKey == function).ToListAsync(); }
        catch (Azure.RequestFailedException e) when (e.Status == 404) { return []; }
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        foreach (var host in _hosts) await host.DisposeAsync();
        File.Delete(_hostJson);
    }
}

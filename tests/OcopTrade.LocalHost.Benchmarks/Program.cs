using System.Reflection;
using Microsoft.Extensions.Logging;
using OcopTrade.LocalHost;
using OcopTrade.LocalHost.Benchmarks;
using OcopTrade.Tests.Support;

// The local host's own cost, printed as ratios against baselines measured in the same run on the same Azurite:
//   dotnet run --project tests/OcopTrade.LocalHost.Benchmarks -c Release
var workerDirectory = Path.GetFullPath(typeof(HttpBenchmark).Assembly
    .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "TestWorkerDirectory").Value!);
await using var azurite = await Azurite.StartAsync();
var settings = new Dictionary<string, string>
{
    ["AzureWebJobsStorage"] = azurite.ConnectionString, ["WorkQueue"] = "bench-work", ["FailQueue"] = "bench-fails",
    ["CrashQueue"] = "bench-crash", ["TickSchedule"] = "0 0 0 1 1 *",
    ["StartupSchedule"] = "0 0 0 1 1 *", ["RecordsTable"] = "benchrecords",
};
var hostJson = Path.Combine(Path.GetTempPath(), $"bench-host-{Guid.NewGuid():N}.json");
File.WriteAllText(hostJson, """
    {"version":"2.0","extensions":{"http":{"routePrefix":""},
     "queues":{"batchSize":16,"maxPollingInterval":"00:00:00.500"}}}
    """);
const int messages = 400;
await QueueBenchmark.FillHostQueueAsync(azurite.ConnectionString, settings, messages);
await using var host = await LocalFunctionsHost.StartAsync(new LocalHostOptions
{
    AppDirectory = workerDirectory, HostJsonPath = hostJson, HttpPort = Azurite.FreePort(), Settings = settings,
}, logging => logging.SetMinimumLevel(LogLevel.Warning));

var viaHost = await QueueBenchmark.HostRateAsync(azurite.ConnectionString, settings, messages);
await HttpBenchmark.RunAsync(host, requests: 2000);
await QueueBenchmark.RunBareAsync(azurite.ConnectionString, settings, messages, viaHost);
File.Delete(hostJson);

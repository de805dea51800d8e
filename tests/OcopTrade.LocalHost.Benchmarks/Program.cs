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
     "queues":{"batchSize":16,"newBatchThreshold":8,"maxPollingInterval":"00:00:00.500"}}}
    """);
await using var host = await LocalFunctionsHost.StartAsync(new LocalHostOptions
{
    AppDirectory = workerDirectory, HostJsonPath = hostJson, HttpPort = Azurite.FreePort(), Settings = settings,
}, logging => logging.SetMinimumLevel(LogLevel.Warning));
await host.WorkerReadyAsync(CancellationToken.None);

await HttpBenchmark.RunAsync(host, requests: 2000);
await new QueueBenchmark(host, azurite.ConnectionString, settings, batchSize: 16, newBatchThreshold: 8)
    .RunAsync(messages: 400, rounds: 3);
File.Delete(hostJson);

// Product-create throughput through the HTTP API against raw Azure.Data.Tables upserts of the same entity on the
// same Azurite, at the same concurrency; then GET /api/products/{id} latency.
// Run: dotnet run -c Release --project tests/OcopTrade.Benchmarks -- [--count N] [--concurrency C]
// Labels and the trace page: dotnet run -c Release --project tests/OcopTrade.Benchmarks -- labels
// Marketplace jobs against the simulator at 100 ms: dotnet run -c Release --project tests/OcopTrade.Benchmarks -- syndication [--count N]
// Photo renditions against vipsthumbnail: dotnet run -c Release --project tests/OcopTrade.Benchmarks -- images [--rounds N]
// Revenue imports and reports at scale: dotnet run -c Release --project tests/OcopTrade.Benchmarks -- revenue
// The GS1 resolver against the trace page: dotnet run -c Release --project tests/OcopTrade.Benchmarks -- resolver
// The CSV import reader against the one it replaced: dotnet run -c Release --project tests/OcopTrade.Benchmarks -- csv
// A whole 32 MiB import, streamed against list-based: dotnet run -c Release --project tests/OcopTrade.Benchmarks -- imports
// Marketplace orders into revenue: dotnet run -c Release --project tests/OcopTrade.Benchmarks -- orders [--count N]
// [--pulls P] [--rounds R]
// The event catalogue (200 stalls) as a PDF against label sheets of as many QR codes:
// dotnet run -c Release --project tests/OcopTrade.Benchmarks -- catalogue-pdf [--rounds N]
// The buyers' catalogue over 10,000 products: dotnet run -c Release --project tests/OcopTrade.Benchmarks -- catalogue
// [--count N] [--rounds R] [--concurrency C]
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using OcopTrade.Benchmarks;
using OcopTrade.Tests.Support;

var count = Argument("--count", 2000);
var concurrency = Argument("--concurrency", 16);
var appDll = Repository.Path("functions", "OcopTrade.Functions", "bin", "Release", "net10.0", "OcopTrade.Functions.dll");
if (!File.Exists(appDll)) { Console.Error.WriteLine($"{appDll} is missing: run with -c Release."); return 1; }

if (args.FirstOrDefault() == "labels") return await LabelBenchmark.RunAsync(appDll, count);
if (args.FirstOrDefault() == "syndication") return await SyndicationBenchmark.RunAsync(appDll, Argument("--count", 400));
if (args.FirstOrDefault() == "images") return await ImageBenchmark.RunAsync(Argument("--rounds", 5));
if (args.FirstOrDefault() == ImageBenchmark.PeakVerb) return ImageBenchmark.Peak(args[1..]);
if (args.FirstOrDefault() == "csv") return await CsvBenchmark.RunAsync(Argument("--rounds", 5));
if (args.FirstOrDefault() == CsvBenchmark.ReadVerb) return CsvBenchmark.Read(args[1..]);
if (args.FirstOrDefault() == "imports")
    return await ImportBenchmark.RunAsync(appDll, Argument("--rounds", 1), Argument("--producers", 300));
if (args.FirstOrDefault() == ImportBenchmark.RunVerb) return await ImportBenchmark.ImportAsync(args[1..]);
if (args.FirstOrDefault() == "revenue") return await RevenueBenchmark.RunAsync(appDll, args);
if (args.FirstOrDefault() == "resolver")
    return await ResolverBenchmark.RunAsync(appDll, Argument("--count", 3000), Argument("--concurrency", 32));
if (args.FirstOrDefault() == "catalogue-pdf") return CatalogueBenchmark.Run(Argument("--rounds", 5));
if (args.FirstOrDefault() == "catalogue")
    return await BuyerCatalogueBenchmark.RunAsync(appDll, Argument("--count", 10_000), Argument("--rounds", 3),
        Argument("--concurrency", 8));
if (args.FirstOrDefault() == "orders") return await OrdersBenchmark.RunAsync(appDll, Argument("--count", 1000),
    Argument("--pulls", 9), Argument("--rounds", 40));

await using var bench = await BenchmarkApp.StartAsync(appDll, concurrency);
var azurite = bench.Storage;
var http = bench.Http;
var adminKey = bench.AdminKey;
{
    // The realistic caller: a producer with its own key creating its listings.
    var producer = await bench.PostAsync("/api/producers", adminKey, """
        {"legalName":"Hợp tác xã Chè Tam Đường","kind":"cooperative","taxCode":"0314409058","province":"Lai Châu","commune":"Bình Lư"}
        """);
    var producerKey = (await bench.PostAsync("/api/keys", adminKey, $$"""{"role":"producer","producerId":"{{producer["id"]}}"}"""))["key"]!.GetValue<string>();
    const string product = """
        {"name":"Chè Shan Tuyết Tả Phìn","group":"beverages","description":"Chè shan tuyết cổ thụ hái tay ở độ cao 1.500 m.",
         "stars":4,"certificate":{"number":"1234/QĐ-UBND","issueDate":"2025-06-15","issuingLevel":"province"},
         "priceVnd":350000,"unit":"hộp","netQuantity":"200 g","shelfLifeDays":540,"standards":["vietGap"]}
        """;
    var ids = new System.Collections.Concurrent.ConcurrentBag<string>();
    async Task<bool> CreateViaApi(int _)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/products") { Content = new StringContent(product, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("x-api-key", producerKey);
        using var response = await http.SendAsync(request);
        if (response.StatusCode != System.Net.HttpStatusCode.Created) return false;
        ids.Add((await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());
        return true;
    }

    // The floor: the same entity (the properties ProductEntity writes) upserted straight through the SDK.
    var table = new TableServiceClient(azurite.ConnectionString).GetTableClient("BenchProducts");
    await table.CreateIfNotExistsAsync();
    async Task<bool> UpsertViaSdk(int i)
    {
        var now = DateTimeOffset.UtcNow;
        await table.UpsertEntityAsync(new TableEntity(Guid.NewGuid().ToString("N")[..12], "")
        {
            ["ProducerId"] = producer["id"]!.GetValue<string>(), ["Province"] = "Lai Châu", ["ProvinceKey"] = "lai châu",
            ["Slug"] = "che-shan-tuyet-ta-phin-" + i, ["Status"] = "Draft", ["Name"] = "Chè Shan Tuyết Tả Phìn",
            ["Description"] = "Chè shan tuyết cổ thụ hái tay ở độ cao 1.500 m.", ["Group"] = "Beverages", ["Stars"] = 4,
            ["CertificateNumber"] = "1234/QĐ-UBND", ["CertificateIssueDate"] = "2025-06-15", ["CertificateLevel"] = "Province",
            ["ValidUntil"] = "2028-06-15", ["Revoked"] = false, ["PriceVnd"] = 350000L, ["Unit"] = "hộp", ["NetQuantity"] = "200 g",
            ["ShelfLifeDays"] = 540, ["Standards"] = "VietGap", ["CreatedAt"] = now, ["UpdatedAt"] = now, ["RequestFingerprint"] = "x",
        });
        return true;
    }

    // Warm both paths well past tiered JIT (the app is a separate process that starts cold), then alternate them so
    // neither always runs on a colder or hotter machine.
    await Load.RunAsync("warm-up", 1000, concurrency, CreateViaApi);
    await Load.RunAsync("warm-up", 1000, concurrency, UpsertViaSdk);
    var api = new List<LoadResult>();
    var sdk = new List<LoadResult>();
    for (var round = 0; round < 2; round++)
    {
        api.Add(await Load.RunAsync("POST /api/products (HTTP API)", count, concurrency, CreateViaApi));
        sdk.Add(await Load.RunAsync("UpsertEntity (Azure.Data.Tables)", count, concurrency, UpsertViaSdk));
    }
    var known = ids.ToArray();
    async Task<bool> Read(int i)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/products/" + known[i % known.Length]);
        request.Headers.Add("x-api-key", producerKey);
        using var response = await http.SendAsync(request);
        return response.IsSuccessStatusCode;
    }
    var reads = await Load.RunAsync("GET /api/products/{id}", Math.Min(count, 2000), concurrency, Read);

    Console.WriteLine($"\nOcopTrade create benchmark — {Environment.ProcessorCount} cores, N = {count}, concurrency = {concurrency}, Azurite in memory\n");
    foreach (var result in api.Concat(sdk).Append(reads)) Console.WriteLine(result);
    var apiRate = api.Sum(r => r.Count) / api.Sum(r => r.Elapsed.TotalSeconds);
    var sdkRate = sdk.Sum(r => r.Count) / sdk.Sum(r => r.Elapsed.TotalSeconds);
    var ratio = apiRate / sdkRate;
    Console.WriteLine($"\nAPI create {apiRate:F0}/s, raw SDK upsert {sdkRate:F0}/s, ratio API/SDK = {ratio:F2} (goal ≥ 0.80: {(ratio >= 0.8 ? "met" : "NOT met")})");
    Console.WriteLine($"GET /api/products/{{id}}: p50 {reads.Percentile(0.5):F2} ms, p99 {reads.Percentile(0.99):F2} ms");
    return 0;
}

int Argument(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) ? value : fallback;
}

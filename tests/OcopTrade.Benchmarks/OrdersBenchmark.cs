using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Revenue;
using OcopTrade.MarketplaceSimulator;
using OcopTrade.Tests.Support;

namespace OcopTrade.Benchmarks;

/// <summary>Marketplace orders into revenue. (1) Ingestion: completed voso order lines recorded as revenue by one run
/// of the pull function, in lines/s, against its anchor, raw batched inserts (100 a transaction) of the same rows into
/// a table of the same Azurite, measured just before and just after; the median ratio of several pulls.
/// (2) Latency from an order completed on the simulator to its amount in GET /api/reports/revenue, p50/p95: with
/// Shopee's push, and with the pull alone (timer every 2 s here; 5 min in Azure, where the pull alone waits up to
/// that long).</summary>
public static class OrdersBenchmark
{
    private const long UnitPrice = 350_000;
    private const string PullEvery = "*/2 * * * * *";

    public static async Task<int> RunAsync(string appDll, int count, int pulls, int rounds)
    {
        var port = Azurite.FreePort();
        var simulator = SimulatorApp.Build(["--urls", $"http://127.0.0.1:{port}"]);
        await simulator.StartAsync();
        var sim = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        try
        {
            foreach (var m in new[] { "voso", "postmart", "shopee" })
                (await sim.PutAsJsonAsync($"_sim/{m}/faults", new { requireImages = false })).EnsureSuccessStatusCode();
            // Ingestion on an app whose timer stays quiet: the pull is started by hand, and timed alone.
            await using (var quiet = await BenchmarkApp.StartAsync(appDll, 16, Environment(sim.BaseAddress, null)))
            {
                // A warm-up pull on postmart of as many lines first runs the pull's code as a pull every five minutes
                // finds it, compiled for the volume it handles (a method is optimised after 30 calls, a loop once it
                // has run long; after a warm-up of 20 lines the first timed pull was the slowest of each run, five
                // runs of five), so the timed voso pulls measure the work and not the JIT; voso's pull then has only
                // its producers.
                var warmUp = await IngestionAsync(quiet, sim, "postmart", count);
                await IngestionRoundsAsync(quiet, sim, warmUp, count, pulls);
            }
            await using var bench = await BenchmarkApp.StartAsync(appDll, 16, Environment(sim.BaseAddress, PullEvery));
            await LatencyAsync(bench, sim, rounds, push: true);
            await LatencyAsync(bench, sim, rounds, push: false);
            return 0;
        }
        finally
        {
            await simulator.StopAsync();
            await simulator.DisposeAsync();
        }
    }

    /// <summary>Each pull timed between two runs of the anchor, whose mean it is judged against: the machine's other
    /// work drifts between runs, so the median of a few pulls is the figure, each one printed beside it. The anchor
    /// inserts the rows the latest pull wrote (the warm-up's, before the first), the same rows as the pull's.</summary>
    private static async Task IngestionRoundsAsync(BenchmarkApp quiet, HttpClient sim, Pulled warmUp, int count,
        int pulls)
    {
        var ratios = new List<double>();
        var latest = warmUp;
        for (var pull = 1; pull <= pulls; pull++)
        {
            var before = await RawInsertsAsync(quiet, latest, $"Before{pull}");
            var ingested = latest = await IngestionAsync(quiet, sim, "voso", count);
            var after = await RawInsertsAsync(quiet, ingested, $"After{pull}");
            var raw = (before + after) / 2;
            ratios.Add(ingested.LinesPerSecond / raw);
            Console.WriteLine($"  pull {pull}: {ingested.LinesPerSecond:F0} lines/s recorded as revenue; raw batched " +
                $"inserts {raw:F0} rows/s ({before:F0} before, {after:F0} after); " +
                $"ratio {ingested.LinesPerSecond / raw:F3}");
        }
        Console.WriteLine($"order ingestion: median ratio of {pulls} pulls {ratios.Order().ElementAt(pulls / 2):F3} " +
            $"(goal ≥ 0.7; lowest {ratios.Min():F3}, highest {ratios.Max():F3})");
    }

    /// <param name="pullEvery">The pull timer's schedule; null keeps the app's (once a year).</param>
    private static Dictionary<string, string> Environment(Uri sim, string? pullEvery)
    {
        var environment = new Dictionary<string, string>
        {
            ["Syndication__Marketplaces__voso__BaseUrl"] = sim + "voso/",
            ["Syndication__Marketplaces__postmart__BaseUrl"] = sim + "postmart/api/v2/",
            ["Syndication__Marketplaces__shopee__BaseUrl"] = sim.ToString(),
            ["Syndication__RequirePhotos"] = "false",
            ["MarketplaceTokenRefreshSchedule"] = "0 0 3 1 1 *",
        };
        if (pullEvery is not null) environment["OrderPullSchedule"] = pullEvery;
        foreach (var channel in new[] { "voso", "postmart", "shopee" })
        {
            environment[$"Syndication__Credentials__{channel}__default__Account"] = channel == "shopee" ? "shop-{producerId}" : "seller-{producerId}";
            environment[$"Syndication__Credentials__{channel}__default__Secret"] = "token-{producerId}";
        }
        return environment;
    }

    /// <summary>A producer with a published product; returns the producer's id and key and the product's SKU.</summary>
    private static async Task<(string ProducerId, string Key, string ProductId)> ProducerAsync(BenchmarkApp bench)
    {
        var producer = await bench.PostAsync("/api/producers", bench.AdminKey, """
            {"legalName":"Hợp tác xã Chè Tam Đường","kind":"cooperative","taxCode":"0314409058","province":"Lai Châu","commune":"Bình Lư"}
            """);
        var id = producer["id"]!.GetValue<string>();
        var key = (await bench.PostAsync("/api/keys", bench.AdminKey, $$"""{"role":"producer","producerId":"{{id}}"}"""))["key"]!.GetValue<string>();
        var product = await bench.PostAsync("/api/products", key, """
            {"name":"Chè Shan Tuyết Tả Phìn","group":"beverages","description":"Chè shan tuyết cổ thụ hái tay ở độ cao 1.500 m.",
             "stars":4,"certificate":{"number":"1234/QĐ-UBND","issueDate":"2025-06-15","issuingLevel":"province"},
             "priceVnd":350000,"unit":"hộp","netQuantity":"200 g","shelfLifeDays":540,"gtin":"8934567890120"}
            """);
        var productId = product["id"]!.GetValue<string>();
        await bench.PostAsync($"/api/products/{productId}/publish", key, "{}");
        return (id, key, productId);
    }

    private static async Task SyndicateAsync(BenchmarkApp bench, string key, string productId, string channel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/products/{productId}/syndications")
        {
            Content = JsonContent.Create(new { channels = new[] { channel } }),
        };
        request.Headers.Add("x-api-key", key);
        (await bench.Http.SendAsync(request)).EnsureSuccessStatusCode();
    }

    private static int Year => DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).Year;

    /// <summary>The producer's revenue this year as its year row holds it, the row GET /api/reports/revenue reads, and
    /// when storage last wrote that row. The timed wait reads it from storage, as the anchor is timed by its own
    /// writes: 50 report requests a second through the host and the worker would load the two cores during the pull
    /// they time. The report is asked once, after.</summary>
    private static async Task<(long Amount, DateTimeOffset? WrittenAt)> RecordedAsync(TableClient entries,
        string producerId)
    {
        var row = await entries.GetEntityIfExistsAsync<TableEntity>(producerId, ProducerCells.RowKey(producerId, Year));
        return row.HasValue ? (ProducerCells.Expand(row.Value!).Sum(c => c.Amount), row.Value!.Timestamp) : (0, null);
    }

    private static async Task<long> RevenueAsync(BenchmarkApp bench, string key, string producerId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get,
            $"/api/reports/revenue?producerId={producerId}&year={Year}");
        request.Headers.Add("x-api-key", key);
        using var response = await bench.Http.SendAsync(request);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["revenueVnd"]!.GetValue<long>();
    }

    private static async Task<string> CompletedOrderAsync(HttpClient sim, string marketplace, string seller, string sku)
    {
        var placed = await sim.PostAsJsonAsync($"_sim/{marketplace}/orders", new
        {
            seller, lines = new[] { new { sku,
            quantity = 1, unitPrice = UnitPrice } }
        });
        var id = (await placed.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!["orderId"]!.GetValue<string>();
        (await sim.PostAsJsonAsync($"_sim/{marketplace}/orders/{id}/status",
            new { status = "completed" })).EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>The orders wait on the marketplace; once the product is live there, the pull is started (as the
    /// host's admin API runs a timer function) and timed until the producer's year row holds the last amount
    /// (<see cref="RecordedAsync"/>): reading the marketplace's pages, matching SKUs, moving stock, recording entries
    /// and roll-ups.</summary>
    private static async Task<Pulled> IngestionAsync(BenchmarkApp bench, HttpClient sim, string marketplace,
        int count)
    {
        var (producerId, key, productId) = await ProducerAsync(bench);
        var sku = "OCOP-" + productId.ToUpperInvariant();
        var seller = (marketplace == "voso" ? "token-" : "seller-") + producerId;
        Console.WriteLine($"Placing {count} completed {marketplace} orders…");
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (_, _) => await CompletedOrderAsync(sim, marketplace, seller, sku));
        await SyndicateAsync(bench, key, productId, marketplace);
        while (!(await sim.GetStringAsync($"_sim/{marketplace}/listings")).Contains(sku, StringComparison.Ordinal))
            await Task.Delay(100);
        var function = marketplace == "voso" ? "PullVosoOrders" : "PullPostmartOrders";
        var entries = new TableServiceClient(bench.Storage.ConnectionString)
            .GetTableClient(StorageNames.RevenueEntriesTable);
        var clock = Stopwatch.StartNew();
        var started = DateTimeOffset.UtcNow;
        (await bench.Http.PostAsJsonAsync($"/admin/functions/{function}", new { input = "" }))
            .EnsureSuccessStatusCode();
        // Timed to the moment storage wrote the last amount (the row's timestamp, on this machine's clock), not to
        // the poll that saw it: a poll every 20 ms would add 10 ms on average to a pull of about 250.
        var (amount, recordedAt) = await RecordedAsync(entries, producerId);
        for (; amount < count * UnitPrice; (amount, recordedAt) = await RecordedAsync(entries, producerId))
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(10))
                throw new TimeoutException("The orders were not all recorded in 10 minutes.");
            await Task.Delay(20);
        }
        var elapsed = recordedAt!.Value - started;
        if (await RevenueAsync(bench, key, producerId) != count * UnitPrice)
            throw new InvalidOperationException("The report does not show the amount recorded.");
        Console.WriteLine($"  {count} lines in {elapsed.TotalSeconds:F2} s");
        return new(count / elapsed.TotalSeconds, await EntriesAsync(entries, producerId));
    }

    /// <summary>A timed pull: its speed, and the entries it wrote (every property as stored).</summary>
    private sealed record Pulled(double LinesPerSecond, List<TableEntity> Entries);

    private static async Task<List<TableEntity>> EntriesAsync(TableClient entries, string producerId)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {producerId} and RowKey ge {"e|"} and RowKey lt {"e}"}");
        var rows = new List<TableEntity>();
        await foreach (var row in entries.QueryAsync<TableEntity>(filter)) rows.Add(row);
        return rows;
    }

    /// <summary>The anchor: the rows a pull wrote, every property as stored, inserted again into a table of their
    /// own, 100 a transaction, as many transactions side by side as the pull sends. The table is deleted after, so
    /// the in-memory Azurite holds no more than the app's own rows.</summary>
    private static async Task<double> RawInsertsAsync(BenchmarkApp bench, Pulled pulled, string run)
    {
        var entries = new TableServiceClient(bench.Storage.ConnectionString).GetTableClient("BenchOrderRevenue" + run);
        await entries.CreateIfNotExistsAsync();
        var rows = pulled.Entries.Select(Copy).ToList();
        var sideBySide = new ParallelOptions { MaxDegreeOfParallelism = RevenueStore.OrderTransactionsInFlight };
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(rows.Chunk(100), sideBySide, async (batch, _) =>
            await entries.SubmitTransactionAsync(batch.Select(row =>
                new TableTransactionAction(TableTransactionActionType.Add, row))));
        var elapsed = clock.Elapsed;
        await entries.DeleteAsync();
        return rows.Count / elapsed.TotalSeconds;
    }

    /// <summary>A stored row as a new one: its keys and properties, without what the table added.</summary>
    private static TableEntity Copy(TableEntity row)
    {
        var copy = new TableEntity(row.PartitionKey, row.RowKey);
        foreach (var (name, value) in row)
            if (name is not ("odata.etag" or "Timestamp" or "PartitionKey" or "RowKey")) copy[name] = value;
        return copy;
    }

    /// <summary>One order at a time, completed on the simulator, timed until the report shows its amount.</summary>
    private static async Task LatencyAsync(BenchmarkApp bench, HttpClient sim, int rounds, bool push)
    {
        var (producerId, key, productId) = await ProducerAsync(bench);
        await SyndicateAsync(bench, key, productId, "shopee");
        var url = push ? bench.Http.BaseAddress + "api/marketplaces/shopee/push" : "http://127.0.0.1:9/off";
        (await sim.PutAsJsonAsync("_sim/shopee/push", new
        {
            url, loseNext = 0,
            repeatNext = 0
        })).EnsureSuccessStatusCode();
        var sku = "OCOP-" + productId.ToUpperInvariant();
        await CompletedOrderAsync(sim, "shopee", "shop-" + producerId,
            sku); // warm-up: the first pull finds the producer
        while (await RevenueAsync(bench, key, producerId) < UnitPrice) await Task.Delay(100);
        var latencies = new List<double>();
        for (var i = 1; i <= rounds; i++)
        {
            var clock = Stopwatch.StartNew();
            await CompletedOrderAsync(sim, "shopee", "shop-" + producerId, sku);
            while (await RevenueAsync(bench, key, producerId) < (i + 1) * UnitPrice) await Task.Delay(20);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }
        latencies.Sort();
        Console.WriteLine($"completed on Shopee → in GET /api/reports/revenue, {(push ? "push (pull every 2 s behind it)" : "pull only, every 2 s")}: " +
            $"p50 {latencies[latencies.Count / 2]:F0} ms, p95 {latencies[(int)(latencies.Count * 0.95)]:F0} ms ({rounds} orders)");
    }
}

using System.Net;

namespace OcopTrade.Benchmarks;

/// <summary>The GS1 resolver against its anchor, the trace page of the same lot, through the local Functions host at
/// the same concurrency: a linkset and the default redirect (not followed) should cost no more than the page (goal
/// ratio ≥ 1.0). Then each at a fixed 200 requests/s (goal p99 ≤ 50 ms). The page is measured before and after the
/// resolver and their mean is the anchor, so drift on a shared machine falls on both sides.</summary>
public static class ResolverBenchmark
{
    private const string Product = """
        {"producerId":"{producer}","name":"Chè Shan Tuyết Tả Phìn","group":"beverages","stars":4,"gtin":"8934567890120",
         "description":"Chè shan tuyết cổ thụ hái tay ở độ cao 1.500 m.","priceVnd":350000,"unit":"hộp",
         "netQuantity":"200 g","shelfLifeDays":540,"standards":["vietGap"],
         "certificate":{"number":"1234/QĐ-UBND","issueDate":"2025-06-15","issuingLevel":"province"}}
        """;

    public static async Task<int> RunAsync(string appDll, int count, int concurrency)
    {
        await using var bench = await BenchmarkApp.StartAsync(appDll, concurrency);
        var (page, lot) = await LotAsync(bench);
        using var resolver = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false, MaxConnectionsPerServer = concurrency * 2,
        })
        { BaseAddress = bench.Http.BaseAddress };
        var linkset = lot + "&linkType=linkset";
        await Load.RunAsync("warm-up", 500, 16, async i =>
            (await resolver.GetAsync(i % 3 == 0 ? page : i % 3 == 1 ? lot : linkset)).StatusCode
                < HttpStatusCode.BadRequest);

        Task<LoadResult> Closed(string name, string path, HttpStatusCode expected) =>
            Load.RunAsync(name, count, concurrency, async _ => (await resolver.GetAsync(path)).StatusCode == expected);
        var before = await Closed("Trace page (anchor, before)", page, HttpStatusCode.OK);
        var sets = await Closed("Linkset", linkset, HttpStatusCode.OK);
        var redirects = await Closed("Default link (307, not followed)", lot, HttpStatusCode.TemporaryRedirect);
        var after = await Closed("Trace page (anchor, after)", page, HttpStatusCode.OK);
        var anchor = (before.PerSecond + after.PerSecond) / 2;

        Console.WriteLine(
            $"\nOcopTrade GS1 resolver benchmark — {Environment.ProcessorCount} cores, {concurrency} clients\n");
        foreach (var result in new[] { before, sets, redirects, after }) Console.WriteLine(result);
        Ratio("linkset / trace page", sets.PerSecond / anchor);
        Ratio("default redirect / trace page", redirects.PerSecond / anchor);

        foreach (var (name, path) in new[] { ("Linkset at 200/s", linkset), ("Default redirect at 200/s", lot) })
        {
            var steady = await Load.FixedRateAsync(name, resolver, path, perSecond: 200, seconds: 10);
            var p99 = steady.Percentile(0.99);
            Console.WriteLine($"{steady}\n  p99 {p99:F2} ms (goal ≤ 50 ms: {(p99 <= 50 ? "met" : "NOT met")})");
        }
        return 0;
    }

    private static void Ratio(string name, double ratio) =>
        Console.WriteLine($"{name,-34} {ratio,6:F2} (goal ≥ 1.0: {(ratio >= 1.0 ? "met" : "NOT met")})");

    /// <summary>A published product and one lot: the trace page's path and the lot's Digital Link (with its code).
    /// </summary>
    private static async Task<(string Page, string Lot)> LotAsync(BenchmarkApp bench)
    {
        var producer = await bench.PostAsync("/api/producers", bench.AdminKey,
            """
            {"legalName":"Hợp tác xã Chè Tam Đường","kind":"cooperative","taxCode":"0314409058",
             "province":"Lai Châu","commune":"Bình Lư"}
            """);
        var product = await bench.PostAsync("/api/products", bench.AdminKey,
            Product.Replace("{producer}", producer["id"]!.GetValue<string>()));
        await bench.PostAsync($"/api/products/{product["id"]}/publish", bench.AdminKey, "{}");
        var batch = await bench.PostAsync($"/api/products/{product["id"]}/batches", bench.AdminKey,
            """{"lotNumber":"Lô 5/2026","productionDate":"2026-10-01","bestBefore":"2027-10-01","quantity":500}""");
        var traceUrl = new Uri(batch["traceUrl"]!.GetValue<string>());
        return ("/t/" + batch["traceCode"]!.GetValue<string>(), traceUrl.PathAndQuery);
    }
}

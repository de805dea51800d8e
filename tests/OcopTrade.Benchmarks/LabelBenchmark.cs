using System.Diagnostics;
using System.Text.Json.Nodes;
using OcopTrade.Functions.Traceability;
using QRCoder;

namespace OcopTrade.Benchmarks;

/// <summary>Labels against their floor (a bare QR PNG from QRCoder) in one process, then the public trace page at a
/// fixed 200 requests/s against the real app.</summary>
public static class LabelBenchmark
{
    public static async Task<int> RunAsync(string appDll, int count)
    {
        const string url = "https://ocop.example.vn/01/08934567890120/10/L2026-11A?c=7K3M9Q2XA1B";
        var content = new LabelContent(url, "Chè Shan Tuyết Tả Phìn hộp quà 200 g", 4, "Hợp tác xã Chè Tam Đường", "L2026-11A",
            new DateOnly(2026, 10, 1), new DateOnly(2027, 10, 1), "1234/QĐ-UBND", new DateOnly(2028, 6, 15), "7K3M9Q2XA1B");
        var svg = Label.Svg(content);
        var sheet = new LabelSheetOptions();

        var raw = Time("raw QR → PNG (QRCoder, 10 px modules)", Math.Max(count, 200), () =>
        {
            using var data = new QRCodeGenerator().CreateQrCode(url, QRCodeGenerator.ECCLevel.Q);
            return new PngByteQRCode(data).GetGraphic(10).Length;
        });
        var timings = new[]
        {
            Time("SVG label", Math.Max(count, 200), () => Label.Svg(content).Length),
            Time("PNG label, 300 dpi", Math.Max(count / 10, 50), () => LabelRaster.Png(svg, 300).Length),
            Time("PDF sheet, 24 labels", Math.Max(count / 100, 10), () => LabelSheet.Pdf(svg, 24, sheet).Length),
        };
        Console.WriteLine($"\nOcopTrade label benchmark — {Environment.ProcessorCount} cores\n");
        Console.WriteLine($"{raw.Name,-40} {raw.Ms,9:F3} ms   (the floor)");
        foreach (var t in timings) Console.WriteLine($"{t.Name,-40} {t.Ms,9:F3} ms   {t.Ms / raw.Ms,7:F2} × raw QR");
        var svgRatio = timings[0].Ms / raw.Ms;
        Console.WriteLine($"SVG label / raw QR = {svgRatio:F2} (goal ≤ 3: {(svgRatio <= 3 ? "met" : "NOT met")})");

        await using var bench = await BenchmarkApp.StartAsync(appDll, 64);
        var producer = await bench.PostAsync("/api/producers", bench.AdminKey,
            """{"legalName":"Hợp tác xã Chè Tam Đường","kind":"cooperative","taxCode":"0314409058","province":"Lai Châu","commune":"Bình Lư"}""");
        var product = await bench.PostAsync("/api/products", bench.AdminKey,
            $$$"""{"producerId":"{{{producer["id"]}}}","name":"Chè Shan Tuyết Tả Phìn","group":"beverages","stars":4,"gtin":"8934567890120","certificate":{"number":"1234/QĐ-UBND","issueDate":"2025-06-15","issuingLevel":"province"}}""");
        var batch = await bench.PostAsync($"/api/products/{product["id"]}/batches", bench.AdminKey,
            """{"lotNumber":"L2026-11A","productionDate":"2026-10-01","bestBefore":"2027-10-01","quantity":500}""");
        var path = "/t/" + batch["traceCode"]!.GetValue<string>();
        await Load.RunAsync("warm-up", 500, 16, async _ => (await bench.Http.GetAsync(path)).IsSuccessStatusCode);
        var steady = await Load.FixedRateAsync("GET /t/{code}", bench.Http, path, perSecond: 200, seconds: 10);
        Console.WriteLine($"\nTrace page at a fixed 200 requests/s for 10 s: {steady}");
        Console.WriteLine($"p99 {steady.Percentile(0.99):F2} ms (goal ≤ 50 ms: {(steady.Percentile(0.99) <= 50 ? "met" : "NOT met")})");
        var open = await Load.RunAsync("Trace page, as fast as 32 clients go", 4000, 32, async _ => (await bench.Http.GetAsync(path)).IsSuccessStatusCode);
        Console.WriteLine(open);
        return 0;
    }

    private sealed record Timing(string Name, double Ms);

    private static Timing Time(string name, int iterations, Func<int> work)
    {
        for (var i = 0; i < Math.Min(iterations, 20); i++) work();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++) work();
        return new Timing(name, clock.Elapsed.TotalMilliseconds / iterations);
    }
}

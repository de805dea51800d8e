using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using OcopTrade.Tests.Revenue;

namespace OcopTrade.Benchmarks;

/// <summary>
/// Revenue at scale, in one run against the real app (its own process) and Azurite:
/// imports (CSV through POST /api/revenue/imports until the import reports completed) against raw batched inserts of
/// the same rows (entity-group transactions of 100 per producer partition, 8 partitions at a time, like the import);
/// report latency against reading just the roll-up rows the report needs, straight from the table with the SDK.
/// Run: dotnet run -c Release --project tests/OcopTrade.Benchmarks -- revenue [--province 0] [--national 10000] [--national-months 1]
/// </summary>
public static class RevenueBenchmark
{
    private const int Repeats = 40;

    /// <summary>.NET moves a method to optimised code after 30 calls and a quiet moment; warm up past both.</summary>
    private const int WarmUps = 40;
    private static readonly TimeSpan WarmUpTime = TimeSpan.FromSeconds(3);

    /// <summary>What a report reads of a province × channel × month cell.</summary>
    private static readonly string[] CellColumns = ["Channel", "Month", "AmountVnd"];

    /// <summary>One table for both anchors, as both imports share RevenueEntries: Azurite's cost per insert grows with
    /// the rows already in the table (the national rows took 27.9 s into an empty table, 34.8 s into one holding the
    /// province's 216 000), so the national anchor starts from as many rows as the national import does.</summary>
    private const string RawTable = "BenchRawEntries";

    public static async Task<int> RunAsync(string appDll, string[] args)
    {
        var nationalSubjects = Argument(args, "--national", 10_000);
        var nationalMonths = Argument(args, "--national-months", 1);
        await using var bench = await BenchmarkApp.StartAsync(appDll, 16);
        var tables = new TableServiceClient(bench.Storage.ConnectionString);
        var lines = new List<string>();

        // 1. The generated province: 300 subjects × 12 channels (nine, and e-commerce on three marketplaces) × 60 months.
        if (Argument(args, "--province", 1) != 0) await ProvinceAsync(bench, tables, lines);

        // 2. The national set: 10 000 subjects over 34 provinces, fewer months (a department file per province).
        if (nationalSubjects > 0) await NationalAsync(bench, tables, nationalSubjects, nationalMonths, lines);
        Console.WriteLine($"\nOcopTrade revenue benchmark — {Environment.ProcessorCount} cores, Azurite in memory, medians of {Repeats} report calls, each in turn with its anchor\n");
        foreach (var line in lines) Console.WriteLine(line);
        return 0;
    }

    private static async Task ProvinceAsync(BenchmarkApp bench, TableServiceClient tables, List<string> lines)
    {
        var province = new GeneratedProvince(300, 2021, 5);
        var provinceIds = await ProducersAsync(bench, "Tỉnh Quy Mô", province.Subjects);
        var key = await DepartmentKeyAsync(bench, "Tỉnh Quy Mô");
        var imported = await ImportAsync(bench, key, province, provinceIds, "g");
        var raw = await RawInsertAsync(tables, RawTable, province, provinceIds, "g");
        lines.Add($"province import: {province.Rows} rows in {imported.Elapsed.TotalSeconds:F1} s = {province.Rows / imported.Elapsed.TotalSeconds:F0} rows/s "
            + $"(upload+parse {imported.Upload.TotalSeconds:F1} s, validate {imported.Validate.TotalSeconds:F1} s, entries {imported.Entries.TotalSeconds:F1} s, province cells {imported.Cells.TotalSeconds:F1} s)");
        lines.Add($"province raw batched inserts: {province.Rows} rows in {raw.TotalSeconds:F1} s = {province.Rows / raw.TotalSeconds:F0} rows/s");
        lines.Add(Ratio("province import / raw inserts (rows/s)", raw.TotalSeconds / imported.Elapsed.TotalSeconds, "≥ 0.70", r => r >= 0.7));
        lines.AddRange(await ReportsAsync(bench, tables, key, "quy mô", province.LastYear, "province"));
    }

    private static async Task NationalAsync(BenchmarkApp bench, TableServiceClient tables, int nationalSubjects, int nationalMonths, List<string> lines)
    {
        // The ministry's file: every subject of the 34 provinces in one upload (an administrator's key).
        var perProvince = (int)Math.Ceiling(nationalSubjects / 34.0);
        var ids = new List<string>();
        for (var p = 0; p < 34; p++) ids.AddRange(await ProducersAsync(bench, $"Tỉnh Số {p + 1:D2}", perProvince));
        var national = new GeneratedProvince(ids.Count, 2024, 2, nationalMonths, seed: 34);
        var imported = await ImportAsync(bench, bench.AdminKey, national, ids, "n");
        var raw = await RawInsertAsync(tables, RawTable, national, ids, "n");
        lines.Add($"national import: {ids.Count} subjects in 34 provinces, {national.Rows} rows ({nationalMonths} month(s) × 2 years) in {imported.Elapsed.TotalSeconds:F1} s = {national.Rows / imported.Elapsed.TotalSeconds:F0} rows/s "
            + $"(upload+parse {imported.Upload.TotalSeconds:F1} s, validate {imported.Validate.TotalSeconds:F1} s, entries {imported.Entries.TotalSeconds:F1} s, province cells {imported.Cells.TotalSeconds:F1} s)");
        lines.Add($"national raw batched inserts: {national.Rows} rows in {raw.TotalSeconds:F1} s = {national.Rows / raw.TotalSeconds:F0} rows/s");
        lines.Add(Ratio("national import / raw inserts (rows/s)", raw.TotalSeconds / imported.Elapsed.TotalSeconds, "≥ 0.70", r => r >= 0.7));
        var nationalKey = (await bench.PostAsync("/api/keys", bench.AdminKey, """{"role":"department","province":"Tỉnh Số 07"}"""))["key"]!.GetValue<string>();
        lines.AddRange(await ReportsAsync(bench, tables, nationalKey, "số 07", national.LastYear, "national, one province"));
        var provinceKeys = Enumerable.Range(1, 34).Select(p => $"số {p:D2}").ToList();
        var (all, allAnchor) = await PairedLatencyAsync(() => ReportAsync(bench, bench.AdminKey, $"/api/reports/growth?by=province&year={national.LastYear}"),
            async () => await Parallel.ForEachAsync(provinceKeys, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (k, _) =>
            {
                await Task.WhenAll(ReadRowsAsync(tables, k, national.LastYear, "m|", CellColumns), ReadRowsAsync(tables, k, national.LastYear - 1, "m|", CellColumns));
            }));
        lines.Add(Ratio($"growth by province, 34 provinces (admin): {all:F1} ms vs rows {allAnchor:F1} ms", all / allAnchor, "≤ 1.5", r => r <= 1.5));
    }

    private sealed record Imported(TimeSpan Elapsed, TimeSpan Upload, TimeSpan Validate, TimeSpan Entries, TimeSpan Cells);

    private static async Task<List<string>> ProducersAsync(BenchmarkApp bench, string provinceName, int count)
    {
        var ids = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            ids[i] = (await bench.PostAsync("/api/producers", bench.AdminKey,
                $$"""{"legalName":"Hợp tác xã Số {{i}}","kind":"cooperative","taxCode":"0314409058","province":"{{provinceName}}","commune":"Bình Lư"}"""))["id"]!.GetValue<string>());
        return [.. ids];
    }

    private static async Task<string> DepartmentKeyAsync(BenchmarkApp bench, string provinceName) =>
        (await bench.PostAsync("/api/keys", bench.AdminKey, $$"""{"role":"department","province":"{{provinceName}}"}"""))["key"]!.GetValue<string>();

    /// <summary>Imports the subjects' CSV with the given key and follows the import to its end.</summary>
    private static async Task<Imported> ImportAsync(BenchmarkApp bench, string key, GeneratedProvince generated, IReadOnlyList<string> ids, string idPrefix)
    {
        var csv = Encoding.UTF8.GetBytes(generated.Csv(ids, idPrefix));

        var clock = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/revenue/imports") { Content = new ByteArrayContent(csv) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        request.Headers.Add("x-api-key", key);
        using var response = await bench.Http.SendAsync(request);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"upload: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var upload = clock.Elapsed;
        var location = response.Headers.Location!.ToString();
        TimeSpan? running = null, written = null;
        while (true)
        {
            await Task.Delay(50);
            var status = await GetAsync(bench, key, location);
            var state = status["status"]!.GetValue<string>();
            if (state != "queued") running ??= clock.Elapsed;
            if (status["processedRows"]!.GetValue<int>() >= generated.Rows) written ??= clock.Elapsed;
            if (state is "completed" or "rejected")
            {
                if (status["recordedRows"]!.GetValue<int>() != generated.Rows) throw new InvalidOperationException("Import incomplete: " + status.ToJsonString()[..Math.Min(2000, status.ToJsonString().Length)]);
                var done = clock.Elapsed;
                written ??= done;
                return new Imported(done, upload, running!.Value - upload, written.Value - running.Value, done - written.Value);
            }
        }
    }

    /// <summary>The floor: the same rows as the same entities (the properties an imported entry has), inserted in
    /// entity-group transactions of 100 per producer partition, 8 partitions at a time.</summary>
    private static async Task<TimeSpan> RawInsertAsync(TableServiceClient tables, string tableName, GeneratedProvince generated, IReadOnlyList<string> ids, string idPrefix)
    {
        var table = tables.GetTableClient(tableName);
        await table.CreateIfNotExistsAsync();
        var byProducer = generated.Generate(ids, idPrefix).GroupBy(r => r.ProducerId).Select(g => g.ToList()).ToList();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(byProducer, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (rows, ct) =>
        {
            foreach (var chunk in rows.Chunk(100))
                await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(r.ProducerId, "e|" + r.Id)
                {
                    ["Id"] = r.Id, ["Channel"] = r.Channel, ["Marketplace"] = r.Marketplace.Length == 0 ? null : r.Marketplace, ["Month"] = r.Month,
                    ["AmountVnd"] = r.AmountVnd, ["Quantity"] = r.Quantity, ["Province"] = "Tỉnh Quy Mô", ["ProvinceKey"] = "quy mô",
                    ["RecordedBy"] = "Department:Tỉnh Quy Mô:import:0123456789ab", ["RecordedAt"] = DateTimeOffset.UtcNow,
                    ["RequestFingerprint"] = "0123456789abcdef0123456789abcdef", ["ImportId"] = "0123456789ab",
                    ["Deltas"] = $$"""[{"channel":"{{r.Channel}}","month":"{{r.Month}}","amountVnd":{{r.AmountVnd}},"quantity":{{r.Quantity}}}]""",
                })), ct);
        });
        return clock.Elapsed;
    }

    /// <summary>Each report against the rows it needs: revenue (channel cells), growth by producer (producer totals),
    /// participation (the same producer rows, plus its query of certificates over Products, which no roll-up replaces).</summary>
    private static async Task<List<string>> ReportsAsync(BenchmarkApp bench, TableServiceClient tables, string key, string provinceKey, int year, string label)
    {
        var lines = new List<string>();
        async Task Compare(string name, string path, string prefix, string[] columns)
        {
            // The report reads both years at once, and only the columns it sums; so does its anchor.
            var (report, rows) = await PairedLatencyAsync(() => ReportAsync(bench, key, path),
                () => Task.WhenAll(ReadRowsAsync(tables, provinceKey, year, prefix, columns), ReadRowsAsync(tables, provinceKey, year - 1, prefix, columns)));
            var whole = await LatencyAsync(() => Task.WhenAll(ReadRowsAsync(tables, provinceKey, year, prefix), ReadRowsAsync(tables, provinceKey, year - 1, prefix)));
            lines.Add(Ratio($"{label}: {name} {report:F1} ms vs its roll-up rows {rows:F1} ms (whole rows {whole:F1} ms)", report / rows, "≤ 1.5", r => r <= 1.5));
        }
        string[] Months(string column) => [.. Enumerable.Range(1, 12).Select(m => $"{column}_{m:D2}")];
        // What any report call costs before it reads a row (HTTP, key, routing, a problem answer): the same route
        // refused for its year. Printed beside the ratios because at a few milliseconds it is most of the gap.
        var floor = await LatencyAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/reports/revenue?year=1900");
            request.Headers.Add("x-api-key", key);
            using var response = await bench.Http.SendAsync(request);
            if ((int)response.StatusCode != 400) throw new InvalidOperationException($"floor: {(int)response.StatusCode}");
            await response.Content.ReadAsStringAsync();
        });
        lines.Add($"{label}: a report call refused before reading storage takes {floor:F1} ms (the HTTP and access floor every report pays)");
        await Compare("revenue by channel", $"/api/reports/revenue?year={year}", "m|", CellColumns);
        await Compare("growth by producer", $"/api/reports/growth?by=producer&year={year}", "p|", ["ProducerId", .. Months("A")]);
        await Compare("participation", $"/api/reports/participation?year={year}", "p|", ["ProducerId", .. Months("M")]);
        return lines;
    }

    private static async Task<int> ReadRowsAsync(TableServiceClient tables, string provinceKey, int year, string prefix, string[]? columns = null)
    {
        var end = prefix[..^1] + (char)(prefix[^1] + 1);
        var count = 0;
        await foreach (var _ in tables.GetTableClient("RevenueRollups").QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {provinceKey + "|" + year} and RowKey ge {prefix} and RowKey lt {end}"), select: columns)) count++;
        return count;
    }

    private static async Task<JsonObject> GetAsync(BenchmarkApp bench, string key, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("x-api-key", key);
        using var response = await bench.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>A report call as its latency is measured: until the last byte of a successful answer has arrived
    /// (what the client then does with the JSON is the client's time, not the report's).</summary>
    private static async Task ReportAsync(BenchmarkApp bench, string key, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("x-api-key", key);
        using var response = await bench.Http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
    }

    /// <summary>Median latencies in ms of a report and its anchor, called in turn <see cref="Repeats"/> times each, after
    /// at least <see cref="WarmUps"/> rounds and <see cref="WarmUpTime"/>. In turn, because the reports follow hundreds
    /// of thousands of inserts and both processes are still settling (Node's collector in Azurite, .NET moving hot code
    /// to its optimised tier), and row reads of a few milliseconds vary by a third from one series to the next: measured
    /// one series after the other, the series measured first paid for it (revenue by channel 1.54× its rows, then 1.18×
    /// when measured again a few seconds later in the same run).</summary>
    private static async Task<(double First, double Second)> PairedLatencyAsync(Func<Task> first, Func<Task> second)
    {
        var warming = Stopwatch.StartNew();
        for (var i = 0; i < WarmUps || warming.Elapsed < WarmUpTime; i++) { await first(); await second(); }
        var (a, b) = (new double[Repeats], new double[Repeats]);
        for (var i = 0; i < Repeats; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await first();
            a[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            started = Stopwatch.GetTimestamp();
            await second();
            b[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        return (a.Order().ElementAt(Repeats / 2), b.Order().ElementAt(Repeats / 2));
    }

    /// <summary>Median latency in ms over <see cref="Repeats"/> calls, after two warm-up calls.</summary>
    private static async Task<double> LatencyAsync(Func<Task> call)
    {
        for (var i = 0; i < 2; i++) await call();
        var times = new double[Repeats];
        for (var i = 0; i < Repeats; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await call();
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        return times.Order().ElementAt(Repeats / 2);
    }

    private static string Ratio(string what, double ratio, string goal, Func<double, bool> met) =>
        $"{what}: ratio {ratio:F2} (goal {goal}: {(met(ratio) ? "met" : "NOT met")})";

    private static int Argument(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) ? value : fallback;
    }
}

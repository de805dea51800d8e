using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Producers;
using OcopTrade.Functions.Products;
using OcopTrade.Functions.Revenue;
using OcopTrade.Tests.Support;

namespace OcopTrade.Benchmarks;

/// <summary>
/// A whole revenue import of a 32 MiB CSV (the import limit): upload into the stored file, then the worker's reading,
/// checking and writing of every entry, on the Azurite of a running app (which created the tables and producers).
/// Before: the list-based path the app had (<see cref="OldImport"/>: the upload buffered, the file read into lists);
/// after: the app's streamed upload (<see cref="ImportUploads"/>) and passes (<see cref="ProcessRevenueImport"/>).
/// Each import runs in a process of its own, so its peak resident set (VmHWM) is its own; same stores, same storage.
/// Run: dotnet run -c Release --project tests/OcopTrade.Benchmarks -- imports [--rounds 1] [--producers 300]
/// </summary>
public static class ImportBenchmark
{
    public const string RunVerb = "imports-run";
    private const long FileBytes = 32L * 1024 * 1024;

    public static async Task<int> RunAsync(string appDll, int rounds, int producerCount)
    {
        await using var bench = await BenchmarkApp.StartAsync(appDll, 16);
        var producers = await CreateProducersAsync(bench, producerCount);
        var path = Path.Combine(Path.GetTempPath(), $"ocop-import-bench-{Environment.ProcessId}.csv");
        try
        {
            var old = new List<Reading>();
            var ours = new List<Reading>();
            for (var r = 0; r < rounds; r++)
            {
                // Fresh ids for every import: each writes all its entries, none is a replay of another's.
                old.Add(await ImportInChildAsync("old", bench, path, Write(path, $"o{r}", producers)));
                ours.Add(await ImportInChildAsync("new", bench, path, Write(path, $"n{r}", producers)));
            }
            Console.WriteLine($"\nOcopTrade revenue import, whole — {Environment.ProcessorCount} cores, "
                + $"{new FileInfo(path).Length / 1024.0 / 1024:F1} MiB CSV, {old[0].Rows:N0} rows for {producerCount} "
                + "producers, upload → worker → entries and province cells on Azurite\n");
            Print("before: buffered, lists", old);
            Print("after: streamed, passes", ours);
            double Ratio(Func<Reading, double> of) => CsvBenchmark.Median(ours, of) / CsvBenchmark.Median(old, of);
            Console.WriteLine($"\nRatio after / before: {Ratio(x => x.Seconds):F2}× time, "
                + $"{Ratio(x => x.Allocated):F2}× allocated, {Ratio(x => x.Peak):F2}× peak working set");
            return 0;
        }
        finally { File.Delete(path); }
    }

    /// <summary>The child: one import, "old" or "new", then its recorded rows, seconds, allocated bytes and VmHWM.
    /// </summary>
    public static async Task<int> ImportAsync(string[] args)
    {
        var (way, connectionString, path) = (args[0], args[1], args[2]);
        using var services = Services(connectionString);
        var blobs = services.GetRequiredService<BlobServiceClient>();
        var id = Ids.New();
        var blob = blobs.GetBlobContainerClient(StorageNames.RevenueImportsContainer).GetBlobClient(id + ".csv");
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        await using (var body = new NotSeekable(File.OpenRead(path)))
        {
            if (way == "old") await OldImport.UploadAsync(body, blob, default);
            else if (await ImportUploads.StoreAsync(body, blob, ImportFiles.MaxBytes, default) is not null
                || (await ImportUploads.SurveyAsync(blob, ImportFormat.Csv, default)).Problem is not null)
                throw new InvalidOperationException("The upload was refused.");
        }
        await QueuedAsync(services, id);
        var message = new ImportMessage(id);
        if (way == "old") await services.GetRequiredService<OldImport>().RunAsync(message, 1, default);
        else await services.GetRequiredService<ProcessRevenueImport>().ProcessAsync(message, 1, default);
        var seconds = clock.Elapsed.TotalSeconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var status = (await services.GetRequiredService<TableServiceClient>().GetTableClient(StorageNames.RevenueImportsTable)
            .GetEntityAsync<TableEntity>(id, "")).Value;
        if (status.GetString("Status") != "completed" || status.GetInt32("RejectedRows") != 0)
            throw new InvalidOperationException($"The import ended {status.GetString("Status")}: {status.GetString("Problems")}");
        var hwm = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        var peak = long.Parse(hwm.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        Console.WriteLine(FormattableString.Invariant($"{status.GetInt32("RecordedRows")} {seconds} {allocated} {peak}"));
        return 0;
    }

    /// <summary>The stores the worker uses, on the benchmark's Azurite, as the app registers them.</summary>
    private static ServiceProvider Services(string connectionString) => new ServiceCollection()
        .AddSingleton(new TableServiceClient(connectionString)).AddSingleton(new BlobServiceClient(connectionString))
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddEnvironmentVariables().Build())
        .AddSingleton(TimeProvider.System).AddMemoryCache().AddSingleton<CertificateHistoryStore>()
        .AddSingleton<ProducerStore>().AddSingleton<ProductStore>().AddSingleton<ProvinceRollups>()
        .AddSingleton<RollupLease>().AddSingleton<RevenueStore>()
        .AddSingleton<ProcessRevenueImport>().AddSingleton<OldImport>()
        .BuildServiceProvider();

    /// <summary>The import's status as an administrator's upload queues it.</summary>
    private static Task QueuedAsync(ServiceProvider services, string id) =>
        services.GetRequiredService<TableServiceClient>().GetTableClient(StorageNames.RevenueImportsTable)
            .AddEntityAsync(new TableEntity(id, "")
            {
                ["Status"] = "queued", ["AllOrNothing"] = false, ["TotalRows"] = 0, ["ProcessedRows"] = 0,
                ["RecordedRows"] = 0, ["RejectedRows"] = 0, ["Problems"] = "[]", ["CreatedAt"] = DateTimeOffset.UtcNow,
                ["CallerRole"] = "Admin", ["Format"] = "Csv",
            });

    private static async Task<List<string>> CreateProducersAsync(BenchmarkApp bench, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var created = await bench.PostAsync("/api/producers", bench.AdminKey, $$"""
                {"legalName":"Hợp tác xã số {{i}}","kind":"cooperative","taxCode":"0314409058",
                 "province":"Lai Châu","commune":"Bình Lư"}
                """);
            ids.Add(created["id"]!.GetValue<string>());
        }
        return ids;
    }

    /// <summary>Template rows up to the byte limit or the row limit, whichever comes first; returns the rows.</summary>
    private static long Write(string path, string prefix, List<string> producers)
    {
        using var file = new StreamWriter(path, false, new UTF8Encoding(true));
        file.Write(Csv.Line(RevenueImports.Columns));
        long rows = 0;
        while (file.BaseStream.Position < FileBytes - 512 && rows < ImportFiles.MaxRows)
        {
            // Every 7th note quoted (a comma and a quote); a note takes no line break, so none has one.
            var note = rows % 7 == 0 ? "Hội chợ \"Tinh hoa\", Lai Châu, đợt 2" : "Doanh thu tháng, siêu thị Việt Nam";
            file.Write(Csv.Line($"{prefix}-{rows:D7}", producers[(int)(rows % producers.Count)], "", "ecommerce",
                "shopee", $"20{21 + rows % 5}-{1 + rows % 12:D2}", $"{12_500 + rows}", $"{rows % 90 + 1}", "", "",
                note + " — khách hàng thân thiết của hợp tác xã"));
            rows++;
            if (rows % 1000 == 0) file.Flush();
        }
        return rows;
    }

    private sealed record Reading(long Rows, double Seconds, double Allocated, double Peak);

    private static async Task<Reading> ImportInChildAsync(string way, BenchmarkApp bench, string path, long rows)
    {
        var self = typeof(ImportBenchmark).Assembly.Location;
        var run = await Command.RunAsync("dotnet", [self, RunVerb, way, bench.Storage.ConnectionString, path],
            timeout: TimeSpan.FromMinutes(30));
        if (run.ExitCode != 0) throw new InvalidOperationException(run.Error + run.Output);
        var f = run.Output.Trim().Split('\n').Last().Split(' ');
        var recorded = long.Parse(f[0], CultureInfo.InvariantCulture);
        if (recorded != rows) throw new InvalidOperationException($"{way}: {recorded} of {rows} rows recorded.");
        return new(recorded, double.Parse(f[1], CultureInfo.InvariantCulture),
            double.Parse(f[2], CultureInfo.InvariantCulture), double.Parse(f[3], CultureInfo.InvariantCulture));
    }

    private static void Print(string name, List<Reading> readings)
    {
        const double MiB = 1024 * 1024;
        Console.WriteLine($"{name,-26} {CsvBenchmark.Median(readings, r => r.Rows / r.Seconds),9:N0} rows/s  "
            + $"{CsvBenchmark.Median(readings, r => r.Seconds),7:F1} s  "
            + $"allocated {CsvBenchmark.Median(readings, r => r.Allocated) / MiB,6:F0} MiB  "
            + $"peak working set {CsvBenchmark.Median(readings, r => r.Peak) / MiB,5:F0} MiB");
    }

    /// <summary>A file read as a request body is: forward only, length unknown.</summary>
    private sealed class NotSeekable(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer, cancellationToken);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}

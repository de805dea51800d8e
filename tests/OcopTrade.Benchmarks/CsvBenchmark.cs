using System.Diagnostics;
using System.Text;
using OcopTrade.Functions.Revenue;
using OcopTrade.Tests.Support;

namespace OcopTrade.Benchmarks;

/// <summary>
/// Reading a 32 MiB revenue CSV (the import limit) the way an import does, a row at a time from a UTF-8 stream:
/// the app's reader (Sep, <see cref="Csv.Rows"/>) against the hand-written reader it replaced (<see cref="OldCsv"/>),
/// each in a process of its own so its peak resident set (VmHWM) is its own; alternated, medians of the rounds.
/// Run: dotnet run -c Release --project tests/OcopTrade.Benchmarks -- csv [--rounds 5]
/// </summary>
public static class CsvBenchmark
{
    public const string ReadVerb = "csv-read";
    private const long FileBytes = 32L * 1024 * 1024;

    public static async Task<int> RunAsync(int rounds)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ocop-csv-bench-{Environment.ProcessId}.csv");
        try
        {
            var rows = Write(path);
            var mib = new FileInfo(path).Length / 1024.0 / 1024;
            Console.WriteLine($"\nOcopTrade CSV import reader — {Environment.ProcessorCount} cores, {mib:F1} MiB, "
                + $"{rows:N0} rows (template columns, Vietnamese notes; every 7th note quoted, with a comma, a quote "
                + "and a line break)\n");
            var old = new List<Reading>();
            var ours = new List<Reading>();
            for (var r = 0; r < rounds; r++)
            {
                old.Add(await ReadInChildAsync("old", path));
                ours.Add(await ReadInChildAsync("sep", path));
            }
            Print("before: hand-written reader", old);
            Print("after: Sep (Csv.Rows)", ours);
            double Ratio(Func<Reading, double> of) => Median(ours, of) / Median(old, of);
            Console.WriteLine($"\nRatio after / before: {Ratio(x => x.RowsPerSecond):F2}× rows/s, "
                + $"{Ratio(x => x.Allocated):F2}× allocated, {Ratio(x => x.Peak):F2}× peak working set");
            return 0;
        }
        finally { File.Delete(path); }
    }

    /// <summary>The child: reads the file with one reader, then prints rows, seconds, allocated bytes and VmHWM.
    /// </summary>
    public static int Read(string[] args)
    {
        var (reader, path) = (args[0], args[1]);
        Count(reader, path); // warm: JIT and page cache; the peak below includes it, as an instance's would
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var (rows, cells) = Count(reader, path);
        var seconds = clock.Elapsed.TotalSeconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var hwm = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        var peak = long.Parse(hwm.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        Console.WriteLine(FormattableString.Invariant($"{rows} {cells} {seconds} {allocated} {peak}"));
        return 0;
    }

    private static (long Rows, long Cells) Count(string reader, string path)
    {
        using var text = new StreamReader(File.OpenRead(path), new UTF8Encoding(false, true));
        var rows = reader == "old" ? OldCsv.Rows(text, ImportFiles.MaxColumns) : Csv.Rows(text, ImportFiles.MaxColumns);
        long count = 0, cells = 0;
        foreach (var row in rows) { count++; cells += row.Count; }
        return (count, cells);
    }

    private sealed record Reading(long Rows, double Seconds, double Allocated, double Peak)
    {
        public double RowsPerSecond => Rows / Seconds;
    }

    private static async Task<Reading> ReadInChildAsync(string reader, string path)
    {
        var self = typeof(CsvBenchmark).Assembly.Location;
        var run = await Command.RunAsync("dotnet", [self, ReadVerb, reader, path]);
        if (run.ExitCode != 0) throw new InvalidOperationException(run.Error);
        var f = run.Output.Trim().Split('\n').Last().Split(' ');
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        return new(long.Parse(f[0], invariant), double.Parse(f[2], invariant), double.Parse(f[3], invariant),
            double.Parse(f[4], invariant));
    }

    private static void Print(string name, List<Reading> readings)
    {
        const double MiB = 1024 * 1024;
        Console.WriteLine($"{name,-30} {Median(readings, r => r.RowsPerSecond),12:N0} rows/s  "
            + $"{Median(readings, r => r.Seconds) * 1000,8:F0} ms  "
            + $"allocated {Median(readings, r => r.Allocated) / MiB,6:F0} MiB  "
            + $"peak working set {Median(readings, r => r.Peak) / MiB,5:F0} MiB");
    }

    /// <summary>The median of a figure over the rounds: what every before/after line prints.</summary>
    public static double Median<T>(List<T> readings, Func<T, double> of)
    {
        var sorted = readings.Select(of).Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>Template rows up to the import's byte limit; returns how many were written after the header.</summary>
    private static long Write(string path)
    {
        using var file = new StreamWriter(path, false, new UTF8Encoding(true));
        file.Write(Csv.Line(RevenueImports.Columns));
        long rows = 0;
        while (file.BaseStream.Position < FileBytes - 512)
        {
            var note = rows % 7 == 0 ? "Hội chợ \"Tinh hoa\", Lai Châu\nđợt 2" : "Doanh thu tháng, siêu thị Việt Nam";
            var product = rows % 3 == 0 ? $"product-{rows % 9000:D5}" : "";
            file.Write(Csv.Line($"r-{rows:D7}", $"producer-{rows % 3000:D5}", product, "ecommerce", "shopee",
                $"20{21 + rows % 5}-{1 + rows % 12:D2}", $"{12_500_000 + rows}", $"{rows % 90 + 1}", "", "", note));
            rows++;
            if (rows % 1000 == 0) file.Flush();
        }
        return rows;
    }
}

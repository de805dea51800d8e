using System.Diagnostics;

namespace OcopTrade.Benchmarks;

/// <summary>How busy each process of a run was: CPU seconds per wall second, read from /proc, so a benchmark can say
/// in the same run whether its bound was the configured concurrency or the machine's cores.</summary>
public sealed class CpuShare
{
    private readonly Dictionary<string, int[]> _processes;
    private readonly Dictionary<string, double> _start;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private CpuShare(Dictionary<string, int[]> processes)
    {
        _processes = processes;
        _start = processes.ToDictionary(p => p.Key, p => Seconds(p.Value));
    }

    /// <summary>Azurite (every node process serving these ports), the app, and this process (load and simulator).</summary>
    public static CpuShare Start(BenchmarkApp bench) => new(new()
    {
        ["Azurite"] = NodeProcessesServing(bench.Storage.TablePort, bench.Storage.QueuePort, bench.Storage.BlobPort),
        ["app"] = [bench.App.Id],
        ["load + simulator"] = [Environment.ProcessId],
    });

    /// <summary>Cores used by each since <see cref="Start"/>, e.g. "Azurite 0.98, app 0.71, … of 2 cores".</summary>
    public string Report()
    {
        var wall = _clock.Elapsed.TotalSeconds;
        var parts = _processes.Select(p => $"{p.Key} {(Seconds(p.Value) - _start[p.Key]) / wall:F2}");
        return $"cores busy: {string.Join(", ", parts)} (of {Environment.ProcessorCount})";
    }

    private static int[] NodeProcessesServing(params int[] ports) =>
        Directory.EnumerateDirectories("/proc").Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : -1).Where(pid => pid > 0)
            .Where(pid =>
            {
                try
                {
                    var command = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
                    return command.Contains("azurite") && ports.Any(p => command.Contains(" " + p + " ") || command.EndsWith(" " + p));
                }
                catch (IOException) { return false; }
                catch (UnauthorizedAccessException) { return false; }
            }).ToArray();

    /// <summary>utime + stime of a process and its threads, in seconds (fields 14 and 15 of /proc/pid/stat).</summary>
    private static double Seconds(int[] pids) => pids.Sum(pid =>
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0; // USER_HZ is 100 on Linux
        }
        catch (IOException) { return 0; }
    });
}

using System.Diagnostics;

namespace OcopTrade.Benchmarks;

/// <summary>What one measured run did: how many operations, how long, and each one's latency.</summary>
public sealed record LoadResult(string Name, int Count, int Errors, TimeSpan Elapsed, double[] LatenciesMs)
{
    public double PerSecond => Count / Elapsed.TotalSeconds;

    public double Percentile(double p)
    {
        var sorted = LatenciesMs.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public override string ToString() =>
        $"{Name,-34} {PerSecond,9:F0} ops/s   p50 {Percentile(0.50),7:F2} ms   p99 {Percentile(0.99),7:F2} ms   errors {Errors}";
}

public static class Load
{
    /// <summary>Runs <paramref name="count"/> operations with at most <paramref name="concurrency"/> in flight.</summary>
    public static async Task<LoadResult> RunAsync(string name, int count, int concurrency, Func<int, Task<bool>> operation)
    {
        var latencies = new double[count];
        var next = -1;
        var errors = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                bool ok;
                try { ok = await operation(i); }
                catch (Exception) { ok = false; }
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (!ok) Interlocked.Increment(ref errors);
            }
        }));
        return new LoadResult(name, count, errors, clock.Elapsed, latencies);
    }

    /// <summary>Open-loop load: requests start on schedule whether or not earlier ones finished, as real scans do.</summary>
    public static async Task<LoadResult> FixedRateAsync(
        string name, HttpClient http, string path, int perSecond, int seconds)
    {
        var total = perSecond * seconds;
        var latencies = new double[total];
        var errors = 0;
        var clock = Stopwatch.StartNew();
        var requests = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / perSecond);
            if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
            var index = i;
            requests.Add(Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                try { if ((int)(await http.GetAsync(path)).StatusCode >= 400) Interlocked.Increment(ref errors); }
                catch (HttpRequestException) { Interlocked.Increment(ref errors); }
                latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }));
        }
        await Task.WhenAll(requests);
        return new LoadResult(name, total, errors, clock.Elapsed, latencies);
    }
}

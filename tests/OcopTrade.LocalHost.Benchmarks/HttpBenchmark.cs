using System.Diagnostics;
using OcopTrade.LocalHost.Rpc;

namespace OcopTrade.LocalHost.Benchmarks;

/// <summary>Latency of one GET through the host (routing, InvocationRequest, proxy) against the same invocation
/// made straight to the worker's Kestrel: the InvocationRequest sent on the worker's stream and the request sent
/// to its HttpUri with x-ms-invocation-id, with no host front in between.</summary>
public static class HttpBenchmark
{
    public static async Task RunAsync(LocalFunctionsHost host, int requests)
    {
        using var client = new HttpClient();
        var worker = await host.ReadyWorkerAsync(CancellationToken.None);
        var throughHost = new Uri(host.HttpUri, "items/42");
        var straight = new Uri(worker.HttpUri!, "items/42");
        await MeasureAsync(() => ViaHostAsync(client, throughHost), 200); // warm up both paths
        await MeasureAsync(() => StraightAsync(client, worker, straight), 200);
        var viaHost = await MeasureAsync(() => ViaHostAsync(client, throughHost), requests);
        var direct = await MeasureAsync(() => StraightAsync(client, worker, straight), requests);
        Console.WriteLine($"HTTP GET /items/42, {requests} sequential requests");
        Console.WriteLine($"  through the host : p50 {P(viaHost, 50):F3} ms  p99 {P(viaHost, 99):F3} ms");
        Console.WriteLine($"  straight to worker: p50 {P(direct, 50):F3} ms  p99 {P(direct, 99):F3} ms");
        Console.WriteLine($"  host adds         : p50 {P(viaHost, 50) - P(direct, 50):F3} ms  " +
                          $"p99 {P(viaHost, 99) - P(direct, 99):F3} ms  " +
                          $"(ratio p50 {P(viaHost, 50) / P(direct, 50):F2})");
    }

    private static async Task ViaHostAsync(HttpClient client, Uri uri)
    {
        using var response = await client.GetAsync(uri);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task StraightAsync(HttpClient client, Worker.WorkerChannel worker, Uri uri)
    {
        var invocationId = Guid.NewGuid().ToString();
        var request = new InvocationRequest
        {
            InvocationId = invocationId, FunctionId = worker.FunctionIds["ItemById"],
            TraceContext = new RpcTraceContext { TraceParent = Http.HttpInvoker.NewTraceParent() },
        };
        request.TriggerMetadata["id"] = new TypedData { String = "42" };
        request.InputData.Add(new ParameterBinding
        {
            Name = "request", Data = new TypedData { Http = new RpcHttp { Method = "GET", Url = uri.ToString() } },
        });
        var invocation = worker.InvokeAsync(request);
        using var message = new HttpRequestMessage(HttpMethod.Get, uri);
        message.Headers.Add("x-ms-invocation-id", invocationId);
        using var response = await client.SendAsync(message);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
        await invocation;
    }

    private static async Task<double[]> MeasureAsync(Func<Task> call, int count)
    {
        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await call();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        return times;
    }

    private static double P(double[] sorted, int percentile) =>
        sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1)];
}

using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace OcopTrade.LocalHost.Benchmarks;

/// <summary>Messages/s of the Work queue function through the host (WebJobs listener, gRPC invocation, the
/// worker's handler writing its record) against a bare QueueClient loop running the same handler code (the same
/// record written to the same Azurite) with the host's own batching: receive batchSize, receive again once no
/// more than newBatchThreshold are still running. Each side first drains two warm-up rounds; then measured rounds
/// alternate, each a full queue whose messages become visible at one instant. Rates come from the records' own
/// timestamps; the CPU each process spent per message says where the host's time goes.</summary>
public sealed class QueueBenchmark(LocalFunctionsHost host, string connection, IReadOnlyDictionary<string, string>
    settings, int batchSize, int newBatchThreshold)
{
    private static readonly QueueClientOptions Options = new() { MessageEncoding = QueueMessageEncoding.Base64 };
    private readonly TableClient _records = new(connection, settings["RecordsTable"]);
    private readonly QueueClient _hostQueue = new(connection, settings["WorkQueue"], Options);
    private readonly QueueClient _bareQueue = new(connection, "bench-bare", Options);
    private int _running;

    public async Task RunAsync(int messages, int rounds)
    {
        await _hostQueue.CreateIfNotExistsAsync();
        await _bareQueue.CreateIfNotExistsAsync();
        // Code is jitted, then tiered up only after many calls and a quiet moment: two whole rounds each to warm.
        foreach (var warm in new[] { "warm1", "warm2" })
        {
            await HostRoundAsync(warm, messages);
            await BareRoundAsync(warm, messages);
        }
        Console.WriteLine($"Queue, {messages} messages a round, batchSize {batchSize}, " +
                          $"newBatchThreshold {newBatchThreshold}, rounds in turn");
        var ratios = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            var viaHost = await HostRoundAsync($"r{round}", messages);
            var bare = await BareRoundAsync($"r{round}", messages);
            Console.WriteLine($"  round {round}: host {viaHost}");
            Console.WriteLine($"           bare {bare}");
            ratios.Add(viaHost.Rate / bare.Rate);
        }
        Console.WriteLine($"  ratio host / bare: {string.Join("  ", ratios.Select(r => r.ToString("F2")))}" +
                          $"  (median {ratios.Order().ElementAt(ratios.Count / 2):F2})");
    }

    private async Task<Round> HostRoundAsync(string round, int messages)
    {
        var cpu = CpuNow();
        await FillAsync(_hostQueue, round, messages);
        var result = await RoundAsync("Work", round, messages);
        return result with { Cpu = Cpu(cpu, messages) };
    }

    private async Task<Round> BareRoundAsync(string round, int messages)
    {
        var cpu = CpuNow();
        await FillAsync(_bareQueue, round, messages);
        await BareLoopAsync(messages);
        var result = await RoundAsync("Bare", round, messages);
        return result with { Cpu = Cpu(cpu, messages) };
    }

    /// <summary>Sends the round's messages invisible until one instant after the last is sent, so the listener
    /// meets a full queue as it would after a burst, and no send competes with the round.</summary>
    private static async Task FillAsync(QueueClient queue, string round, int messages)
    {
        var due = DateTimeOffset.UtcNow.AddSeconds(3 + messages / 50.0);
        for (var sent = 0; sent < messages; sent += 50)
            await Task.WhenAll(Enumerable.Range(sent, Math.Min(50, messages - sent)).Select(i =>
                queue.SendMessageAsync($"{round} {i}", visibilityTimeout: UntilDue(due))));
        if (DateTimeOffset.UtcNow > due) Console.WriteLine("  (the machine was slow: sending overlapped the round)");
        await Task.Delay(UntilDue(due));
    }

    private static TimeSpan UntilDue(DateTimeOffset due) =>
        due - DateTimeOffset.UtcNow is { Ticks: > 0 } wait ? wait : TimeSpan.Zero;

    /// <summary>The host listener's loop, in the open: a batch, then the next once few enough still run.</summary>
    private async Task BareLoopAsync(int messages)
    {
        var (received, running) = (0, new List<Task>());
        while (received < messages)
        {
            var batch = (await _bareQueue.ReceiveMessagesAsync(batchSize)).Value;
            received += batch.Length;
            running.AddRange(batch.Select(async message =>
            {
                await HandleAsync(message.MessageId, message.MessageText, message.DequeueCount);
                await _bareQueue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }));
            while (running.Count > newBatchThreshold) running.Remove(await Task.WhenAny(running));
        }
        await Task.WhenAll(running);
    }

    /// <summary>What the worker's Work function does with a message (its Records.AddAsync).</summary>
    private async Task HandleAsync(string id, string text, long dequeueCount)
    {
        var running = Interlocked.Increment(ref _running);
        try
        {
            await _records.CreateIfNotExistsAsync();
            await _records.AddEntityAsync(new TableEntity("Bare", $"{id}-{Guid.NewGuid():N}")
            {
                ["Message"] = text, ["DequeueCount"] = dequeueCount, ["Running"] = running,
                ["Worker"] = Environment.ProcessId, ["At"] = DateTimeOffset.UtcNow,
            });
        }
        finally { Interlocked.Decrement(ref _running); }
    }

    /// <summary>Waits for the round's records, then divides their count by the span of their timestamps.</summary>
    private async Task<Round> RoundAsync(string function, string round, int messages)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            var records = await RecordsAsync(function, round);
            if (records.Count >= messages)
                return new Round(records.Count / (records.Max(r => r.At) - records.Min(r => r.At)).TotalSeconds,
                    records.Max(r => r.Running), default);
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{records.Count} of {messages} {function}");
            await Task.Delay(200);
        }
    }

    private async Task<List<(DateTimeOffset At, int Running)>> RecordsAsync(string function, string round)
    {
        try
        {
            return await _records.QueryAsync<TableEntity>(e => e.PartitionKey == function,
                    select: ["At", "Running", "Message"])
                .Where(e => e.GetString("Message").StartsWith(round + " ", StringComparison.Ordinal))
                .Select(e => (e.GetDateTimeOffset("At")!.Value, e.GetInt32("Running")!.Value)).ToListAsync();
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404) { return []; } // no record written yet
    }

    private (TimeSpan Here, TimeSpan Worker) CpuNow()
    {
        using var here = Process.GetCurrentProcess();
        using var worker = Process.GetProcessById(host.Worker.ProcessId!.Value);
        return (here.TotalProcessorTime, worker.TotalProcessorTime);
    }

    private CpuPerMessage Cpu((TimeSpan Here, TimeSpan Worker) before, int messages)
    {
        var now = CpuNow();
        return new CpuPerMessage((now.Here - before.Here).TotalMilliseconds / messages,
            (now.Worker - before.Worker).TotalMilliseconds / messages);
    }

    /// <summary>One round's rate, the most messages seen running at once, and CPU ms per message spent by this
    /// process (the host, or the bare loop) and by the worker.</summary>
    private sealed record Round(double Rate, int MostAtOnce, CpuPerMessage Cpu)
    {
        public override string ToString() =>
            $"{Rate,6:F0} messages/s, at most {MostAtOnce,2} at once, CPU per message: " +
            $"this process {Cpu.Here:F2} ms, worker {Cpu.Worker:F2} ms";
    }

    private readonly record struct CpuPerMessage(double Here, double Worker);
}

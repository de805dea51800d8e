using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace OcopTrade.LocalHost.Benchmarks;

/// <summary>Messages/s of the Work queue function through the host (WebJobs listener, gRPC invocation, the
/// worker's handler writing its record) against a bare QueueClient receive(16)-handle-delete loop running the same
/// handler code (the same record written to the same Azurite). Both rates come from the records' own timestamps.
/// </summary>
public static class QueueBenchmark
{
    private static readonly QueueClientOptions Options = new() { MessageEncoding = QueueMessageEncoding.Base64 };

    /// <summary>Fills the host's queue before the host starts, so its listener drains a full queue.</summary>
    public static async Task FillHostQueueAsync(string connection, IReadOnlyDictionary<string, string> settings,
        int messages)
    {
        var hostQueue = new QueueClient(connection, settings["WorkQueue"], Options);
        await hostQueue.CreateIfNotExistsAsync();
        await FillAsync(hostQueue, messages);
    }

    public static Task<double> HostRateAsync(string connection, IReadOnlyDictionary<string, string> settings,
        int messages) => RateAsync(new TableClient(connection, settings["RecordsTable"]), "Work", messages);

    public static async Task RunBareAsync(string connection, IReadOnlyDictionary<string, string> settings,
        int messages, double viaHost)
    {
        var options = Options;
        var records = new TableClient(connection, settings["RecordsTable"]);
        var bareQueue = new QueueClient(connection, "bench-bare", options);
        await bareQueue.CreateIfNotExistsAsync();
        await FillAsync(bareQueue, messages);
        await BareLoopAsync(bareQueue, records, messages);
        var bare = await RateAsync(records, "Bare", messages);

        Console.WriteLine($"Queue, {messages} messages, batch 16");
        Console.WriteLine($"  through the host : {viaHost:F0} messages/s");
        Console.WriteLine($"  bare receive loop: {bare:F0} messages/s");
        Console.WriteLine($"  ratio host / bare: {viaHost / bare:F2}");
    }

    private static async Task FillAsync(QueueClient queue, int messages)
    {
        for (var sent = 0; sent < messages; sent += 50)
            await Task.WhenAll(Enumerable.Range(sent, Math.Min(50, messages - sent))
                .Select(i => queue.SendMessageAsync($"bench {i}")));
    }

    private static async Task BareLoopAsync(QueueClient queue, TableClient records, int messages)
    {
        var handled = 0;
        while (handled < messages)
        {
            var batch = (await queue.ReceiveMessagesAsync(16)).Value;
            await Task.WhenAll(batch.Select(async message =>
            {
                await HandleAsync(records, "Bare", message.MessageId, message.MessageText, message.DequeueCount);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }));
            handled += batch.Length;
        }
    }

    /// <summary>What the worker's Work function does with a message (TestWorker's Records.AddAsync).</summary>
    private static Task HandleAsync(TableClient records, string function, string id, string text, long dequeueCount)
    {
        var entity = new TableEntity(function, $"{id}-{Guid.NewGuid():N}")
        {
            ["Message"] = text, ["DequeueCount"] = dequeueCount, ["Running"] = 1,
            ["Worker"] = Environment.ProcessId, ["At"] = DateTimeOffset.UtcNow,
        };
        return records.AddEntityAsync(entity);
    }

    private static async Task<List<DateTimeOffset>> TimesAsync(TableClient records, string function)
    {
        try
        {
            return await records.QueryAsync<TableEntity>(e => e.PartitionKey == function, select: ["At"])
                .Select(e => e.GetDateTimeOffset("At")!.Value).ToListAsync();
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404) { return []; } // no record written yet
    }

    /// <summary>Waits for all records, then divides their count by the span of their timestamps.</summary>
    private static async Task<double> RateAsync(TableClient records, string function, int messages)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            var at = await TimesAsync(records, function);
            if (at.Count >= messages) return at.Count / (at.Max() - at.Min()).TotalSeconds;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{at.Count} of {messages} {function} runs");
            await Task.Delay(500);
        }
    }
}

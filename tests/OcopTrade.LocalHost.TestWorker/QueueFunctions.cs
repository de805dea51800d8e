using Microsoft.Azure.Functions.Worker;

namespace OcopTrade.LocalHost.TestWorker;

/// <summary>Queue functions that record each delivery, so the tests see what the host ran and how.</summary>
public sealed class QueueFunctions(Records records)
{
    private static int _running;

    /// <summary>Records the message, its DequeueCount and how many ran at once; "slow:N" holds it N ms.</summary>
    [Function("Work")]
    public async Task Work([QueueTrigger("%WorkQueue%")] string message, FunctionContext context)
    {
        var (dequeueCount, id) = (long.Parse(Metadata(context, "DequeueCount")), Metadata(context, "Id"));
        var running = Interlocked.Increment(ref _running);
        try
        {
            if (message.StartsWith("slow:", StringComparison.Ordinal))
                await Task.Delay(int.Parse(message[5..]));
            await records.AddAsync("Work", id, new Dictionary<string, object?>
            {
                ["Message"] = message, ["DequeueCount"] = dequeueCount, ["Running"] = running,
            });
        }
        finally { Interlocked.Decrement(ref _running); }
    }

    /// <summary>Always fails after recording the attempt: the host retries it and then moves it to poison.</summary>
    [Function("Fails")]
    public async Task Fails([QueueTrigger("%FailQueue%")] string message, FunctionContext context)
    {
        await records.AddAsync("Fails", Metadata(context, "Id"), new Dictionary<string, object?>
        {
            ["Message"] = message, ["DequeueCount"] = long.Parse(Metadata(context, "DequeueCount")),
        });
        throw new InvalidOperationException("This function always fails.");
    }

    /// <summary>The first delivery kills the worker before finishing; the next one is recorded.</summary>
    [Function("Crash")]
    public async Task Crash([QueueTrigger("%CrashQueue%")] string message, FunctionContext context)
    {
        var (dequeueCount, id) = (long.Parse(Metadata(context, "DequeueCount")), Metadata(context, "Id"));
        if (dequeueCount == 1) Environment.Exit(4);
        await records.AddAsync("Crash", id, new Dictionary<string, object?>
        {
            ["Message"] = message, ["DequeueCount"] = dequeueCount,
        });
    }

    /// <summary>The trigger metadata the host sent (DequeueCount, Id, ...), as the worker binds it.</summary>
    private static string Metadata(FunctionContext context, string name) =>
        context.BindingContext.BindingData[name]?.ToString()?.Trim('"') ?? throw new InvalidOperationException(name);
}

using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Storage.Queues.Models;
using OcopTrade.LocalHost.Http;
using OcopTrade.LocalHost.Rpc;
using OcopTrade.LocalHost.Worker;

namespace OcopTrade.LocalHost.Triggers;

/// <summary>Turns a trigger the WebJobs SDK fired (a queue message, a timer occurrence) into an
/// InvocationRequest to the worker, as the host does. A failed invocation, or a worker that died during it, throws:
/// the SDK then counts a failed attempt (the message becomes visible again after visibilityTimeout, and goes to
/// poison after maxDequeueCount).</summary>
public sealed class TriggerDispatcher(Workers workers, IReadOnlyList<FunctionDefinition> functions)
{
    private readonly Dictionary<string, string> _triggerNames = functions.ToDictionary(f => f.Name, f => f.TriggerName);

    private static readonly ConcurrentDictionary<string, TriggerDispatcher> ByHost = new();

    private readonly CancellationTokenSource _stopping = new();

    public void Register(string hostKey) => ByHost[hostKey] = this;

    /// <summary>Ends the waits of triggers fired while no worker is ready (a runOnStartup timer of a host whose
    /// worker never starts), which would otherwise hold the listeners' stop forever.</summary>
    public void Stop() => _stopping.Cancel();
    public static void Unregister(string hostKey) => ByHost.TryRemove(hostKey, out _);

    /// <summary>Called by the emitted functions.</summary>
    public static Task QueueAsync(string hostKey, string function, QueueMessage message, CancellationToken cancel) =>
        ByHost[hostKey].InvokeAsync(function, QueueInvocation(message), cancel);

    /// <summary>Called by the emitted timer functions.</summary>
    public static Task TimerAsync(string hostKey, string function, Microsoft.Azure.WebJobs.TimerInfo timer,
        CancellationToken cancel) => ByHost[hostKey].InvokeAsync(function, TimerInvocation(timer), cancel);

    public bool Knows(string function) => functions.Any(f => f.Name == function && !f.Is("httpTrigger"));

    /// <summary>A run asked for by name (the admin API): a queue function gets <paramref name="input"/> as a
    /// first delivery of a message, a timer function an occurrence that is not past due.</summary>
    public Task RunAsync(string function, string? input, CancellationToken cancellation)
    {
        var definition = functions.FirstOrDefault(f => f.Name == function)
            ?? throw new ArgumentException($"No function {function}.", nameof(function));
        return definition.Is("queueTrigger")
            ? InvokeAsync(function, QueueInvocation(QueuesModelFactory.QueueMessage(Guid.NewGuid().ToString(), "",
                input ?? "", 1, insertedOn: DateTimeOffset.UtcNow)), cancellation)
            : InvokeAsync(function, TimerInvocation(new Microsoft.Azure.WebJobs.TimerInfo(null!, null!, false)),
                cancellation);
    }

    public async Task InvokeAsync(string function, Func<string, string, InvocationRequest> invocation,
        CancellationToken cancellation)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellation, _stopping.Token);
        var channel = await workers.ReadyAsync(waiting.Token);
        var trigger = _triggerNames[function];
        var request = invocation(channel.FunctionIds[function], trigger);
        var response = await channel.InvokeAsync(request);
        if (response.Result?.Status != StatusResult.Types.Status.Success)
            throw new FunctionFailedException(function, response.Result?.Exception?.Message);
    }

    private static Func<string, string, InvocationRequest> QueueInvocation(QueueMessage message) =>
        (functionId, triggerName) =>
        {
            var request = NewRequest(functionId);
            request.InputData.Add(new ParameterBinding
            {
                Name = triggerName, Data = new TypedData { String = message.MessageText },
            });
            var metadata = request.TriggerMetadata;
            metadata["QueueTrigger"] = new TypedData { String = message.MessageText };
            metadata["DequeueCount"] = Json(message.DequeueCount);
            metadata["Id"] = new TypedData { String = message.MessageId };
            metadata["PopReceipt"] = new TypedData { String = message.PopReceipt };
            metadata["InsertionTime"] = Json(message.InsertedOn);
            metadata["ExpirationTime"] = Json(message.ExpiresOn);
            metadata["NextVisibleTime"] = Json(message.NextVisibleOn);
            return request;
        };

    /// <summary>The worker's TimerInfo: ScheduleStatus {Last, Next, LastUpdated} and IsPastDue.</summary>
    private static Func<string, string, InvocationRequest> TimerInvocation(Microsoft.Azure.WebJobs.TimerInfo timer) =>
        (functionId, triggerName) =>
        {
            var request = NewRequest(functionId);
            var status = timer.ScheduleStatus is { } s ? new { s.Last, s.Next, s.LastUpdated } : null;
            var info = Json(new { Schedule = new { AdjustForDST = true }, ScheduleStatus = status, timer.IsPastDue });
            request.InputData.Add(new ParameterBinding { Name = triggerName, Data = info });
            return request;
        };

    public static InvocationRequest NewRequest(string functionId) => new()
    {
        InvocationId = Guid.NewGuid().ToString(),
        FunctionId = functionId,
        TraceContext = new RpcTraceContext { TraceParent = HttpInvoker.NewTraceParent() },
    };

    public static TypedData Json<T>(T value) => new() { Json = JsonSerializer.Serialize(value) };
}

public sealed class FunctionFailedException(string function, string? reason)
    : Exception($"Function {function} failed: {reason}");

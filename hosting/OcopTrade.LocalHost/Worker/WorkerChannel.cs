using System.Collections.Concurrent;
using System.Threading.Channels;
using OcopTrade.LocalHost.Rpc;

namespace OcopTrade.LocalHost.Worker;

/// <summary>One connected worker: its outbound messages, its functions once loaded, its invocations in flight.
/// </summary>
public sealed class WorkerChannel(string workerId)
{
    private readonly Channel<StreamingMessage> _outbound = Channel.CreateUnbounded<StreamingMessage>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<InvocationResponse>> _inFlight = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string WorkerId { get; } = workerId;
    public Uri? HttpUri { get; set; }
    public IReadOnlyDictionary<string, string> FunctionIds { get; set; } = new Dictionary<string, string>();
    public Task Ready => _ready.Task;
    public bool IsGone { get; private set; }
    public ChannelReader<StreamingMessage> Outbound => _outbound.Reader;

    public void Send(StreamingMessage message) => _outbound.Writer.TryWrite(message);

    public void MarkReady() => _ready.TrySetResult();

    /// <summary>Sends an invocation and completes when the worker answers; fails if the worker goes first.</summary>
    public Task<InvocationResponse> InvokeAsync(InvocationRequest request)
    {
        var answer = new TaskCompletionSource<InvocationResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _inFlight[request.InvocationId] = answer;
        if (IsGone) answer.TrySetException(new WorkerGoneException(WorkerId));
        else Send(new StreamingMessage { InvocationRequest = request });
        return answer.Task;
    }

    public void Complete(InvocationResponse response)
    {
        if (_inFlight.TryRemove(response.InvocationId, out var answer)) answer.TrySetResult(response);
    }

    /// <summary>The worker's stream ended or its process died: nothing in flight will be answered.</summary>
    public void Gone()
    {
        IsGone = true;
        _outbound.Writer.TryComplete();
        _ready.TrySetException(new WorkerGoneException(WorkerId));
        foreach (var id in _inFlight.Keys)
            if (_inFlight.TryRemove(id, out var answer)) answer.TrySetException(new WorkerGoneException(WorkerId));
    }
}

public sealed class WorkerGoneException(string workerId)
    : Exception($"The worker {workerId} went away before answering.");

using System.Text.Json.Nodes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using OcopTrade.LocalHost.Rpc;

namespace OcopTrade.LocalHost.Worker;

/// <summary>The host's end of FunctionRpc.EventStream: the handshake (init, metadata, load), then invocations.
/// </summary>
public sealed class FunctionRpcService(
    LocalHostOptions options, Workers workers, WorkerProcess process,
    Microsoft.Extensions.Hosting.IHostApplicationLifetime lifetime, ILogger<FunctionRpcService> logger)
    : FunctionRpc.FunctionRpcBase
{
    public override async Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream,
        IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context)
    {
        if (!await requestStream.MoveNext() || requestStream.Current.StartStream is not { } start) return;
        var channel = new WorkerChannel(start.WorkerId);
        process.Connected(channel);
        var writing = WriteAsync(channel, responseStream);
        channel.Send(InitRequest());
        // A host that stops ends the stream itself: a worker keeps its end open, and the host's stop would otherwise
        // wait its whole shutdown timeout for this call to finish.
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken,
            lifetime.ApplicationStopping);
        try
        {
            while (await requestStream.MoveNext(ending.Token)) Handle(channel, requestStream.Current);
        }
        catch (Exception e) when (e is IOException or Grpc.Core.RpcException or OperationCanceledException)
        {
            logger.LogDebug(e, "The stream of worker {Worker} broke.", channel.WorkerId);
        }
        finally
        {
            workers.Lost(channel);
            await writing;
        }
    }

    /// <summary>Writes what is queued for the worker, flushing once per burst rather than once per message: a
    /// listener's batch of invocations reaches the worker in one write to the socket.</summary>
    private static async Task WriteAsync(WorkerChannel channel, IServerStreamWriter<StreamingMessage> stream)
    {
        var outbound = channel.Outbound;
        try
        {
            while (await outbound.WaitToReadAsync())
                while (outbound.TryRead(out var message))
                {
                    stream.WriteOptions = outbound.TryPeek(out _) ? Buffered : null;
                    await stream.WriteAsync(message);
                }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or OperationCanceledException)
        {
            // the worker is gone; its reader ends the stream
        }
    }

    private static readonly WriteOptions Buffered = new(WriteFlags.BufferHint);

    private StreamingMessage InitRequest() => new()
    {
        RequestId = Guid.NewGuid().ToString(),
        WorkerInitRequest = new WorkerInitRequest
        {
            HostVersion = "4.1000.0",
            WorkerDirectory = options.AppDirectory,
            FunctionAppDirectory = options.AppDirectory,
        },
    };

    private void Handle(WorkerChannel channel, StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.WorkerInitResponse: Initialised(channel, message); break;
            case StreamingMessage.ContentOneofCase.FunctionMetadataResponse: Indexed(channel, message); break;
            case StreamingMessage.ContentOneofCase.FunctionLoadResponse: FunctionLoaded(channel, message); break;
            case StreamingMessage.ContentOneofCase.InvocationResponse:
                channel.Complete(message.InvocationResponse);
                break;
            case StreamingMessage.ContentOneofCase.RpcLog: Log(message.RpcLog); break;
            case StreamingMessage.ContentOneofCase.WorkerStatusRequest:
                channel.Send(new StreamingMessage { RequestId = message.RequestId, WorkerStatusResponse = new() });
                break;
        }
    }

    private void Initialised(WorkerChannel channel, StreamingMessage message)
    {
        var init = message.WorkerInitResponse;
        if (init.Result?.Status != StatusResult.Types.Status.Success)
        {
            logger.LogError("Worker {Worker} failed to initialise: {Error}", channel.WorkerId,
                init.Result?.Exception?.Message);
            return;
        }
        if (options.WorkerHttpUri is { } given) channel.HttpUri = given;
        else if (init.Capabilities.TryGetValue("HttpUri", out var uri)) channel.HttpUri = new Uri(uri);
        channel.Send(new StreamingMessage
        {
            RequestId = Guid.NewGuid().ToString(),
            FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = options.AppDirectory },
        });
    }

    /// <summary>Loads every function the worker indexed (or, if it asks the host to index, functions.metadata).
    /// </summary>
    private void Indexed(WorkerChannel channel, StreamingMessage message)
    {
        var response = message.FunctionMetadataResponse;
        var functions = response.UseDefaultMetadataIndexing || response.FunctionMetadataResults.Count == 0
            ? FunctionDefinition.ReadAll(options.AppDirectory).Select(FromDefinition).ToList()
            : response.FunctionMetadataResults.ToList();
        var ids = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var function in functions)
        {
            if (string.IsNullOrEmpty(function.FunctionId)) function.FunctionId = Guid.NewGuid().ToString();
            AddBindings(function);
            ids[function.Name] = function.FunctionId;
        }
        channel.FunctionIds = ids;
        _pending[channel] = ids.Count;
        foreach (var function in functions)
            channel.Send(new StreamingMessage
            {
                RequestId = Guid.NewGuid().ToString(),
                FunctionLoadRequest = new FunctionLoadRequest { FunctionId = function.FunctionId, Metadata = function },
            });
        if (ids.Count == 0) _ = LoadedAsync(channel);
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<WorkerChannel, int> _pending = new();

    private void FunctionLoaded(WorkerChannel channel, StreamingMessage message)
    {
        var load = message.FunctionLoadResponse;
        if (load.Result?.Status != StatusResult.Types.Status.Success)
            logger.LogError("Function {Function} failed to load: {Error}", load.FunctionId,
                load.Result?.Exception?.Message);
        if (_pending.AddOrUpdate(channel, 0, (_, left) => left - 1) == 0) _ = LoadedAsync(channel);
    }

    private async Task LoadedAsync(WorkerChannel channel)
    {
        _pending.TryRemove(channel, out _);
        if (channel.HttpUri is { } uri) await ListeningAsync(uri);
        channel.MarkReady();
        workers.Loaded(channel);
        logger.LogInformation("Worker {Worker} loaded {Count} functions; HTTP at {Uri}.", channel.WorkerId,
            channel.FunctionIds.Count, channel.HttpUri);
    }

    /// <summary>The worker reports its HttpUri before its Kestrel accepts connections; requests wait for it.</summary>
    private static async Task ListeningAsync(Uri uri)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync(uri.Host, uri.Port);
                return;
            }
            catch (System.Net.Sockets.SocketException) { await Task.Delay(100); }
        }
    }

    private static RpcFunctionMetadata FromDefinition(FunctionDefinition definition)
    {
        var metadata = new RpcFunctionMetadata { Name = definition.Name, Language = "dotnet-isolated" };
        metadata.RawBindings.AddRange(definition.Bindings.Select(b => b.ToJsonString()));
        return metadata;
    }

    /// <summary>The worker builds its binding definitions from the typed map, so fill it from the raw bindings.
    /// </summary>
    private static void AddBindings(RpcFunctionMetadata function)
    {
        if (function.Bindings.Count > 0) return;
        foreach (var raw in function.RawBindings)
        {
            var binding = JsonNode.Parse(raw)!.AsObject();
            var info = new BindingInfo
            {
                Type = binding["type"]!.GetValue<string>(),
                Direction = Enum.Parse<BindingInfo.Types.Direction>(
                    binding["direction"]?.GetValue<string>() ?? "in", ignoreCase: true),
                DataType = Enum.TryParse<BindingInfo.Types.DataType>(binding["dataType"]?.GetValue<string>(),
                    ignoreCase: true, out var dataType) ? dataType : BindingInfo.Types.DataType.Undefined,
            };
            if (binding["properties"] is JsonObject properties)
                foreach (var (name, value) in properties) info.Properties[name] = value?.ToString() ?? "";
            function.Bindings[binding["name"]!.GetValue<string>()] = info;
        }
    }

    private void Log(RpcLog log)
    {
        var level = log.Level switch
        {
            RpcLog.Types.Level.Error or RpcLog.Types.Level.Critical => LogLevel.Warning,
            _ => LogLevel.Debug,
        };
        logger.Log(level, "[worker] {Category}: {Message} {Exception}", log.Category, log.Message,
            log.Exception?.Message);
    }
}

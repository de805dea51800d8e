using System.Diagnostics;
using System.Text.Json.Nodes;
using OcopTrade.Functions.Observability;

namespace OcopTrade.Functions.Runtime;

/// <summary>Runs a queue or timer function by name. Both the HTTP invocation endpoint (what Azure calls) and the
/// local listeners go through here, so there is one path into every handler, and the one place where a job takes
/// the correlation of the request that queued it (<see cref="JobMessages"/>), is traced and measured.</summary>
public sealed class FunctionInvoker(IServiceProvider services, IEnumerable<FunctionDefinition> table, ILogger<FunctionInvoker> logger)
{
    private readonly Dictionary<string, FunctionDefinition> _byName =
        table.Where(f => f.Handler is not null).ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);

    public bool Knows(string name) => _byName.ContainsKey(name);

    public async Task<(bool Succeeded, InvocationResult Result)> InvokeAsync(string name, InvocationRequest invocation, CancellationToken cancellationToken)
    {
        var definition = _byName[name];
        var handler = services.GetRequiredKeyedService<ITriggeredFunction>(definition.Name);
        JobContext? context = null;
        if (definition.Trigger is QueueTrigger queue && invocation.Text(queue.Binding) is { } text)
        {
            (var bare, context) = JobMessages.Open(text);
            if (context is not null) invocation = invocation with { Data = WithBinding(invocation.Data, queue.Binding, bare) };
        }
        // A queued job continues its sender's correlation; a timer (or a host call carrying X-Correlation-Id) starts one.
        var correlationId = context?.Id ?? Correlation.Current ?? Correlation.NewId();
        ActivityContext.TryParse(context?.TraceParent, null, out var parent);
        using var activity = OcopTelemetry.Jobs.StartActivity(definition.Name, ActivityKind.Consumer, parent);
        using var _ = Correlation.Begin(correlationId, logger);
        var started = Stopwatch.GetTimestamp();
        var outcome = "failure";
        try
        {
            var result = await handler.InvokeAsync(invocation, cancellationToken);
            outcome = "success";
            logger.LogInformation("Function {Function} succeeded in {Elapsed:0} ms", definition.Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            // Under Azure the host records these lines in Application Insights: the id lets them be found.
            result.Logs.Add($"{Correlation.LogProperty}={correlationId}");
            return (true, result);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            logger.LogWarning(e, "Function {Function} failed", definition.Name);
            // The exception is logged just above; its message (which may quote data) goes nowhere else.
            return (false, new InvocationResult([], [$"{definition.Name} failed", $"{Correlation.LogProperty}={correlationId}"], null));
        }
        finally
        {
            var tags = new[] { new KeyValuePair<string, object?>("function", definition.Name), new("outcome", outcome) };
            OcopTelemetry.JobDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
            if (invocation.Metadata["InsertionTime"] is JsonValue inserted && inserted.TryGetValue(out string? at) && DateTimeOffset.TryParse(at, out var queuedAt))
                OcopTelemetry.JobLatency.Record(Math.Max(0, (DateTimeOffset.UtcNow - queuedAt).TotalSeconds), tags);
        }
    }

    private static JsonObject WithBinding(JsonObject data, string binding, string text)
    {
        var copy = (JsonObject)data.DeepClone();
        copy[binding] = text;
        return copy;
    }

    public static JsonObject SystemMetadata(string name) => new()
    {
        ["MethodName"] = name,
        ["UtcNow"] = DateTimeOffset.UtcNow.ToString("O"),
        ["RandGuid"] = Guid.NewGuid().ToString(),
    };
}

using System.Diagnostics;
using Azure.Storage.Queues;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using OcopTrade.Functions.Observability;

namespace OcopTrade.Functions.Platform;

/// <summary>Around every queue and timer function: the job takes the correlation of the request that queued it
/// (<see cref="JobMessages"/>), or starts one; it is traced and measured; what it did is logged under its name; and
/// a message that cannot be read as its record goes to the poison queue at once, since no retry will read it better.
/// </summary>
public sealed class JobInvocations(QueueServiceClient queues, ILogger<JobInvocations> logger)
    : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var trigger = context.FunctionDefinition.InputBindings.Values.FirstOrDefault(b => b.Type.EndsWith("Trigger"));
        if (trigger is null || trigger.Type == "httpTrigger")
        {
            await next(context);
            return;
        }
        var name = context.FunctionDefinition.Name;
        var sent = context.Text() is { } text ? JobMessages.Open(text).Context : null;
        var correlationId = sent?.Id ?? Correlation.NewId();
        ActivityContext.TryParse(sent?.TraceParent, null, out var parent);
        using var activity = OcopTelemetry.Jobs.StartActivity(name, ActivityKind.Consumer, parent);
        using var _ = Correlation.Begin(correlationId, logger);
        var started = Stopwatch.GetTimestamp();
        var outcome = "failure";
        try
        {
            await next(context);
            outcome = "success";
            Log(context, name, started);
        }
        catch (FunctionInputConverterException e) when (trigger.Type == "queueTrigger")
        {
            await PoisonAsync(context, name, e);
            outcome = "malformed";
        }
        catch (Exception e)
            when (e is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            // The exception's message may quote data: it goes to this log only, and the host sees a plain failure.
            logger.LogWarning(e, "Function {Function} failed", name);
            throw new JobFailedException(name);
        }
        finally
        {
            var tags = new[] { new KeyValuePair<string, object?>("function", name), new("outcome", outcome) };
            OcopTelemetry.JobDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
            if (InsertedAt(context) is { } queuedAt)
                OcopTelemetry.JobLatency.Record(Math.Max(0, (DateTimeOffset.UtcNow - queuedAt).TotalSeconds), tags);
        }
    }

    private void Log(FunctionContext context, string name, long started)
    {
        if (context.GetInvocationResult().Value is JobResult result)
        {
            foreach (var line in result.Logs) logger.LogInformation("{Function}: {Result}", name, line);
            context.GetInvocationResult().Value = null;
        }
        logger.LogInformation("Function {Function} succeeded in {Elapsed:0} ms", name,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private async Task PoisonAsync(FunctionContext context, string name, Exception e)
    {
        var queue = context.FunctionDefinition.InputBindings.Values.First(b => b.Type == "queueTrigger");
        var queueName = JobQueues.Of(name) ?? throw new InvalidOperationException($"{name}: no queue name.", e);
        await queues.GetQueueClient(queueName + "-poison").SendMessageAsync(context.Text() ?? "");
        OcopTelemetry.Poisoned.Add(1, new KeyValuePair<string, object?>("queue", queueName));
        logger.LogWarning("{Function}: a message that does not read as its record ({Binding}) went to {Queue}-poison",
            name, queue.Name, queueName);
    }

    private static DateTimeOffset? InsertedAt(FunctionContext context) =>
        context.BindingContext.BindingData.TryGetValue("InsertionTime", out var value)
        && DateTimeOffset.TryParse(value?.ToString()?.Trim('"'), out var at) ? at : null;
}

/// <summary>A job failed; its details are in the worker's log under the correlation id.</summary>
public sealed class JobFailedException(string function) : Exception($"{function} failed");

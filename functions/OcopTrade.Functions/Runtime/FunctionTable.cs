using System.Text.Json.Nodes;

namespace OcopTrade.Functions.Runtime;

public abstract record FunctionTrigger;

/// <summary>HTTP functions are forwarded unchanged to Kestrel; the table lists them only so function.json exists.</summary>
public sealed record HttpTrigger(string Route, params string[] Methods) : FunctionTrigger;

public sealed record QueueTrigger(string QueueName, string Binding = "message") : FunctionTrigger;

/// <summary>Six-field NCRONTAB; "%Setting%" takes the schedule from configuration, as Azure does.</summary>
public sealed record TimerTrigger(string Schedule, string Binding = "timer", bool RunOnStartup = false) : FunctionTrigger;

public sealed record FunctionDefinition(string Name, FunctionTrigger Trigger, Type? Handler = null)
{
    /// <summary>The function.json Azure reads, written from the code so the two cannot drift.</summary>
    public JsonObject ToFunctionJson()
    {
        JsonArray bindings = Trigger switch
        {
            HttpTrigger http =>
            [
                new JsonObject
                {
                    ["type"] = "httpTrigger", ["direction"] = "in", ["name"] = "req", ["authLevel"] = "anonymous",
                    ["route"] = http.Route, ["methods"] = new JsonArray([.. http.Methods.Select(m => JsonValue.Create(m.ToLowerInvariant()))]),
                },
                new JsonObject { ["type"] = "http", ["direction"] = "out", ["name"] = "res" },
            ],
            QueueTrigger queue =>
            [
                new JsonObject
                {
                    ["type"] = "queueTrigger", ["direction"] = "in", ["name"] = queue.Binding,
                    ["queueName"] = queue.QueueName, ["connection"] = "AzureWebJobsStorage",
                },
            ],
            TimerTrigger timer =>
            [
                new JsonObject
                {
                    ["type"] = "timerTrigger", ["direction"] = "in", ["name"] = timer.Binding,
                    ["schedule"] = timer.Schedule, ["runOnStartup"] = timer.RunOnStartup, ["useMonitor"] = true,
                },
            ],
            _ => throw new InvalidOperationException($"Unknown trigger {Trigger}."),
        };
        return new JsonObject { ["bindings"] = bindings };
    }
}

public static class FunctionTableExtensions
{
    public static IServiceCollection AddHttpFunction(this IServiceCollection services, string name, string route, params string[] methods) =>
        services.AddSingleton(new FunctionDefinition(name, new HttpTrigger(route, methods)));

    public static IServiceCollection AddQueueFunction<THandler>(this IServiceCollection services, string name, string queueName, string binding = "message")
        where THandler : class, ITriggeredFunction
    {
        services.AddKeyedSingleton<ITriggeredFunction, THandler>(name);
        services.AddSingleton(new Platform.RequiredQueue(queueName));
        return services.AddSingleton(new FunctionDefinition(name, new QueueTrigger(queueName, binding), typeof(THandler)));
    }

    public static IServiceCollection AddTimerFunction<THandler>(this IServiceCollection services, string name, string schedule, string binding = "timer")
        where THandler : class, ITriggeredFunction
    {
        services.AddKeyedSingleton<ITriggeredFunction, THandler>(name);
        return services.AddSingleton(new FunctionDefinition(name, new TimerTrigger(schedule, binding), typeof(THandler)));
    }
}

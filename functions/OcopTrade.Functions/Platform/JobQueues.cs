using System.Collections.Frozen;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace OcopTrade.Functions.Platform;

/// <summary>The queue each queue function listens to, as its <c>[QueueTrigger]</c> names it.</summary>
public static class JobQueues
{
    private static readonly FrozenDictionary<string, string> ByFunction = (
        from type in typeof(JobQueues).Assembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
        let function = method.GetCustomAttribute<FunctionAttribute>()
        where function is not null
        from parameter in method.GetParameters()
        let trigger = parameter.GetCustomAttribute<QueueTriggerAttribute>()
        where trigger is not null
        select (function.Name, trigger.QueueName)).ToFrozenDictionary(p => p.Name, p => p.QueueName);

    public static string? Of(string functionName) => ByFunction.GetValueOrDefault(functionName);

    /// <summary>Every queue a function listens to: storage creates them at start (the host does not).</summary>
    public static IEnumerable<string> All => ByFunction.Values.Distinct();
}

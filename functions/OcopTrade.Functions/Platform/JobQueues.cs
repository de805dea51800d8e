using System.Collections.Frozen;
using Microsoft.Azure.Functions.Worker;

namespace OcopTrade.Functions.Platform;

/// <summary>The queue each queue function listens to, as its <c>[QueueTrigger]</c> names it.</summary>
public static class JobQueues
{
    private static readonly FrozenDictionary<string, string> ByFunction =
        FunctionMethods.WithTrigger<QueueTriggerAttribute>(typeof(JobQueues).Assembly)
            .ToFrozenDictionary(f => f.Name, f => f.Trigger.QueueName);

    public static string? Of(string functionName) => ByFunction.GetValueOrDefault(functionName);

    /// <summary>Every queue a function listens to: storage creates them at start (the host does not).</summary>
    public static IEnumerable<string> All => ByFunction.Values.Distinct();
}

using System.Reflection;
using System.Reflection.Emit;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Host;

namespace OcopTrade.LocalHost.Triggers;

/// <summary>The WebJobs SDK finds functions as attributed static methods of known types. The worker's functions
/// are known only from functions.metadata at run time, so one method per queue or timer function is emitted,
/// carrying [FunctionName] and [QueueTrigger("%…%")] or [TimerTrigger("%…%")] as written there, each handing
/// the trigger to this host's <see cref="TriggerDispatcher"/>.</summary>
public static class FunctionTypes
{
    /// <summary>An attribute names a type by its assembly's name, which the loader cannot find for an emitted
    /// assembly ([TimerTrigger(typeof(…))] names an emitted schedule), so the emitted ones are offered to it here
    /// (and are not collectible: the loader refuses to resolve to those).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Assembly> Emitted = new();

    static FunctionTypes() => AppDomain.CurrentDomain.AssemblyResolve += (_, missing) =>
        Emitted.GetValueOrDefault(new AssemblyName(missing.Name).Name ?? "");

    public static Type Emit(string hostKey, IEnumerable<FunctionDefinition> functions, LocalHostOptions options)
    {
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName(AssemblyName(hostKey)),
            AssemblyBuilderAccess.Run);
        Emitted[AssemblyName(hostKey)] = assembly;
        var type = assembly.DefineDynamicModule("Functions").DefineType("Functions",
            TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);
        foreach (var function in functions.Where(f => f.Is("queueTrigger"))) EmitQueueFunction(type, hostKey, function);
        foreach (var function in functions.Where(f => f.Is("timerTrigger")))
            EmitTimerFunction(type, hostKey, function, options);
        return type.CreateType();
    }

    /// <summary>A stopped host's functions are offered no more.</summary>
    public static void Forget(string hostKey) => Emitted.TryRemove(AssemblyName(hostKey), out _);

    private static string AssemblyName(string hostKey) => $"Functions_{hostKey}";

    private static void EmitQueueFunction(TypeBuilder type, string hostKey, FunctionDefinition function)
    {
        var method = type.DefineMethod(function.Name, MethodAttributes.Public | MethodAttributes.Static,
            typeof(Task), [typeof(QueueMessage), typeof(CancellationToken)]);
        method.SetCustomAttribute(Attribute<FunctionNameAttribute>(function.Name));
        var trigger = new CustomAttributeBuilder(typeof(QueueTriggerAttribute).GetConstructor([typeof(string)])!,
            [function.TriggerValue("queueName")!],
            function.TriggerValue("connection") is { } connection
                ? [typeof(QueueTriggerAttribute).GetProperty(nameof(QueueTriggerAttribute.Connection))!] : [],
            function.TriggerValue("connection") is { } value ? [value] : []);
        method.DefineParameter(1, ParameterAttributes.None, "message").SetCustomAttribute(trigger);
        CallDispatcher(method, hostKey, function, nameof(TriggerDispatcher.QueueAsync));
    }

    /// <summary>[TimerTrigger("%Setting%", RunOnStartup = …, UseMonitor = …)] as functions.metadata says; with
    /// WEBSITE_TIME_ZONE set, [TimerTrigger(typeof(…))] naming a schedule read in that zone.</summary>
    private static void EmitTimerFunction(TypeBuilder type, string hostKey, FunctionDefinition function,
        LocalHostOptions options)
    {
        var method = type.DefineMethod(function.Name, MethodAttributes.Public | MethodAttributes.Static,
            typeof(Task), [typeof(TimerInfo), typeof(CancellationToken)]);
        method.SetCustomAttribute(Attribute<FunctionNameAttribute>(function.Name));
        var flags = new[] { nameof(TimerTriggerAttribute.RunOnStartup), nameof(TimerTriggerAttribute.UseMonitor) }
            .Where(name => function.Trigger[char.ToLowerInvariant(name[0]) + name[1..]] is not null).ToList();
        var schedule = Schedule((ModuleBuilder)type.Module, function, options);
        var byType = schedule is string ? typeof(string) : typeof(Type);
        var trigger = new CustomAttributeBuilder(typeof(TimerTriggerAttribute).GetConstructor([byType])!, [schedule],
            flags.Select(name => typeof(TimerTriggerAttribute).GetProperty(name)!).ToArray(),
            flags.Select(name => (object)Flag(function, char.ToLowerInvariant(name[0]) + name[1..])).ToArray());
        method.DefineParameter(1, ParameterAttributes.None, "timer").SetCustomAttribute(trigger);
        CallDispatcher(method, hostKey, function, nameof(TriggerDispatcher.TimerAsync));
    }

    /// <summary>The schedule expression as written, or, when the app names a WEBSITE_TIME_ZONE, a type whose
    /// parameterless constructor (all the SDK calls) builds a <see cref="ZonedCronSchedule"/>.</summary>
    private static object Schedule(ModuleBuilder module, FunctionDefinition function, LocalHostOptions options)
    {
        var written = function.TriggerValue("schedule")!;
        var expression = options.Resolve(written);
        if (options.Setting("WEBSITE_TIME_ZONE") is not { Length: > 0 } zone || !ZonedCronSchedule.IsCron(expression))
            return written;
        ZonedCronSchedule.FindZone(zone); // an unknown zone stops the host at start, not at the first occurrence
        var scheduleType = module.DefineType($"{function.Name}Schedule",
            TypeAttributes.Public | TypeAttributes.Sealed, typeof(ZonedCronSchedule));
        var il = scheduleType.DefineConstructor(MethodAttributes.Public, CallingConventions.Standard, [])
            .GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldstr, expression);
        il.Emit(OpCodes.Ldstr, zone);
        il.Emit(OpCodes.Call, typeof(ZonedCronSchedule).GetConstructor([typeof(string), typeof(string)])!);
        il.Emit(OpCodes.Ret);
        return scheduleType.CreateType();
    }

    private static bool Flag(FunctionDefinition function, string name) =>
        function.Trigger[name]!.GetValueKind() == System.Text.Json.JsonValueKind.True ||
        string.Equals(function.Trigger[name]!.ToString(), "true", StringComparison.OrdinalIgnoreCase);

    private static void CallDispatcher(MethodBuilder method, string hostKey, FunctionDefinition function,
        string dispatch)
    {
        method.DefineParameter(2, ParameterAttributes.None, "cancellation");
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldstr, hostKey);
        il.Emit(OpCodes.Ldstr, function.Name);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Call, typeof(TriggerDispatcher).GetMethod(dispatch)!);
        il.Emit(OpCodes.Ret);
    }

    private static CustomAttributeBuilder Attribute<T>(string argument) =>
        new(typeof(T).GetConstructor([typeof(string)])!, [argument]);
}

/// <summary>Offers the WebJobs SDK exactly the emitted type.</summary>
public sealed class EmittedTypeLocator(Type type) : ITypeLocator
{
    public IReadOnlyList<Type> GetTypes() => [type];
}

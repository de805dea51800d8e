using System.Reflection;

namespace OcopTrade.Functions.Platform;

/// <summary>The <c>[Function]</c> methods of an assembly, each with its name and its trigger attribute: what the
/// SDK writes into functions.metadata, read back where the worker needs it at run time.</summary>
public static class FunctionMethods
{
    public static IEnumerable<(string Name, T Trigger)> WithTrigger<T>(Assembly assembly) where T : Attribute =>
        from type in assembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
        let function = method.GetCustomAttribute<FunctionAttribute>()
        where function is not null
        from parameter in method.GetParameters()
        let trigger = parameter.GetCustomAttribute<T>()
        where trigger is not null
        select (function.Name, trigger);
}

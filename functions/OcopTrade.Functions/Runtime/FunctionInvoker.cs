using System.Text.Json.Nodes;

namespace OcopTrade.Functions.Runtime;

/// <summary>Runs a queue or timer function by name. Both the HTTP invocation endpoint (what Azure calls) and the
/// local listeners go through here, so there is one path into every handler.</summary>
public sealed class FunctionInvoker(IServiceProvider services, IEnumerable<FunctionDefinition> table, ILogger<FunctionInvoker> logger)
{
    private readonly Dictionary<string, FunctionDefinition> _byName =
        table.Where(f => f.Handler is not null).ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);

    public bool Knows(string name) => _byName.ContainsKey(name);

    public async Task<(bool Succeeded, InvocationResult Result)> InvokeAsync(string name, InvocationRequest invocation, CancellationToken cancellationToken)
    {
        var definition = _byName[name];
        var handler = services.GetRequiredKeyedService<ITriggeredFunction>(definition.Name);
        try
        {
            return (true, await handler.InvokeAsync(invocation, cancellationToken));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Function {Function} failed", definition.Name);
            return (false, new InvocationResult([], [$"{definition.Name} failed: {e.GetType().Name}: {e.Message}"], null));
        }
    }

    public static JsonObject SystemMetadata(string name) => new()
    {
        ["MethodName"] = name,
        ["UtcNow"] = DateTimeOffset.UtcNow.ToString("O"),
        ["RandGuid"] = Guid.NewGuid().ToString(),
    };
}

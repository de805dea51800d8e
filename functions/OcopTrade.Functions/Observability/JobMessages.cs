using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Observability;

/// <summary>What a queue message carries besides its job: the correlation id and W3C trace context of the work that
/// sent it. It travels as one extra member, <c>"correlation"</c>, of the message's JSON object; the function invoker
/// takes it off before the handler reads the message, so handlers keep their strict formats, and a message without
/// it (sent before this existed, or by hand) is read as before.</summary>
public sealed record JobContext(string? Id, string? TraceParent)
{
    public const string Member = "correlation";
}

public static class JobMessages
{
    /// <summary>Sends <paramref name="message"/> (serialised with the API's JSON rules) with the current correlation
    /// and trace. Every enqueue site uses this, so a new queue joins the correlation with this one call.</summary>
    public static Task SendJobAsync<T>(this QueueClient queue, T message, CancellationToken cancellationToken) =>
        queue.SendMessageAsync(Wrap(message), cancellationToken);

    public static string Wrap<T>(T message)
    {
        var node = JsonSerializer.SerializeToNode(message, Json.Options) as JsonObject
            ?? throw new ArgumentException("A job message must be a JSON object.", nameof(message));
        var context = new JsonObject();
        context["id"] = Correlation.Current ?? Correlation.NewId();
        if (Activity.Current is { } activity) context["traceParent"] = activity.Id;
        node[JobContext.Member] = context;
        return node.ToJsonString();
    }

    /// <summary>Splits a received message into the handler's text (without the context) and the context, if any.
    /// Text that is not a JSON object, or has no context, comes back unchanged.</summary>
    public static (string Text, JobContext? Context) Open(string text)
    {
        if (!text.Contains($"\"{JobContext.Member}\"", StringComparison.Ordinal)) return (text, null);
        JsonObject? node;
        try { node = JsonNode.Parse(text) as JsonObject; }
        catch (JsonException) { return (text, null); }
        if (node is null || !node.Remove(JobContext.Member, out var context) || context is not JsonObject c) return (text, null);
        var id = c["id"] is JsonValue v && v.TryGetValue(out string? s) && Correlation.IsAcceptable(s) ? s : null;
        var parent = c["traceParent"] is JsonValue p && p.TryGetValue(out string? t) ? t : null;
        return (node.ToJsonString(), new JobContext(id, parent));
    }
}

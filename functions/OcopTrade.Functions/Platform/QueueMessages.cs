using System.Text.Json;
using Azure.Core.Serialization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Converters;
using OcopTrade.Functions.Observability;

namespace OcopTrade.Functions.Platform;

/// <summary>Queue messages bound to typed records with the API's own JSON rules (unknown members refused), once the
/// sender's correlation (<see cref="JobMessages"/>) is taken off. A message that does not read as its record fails
/// its binding, and <see cref="JobInvocations"/> moves it to the poison queue at once.</summary>
public static class QueueMessages
{
    public static void Configure(WorkerOptions options)
    {
        options.Serializer = new JsonObjectSerializer(Json.Options);
        options.InputConverters.RegisterAt<JobMessageConverter>(0);
    }

    /// <summary>How many times this message has been delivered, the first being 1 (the host's trigger metadata).
    /// </summary>
    public static long DequeueCount(this FunctionContext context) =>
        context.BindingContext.BindingData.TryGetValue("DequeueCount", out var value)
        && long.TryParse(value?.ToString(), out var count) ? count : 1;

    /// <summary>The message as it was sent, correlation included.</summary>
    public static string? Text(this FunctionContext context) =>
        context.BindingContext.BindingData.TryGetValue("QueueTrigger", out var value) ? value?.ToString() : null;

    private sealed class JobMessageConverter : IInputConverter
    {
        public ValueTask<ConversionResult> ConvertAsync(ConverterContext context)
        {
            if (context.Source is not string text || context.TargetType == typeof(string)
                || !IsQueueTrigger(context.FunctionContext))
                return ValueTask.FromResult(ConversionResult.Unhandled());
            try
            {
                var value = JsonSerializer.Deserialize(JobMessages.Open(text).Text, context.TargetType, Json.Options)
                    ?? throw new JsonException("The message is null.");
                return ValueTask.FromResult(ConversionResult.Success(value));
            }
            catch (JsonException e) { return ValueTask.FromResult(ConversionResult.Failed(e)); }
        }

        private static bool IsQueueTrigger(FunctionContext context) =>
            context.FunctionDefinition.InputBindings.Values.Any(b => b.Type == "queueTrigger");
    }
}

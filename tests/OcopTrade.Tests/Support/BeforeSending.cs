using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace OcopTrade.Tests.Support;

/// <summary>A step a test adds to one of the app's storage clients to look at a request's body, or act, just before
/// the request is sent. Storage stays the real Azurite; only what happens around one call is arranged.</summary>
public abstract class BeforeSending : HttpPipelinePolicy
{
    /// <summary>Which requests to look at; their bodies are read only then.</summary>
    protected abstract bool Watches(HttpMessage message);

    protected abstract Task OnSendingAsync(HttpMessage message, string body);

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (Watches(message) && message.Request.Content is { } content)
        {
            using var body = new MemoryStream();
            await content.WriteToAsync(body, message.CancellationToken);
            await OnSendingAsync(message, Encoding.UTF8.GetString(body.ToArray()));
        }
        await ProcessNextAsync(message, pipeline);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();
}

using System.Net;

namespace OcopTrade.LocalHost.Tests.Support;

/// <summary>A request body sent in two parts: the second only once <paramref name="release"/> completes.</summary>
public sealed class HeldBackContent(byte[] first, byte[] second, Func<Task> release) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(first);
        await stream.FlushAsync();
        await release();
        await stream.WriteAsync(second);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = first.Length + second.Length;
        return true;
    }
}

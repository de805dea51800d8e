using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Revenue;

/// <summary>
/// An import's upload streamed from the request body into its blob, a few MiB at a time, instead of buffered whole:
/// the size limit is held while it streams (413, and the blob never committed), and the stored file is then surveyed
/// from storage; a file refused there is deleted, so a refused upload leaves nothing stored.
/// </summary>
public static class ImportUploads
{
    /// <summary>Blocks of 4 MiB, two in flight: what an upload holds in memory, whatever the file's size.</summary>
    private static readonly BlobUploadOptions Blocks = new()
    {
        TransferOptions = new StorageTransferOptions
        {
            InitialTransferSize = 4 * 1024 * 1024, MaximumTransferSize = 4 * 1024 * 1024, MaximumConcurrency = 2,
        },
    };

    /// <summary>Stores the body; a 413 problem if it passes <paramref name="maxBytes"/> (nothing stored then).
    /// </summary>
    public static async Task<ProblemHttpResult?> StoreAsync(
        Stream body, BlobClient blob, long maxBytes, CancellationToken cancellationToken)
    {
        try
        {
            await blob.UploadAsync(new CappedStream(body, maxBytes), Blocks, cancellationToken);
            return null;
        }
        catch (Exception e)
        {
            // Blocks staged before the failure are never committed; a blob is deleted in case one was.
            await blob.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            if (IsOverLimit(e)) return Problems.TooLarge(maxBytes);
            throw;
        }
    }

    /// <summary>The stored file's header and how many rows follow it, read back a row at a time; a refusal deletes
    /// the file.</summary>
    public static async Task<((List<string> Header, int Rows)? Survey, ProblemHttpResult? Problem)> SurveyAsync(
        BlobClient blob, ImportFormat format, CancellationToken cancellationToken)
    {
        try
        {
            await using var content = await blob.OpenReadAsync(cancellationToken: cancellationToken);
            return (ImportFiles.Survey(content, format, cancellationToken), null);
        }
        catch (ImportFileException e)
        {
            await blob.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            return (null, ImportFiles.Problem(e));
        }
    }

    /// <summary>Our own cap, or the server's body limit (set to the same size), wherever the storage client wrapped it.
    /// </summary>
    private static bool IsOverLimit(Exception e) =>
        e is CappedStream.OverLimitException or BadHttpRequestException { StatusCode: 413 }
        || (e.InnerException is { } inner && IsOverLimit(inner))
        || (e is AggregateException all && all.InnerExceptions.Any(IsOverLimit));
}

/// <summary>A request body read through, refused with <see cref="OverLimitException"/> at the first byte past the
/// limit, whatever length the client declared (or none, chunked).</summary>
public sealed class CappedStream(Stream inner, long maxBytes) : Stream
{
    private long _read;

    public sealed class OverLimitException(long maxBytes) : IOException($"The body is larger than {maxBytes} bytes.");

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Count(int read)
    {
        _read += read;
        return _read > maxBytes ? throw new OverLimitException(maxBytes) : read;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

using Azure;
using Microsoft.AspNetCore.Diagnostics;

namespace OcopTrade.Functions.Platform;

public static class StorageFailure
{
    /// <summary>True when storage could not be reached or said it is busy: the caller may simply retry later.</summary>
    public static bool IsUnavailable(Exception e) => e switch
    {
        RequestFailedException r => r.Status is 0 or 500 or 503 || r.InnerException is HttpRequestException,
        AggregateException a => a.InnerExceptions.All(IsUnavailable),
        HttpRequestException => true,
        TaskCanceledException t => t.InnerException is TimeoutException,
        _ => false,
    };
}

/// <summary>Turns "storage is down" into 503 with Retry-After instead of a 500, wherever it happens.</summary>
public sealed class StorageUnavailableHandler(ILogger<StorageUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!StorageFailure.IsUnavailable(exception)) return false;
        logger.LogWarning("Storage unavailable for {Path}: {Message}", context.Request.Path, exception.Message);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "5";
        await Problems.Problem(503, "Hệ thống đang bận, vui lòng thử lại sau ít phút",
            "Storage is temporarily unavailable; nothing was saved. Retry after a few seconds.", "storage-unavailable")
            .ExecuteAsync(context);
        return true;
    }
}

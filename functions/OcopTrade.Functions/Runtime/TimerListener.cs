using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using NCrontab;

namespace OcopTrade.Functions.Runtime;

/// <summary>Fires a timer function on its six-field NCRONTAB schedule (UTC, as Azure without WEBSITE_TIME_ZONE).
/// Like Azure's <c>useMonitor</c>, it keeps the schedule status in blob storage, so an occurrence missed while
/// the app was down runs at start with <c>IsPastDue</c> set.</summary>
public sealed class TimerListener(
    string functionName, TimerTrigger trigger, string schedule, BlobServiceClient blobs, FunctionInvoker invoker,
    TimeProvider clock, ILogger logger)
{
    private readonly CrontabSchedule _schedule = CrontabSchedule.Parse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
    private readonly BlobClient _status = blobs.GetBlobContainerClient(Platform.StorageNames.HostsContainer).GetBlobClient($"timers/ocoptrade/{functionName}/status");

    private sealed record ScheduleStatus(DateTime Last, DateTime Next, DateTime LastUpdated);

    public async Task RunAsync(CancellationToken stopping)
    {
        var status = await ReadStatusAsync(stopping);
        var now = clock.GetUtcNow().UtcDateTime;
        if (trigger.RunOnStartup || status is not null && status.Next <= now)
            status = await FireAsync(status, isPastDue: status is not null && status.Next <= now, stopping);

        while (!stopping.IsCancellationRequested)
        {
            now = clock.GetUtcNow().UtcDateTime;
            var next = _schedule.GetNextOccurrence(now);
            if (status is null || status.Next != next) status = await WriteStatusAsync(new ScheduleStatus(status?.Last ?? default, next, now), stopping);
            var wait = next - now;
            try { await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, clock, stopping); }
            catch (OperationCanceledException) { break; }
            status = await FireAsync(status, isPastDue: false, stopping);
        }
    }

    private async Task<ScheduleStatus?> FireAsync(ScheduleStatus? status, bool isPastDue, CancellationToken stopping)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var next = _schedule.GetNextOccurrence(now);
        var invocation = new InvocationRequest(
            new JsonObject
            {
                [trigger.Binding] = new JsonObject
                {
                    ["Schedule"] = new JsonObject { ["AdjustForDST"] = true },
                    ["ScheduleStatus"] = new JsonObject
                    {
                        ["Last"] = (status?.Last ?? default).ToString("O"),
                        ["Next"] = next.ToString("O"),
                        ["LastUpdated"] = (status?.LastUpdated ?? default).ToString("O"),
                    },
                    ["IsPastDue"] = isPastDue,
                },
            },
            new JsonObject { ["sys"] = FunctionInvoker.SystemMetadata(functionName) });
        var (succeeded, result) = await invoker.InvokeAsync(functionName, invocation, CancellationToken.None);
        if (!succeeded) logger.LogWarning("Timer {Function} failed: {Logs}", functionName, string.Join(" | ", result.Logs));
        // A failed timer run is not retried (as in Azure); the next occurrence runs as scheduled.
        return await WriteStatusAsync(new ScheduleStatus(now, next, now), stopping);
    }

    private async Task<ScheduleStatus?> ReadStatusAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _status.GetParentBlobContainerClient().CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            if (!await _status.ExistsAsync(cancellationToken)) return null;
            var content = await _status.DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<ScheduleStatus>();
        }
        catch (Exception e) when (e is Azure.RequestFailedException or JsonException or AggregateException)
        {
            logger.LogWarning("Timer status for {Function} unreadable: {Message}", functionName, e.Message);
            return null;
        }
    }

    private async Task<ScheduleStatus> WriteStatusAsync(ScheduleStatus status, CancellationToken cancellationToken)
    {
        try { await _status.UploadAsync(BinaryData.FromObjectAsJson(status), overwrite: true, cancellationToken); }
        catch (Exception e) when (e is Azure.RequestFailedException or AggregateException or OperationCanceledException)
        {
            logger.LogWarning("Timer status for {Function} not saved: {Message}", functionName, e.Message);
        }
        return status;
    }
}

using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Microsoft.Azure.WebJobs.Extensions.Timers;

namespace OcopTrade.LocalHost.Triggers;

/// <summary>Keeps each timer's schedule status {Last, Next, LastUpdated} in blob storage where the Functions host
/// keeps it (azure-webjobs-hosts/timers/{hostId}/{timer}/status), so a restart finds a missed occurrence and runs
/// it with IsPastDue.</summary>
public sealed class BlobScheduleMonitor(string connectionString, string hostId) : ScheduleMonitor
{
    private readonly BlobContainerClient _container = new(connectionString, "azure-webjobs-hosts");

    public override async Task<ScheduleStatus?> GetStatusAsync(string timerName)
    {
        try
        {
            var content = await Blob(timerName).DownloadContentAsync();
            return JsonSerializer.Deserialize<ScheduleStatus>(content.Value.Content.ToString());
        }
        catch (RequestFailedException e) when (e.Status == 404) { return null; }
    }

    public override async Task UpdateStatusAsync(string timerName, ScheduleStatus status)
    {
        await _container.CreateIfNotExistsAsync();
        await Blob(timerName).UploadAsync(BinaryData.FromObjectAsJson(status), overwrite: true);
    }

    private BlobClient Blob(string timerName) => _container.GetBlobClient(StatusPath(hostId, timerName));

    public static string StatusPath(string hostId, string timerName) =>
        $"timers/{hostId}/{timerName}/status";
}

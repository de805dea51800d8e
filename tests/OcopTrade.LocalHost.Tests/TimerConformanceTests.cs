using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs.Models;
using OcopTrade.LocalHost.Tests.Support;
using OcopTrade.Tests.Support;

namespace OcopTrade.LocalHost.Tests;

/// <summary>Timer triggers through the local host, pinned to Microsoft Learn, "Timer trigger for Azure Functions".
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class TimerConformanceTests(StorageFixture storage) : IAsyncLifetime
{
    private TestApp _app = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    // "The timer trigger uses a storage lock to ensure that there is only one timer instance when a function app
    // scales out to multiple instances": two hosts of one app on one storage account run each occurrence once.
    [Fact]
    public async Task Two_hosts_of_one_app_run_a_timer_on_one_of_them_only()
    {
        _app = new TestApp(storage.Azurite, tickSchedule: "*/1 * * * * *");
        await _app.StartHostAsync();
        await _app.StartHostAsync();

        var ticks = await Eventually.HoldsAsync(() => _app.RecordsOfAsync("Tick"), r => r.Count >= 5,
            TimeSpan.FromSeconds(60), "five occurrences of a one-second timer");

        Assert.Single(ticks.Select(t => t.GetInt32("Worker")).Distinct());
    }

    // "When a timer trigger function is invoked ... IsPastDue: true when the current function invocation is later
    // than scheduled" — "the schedule status is kept in storage" so an occurrence missed while the app was down
    // runs when it starts again; the schedule comes from an app setting ("%TickSchedule%").
    [Fact]
    public async Task An_occurrence_missed_while_the_app_was_down_runs_at_start_with_IsPastDue()
    {
        _app = new TestApp(storage.Azurite, tickSchedule: "0 0 0 1 1 *"); // once a year, at new year
        var first = await _app.StartHostAsync();
        var status = await Eventually.HoldsAsync(StatusBlobAsync, blob => blob is not null, TimeSpan.FromSeconds(30),
            "the host records the timer's schedule status");
        await _app.StopHostAsync(first);
        Assert.Empty(await _app.RecordsOfAsync("Tick"));

        // The app was down when last new year's occurrence was due.
        var lastNewYear = new DateTime(DateTime.UtcNow.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await status!.UploadAsync(BinaryData.FromObjectAsJson(new
        {
            Last = lastNewYear.AddYears(-1), Next = lastNewYear, LastUpdated = lastNewYear.AddYears(-1),
        }), overwrite: true);
        await _app.StartHostAsync();

        var ticks = await Eventually.HoldsAsync(() => _app.RecordsOfAsync("Tick"), r => r.Count >= 1,
            TimeSpan.FromSeconds(60), "the missed occurrence runs");
        Assert.True(ticks.Single().GetBoolean("IsPastDue"));
    }

    // "The default time zone used with the CRON expressions is Coordinated Universal Time (UTC). To have your CRON
    // expression based on another time zone, create an app setting for your function app named WEBSITE_TIME_ZONE":
    // seven in the morning in Ho Chi Minh City is midnight UTC.
    [Fact]
    public async Task A_schedule_is_read_in_the_time_zone_the_app_names_in_WEBSITE_TIME_ZONE()
    {
        _app = new TestApp(storage.Azurite, tickSchedule: "0 0 7 * * *");
        _app.Settings["WEBSITE_TIME_ZONE"] = "Asia/Ho_Chi_Minh";
        await _app.StartHostAsync();

        var status = await Eventually.HoldsAsync(StatusBlobAsync, blob => blob is not null, TimeSpan.FromSeconds(30),
            "the host records the timer's schedule status");

        var next = DateTimeOffset.Parse(JsonNode.Parse((await status!.DownloadContentAsync()).Value.Content
            .ToString())!["Next"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.Zero, next.UtcDateTime.TimeOfDay);
    }

    // "runOnStartup: If true, the function is invoked when the runtime starts": once, and not as a past-due run.
    [Fact]
    public async Task A_timer_marked_runOnStartup_runs_once_when_the_host_starts()
    {
        _app = new TestApp(storage.Azurite);
        await _app.StartHostAsync();

        var runs = await Eventually.HoldsAsync(() => _app.RecordsOfAsync("Startup"), r => r.Count >= 1,
            TimeSpan.FromSeconds(60), "the timer runs at start");
        await Eventually.StaysAsync(() => _app.RecordsOfAsync("Startup"), r => r.Count == 1, TimeSpan.FromSeconds(2),
            "it runs once, its next occurrence being next new year");
        Assert.False(runs.Single().GetBoolean("IsPastDue"));
    }

    /// <summary>The status blob of the Tick timer (the Startup timer keeps its own beside it).</summary>
    private async Task<Azure.Storage.Blobs.BlobClient?> StatusBlobAsync()
    {
        var container = _app.HostsContainer;
        if (!await container.ExistsAsync()) return null;
        var blobs = container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"timers/{_app.HostId}/",
            CancellationToken.None);
        await foreach (var blob in blobs)
            if (blob.Name.EndsWith(".Tick/status", StringComparison.Ordinal)) return container.GetBlobClient(blob.Name);
        return null;
    }
}

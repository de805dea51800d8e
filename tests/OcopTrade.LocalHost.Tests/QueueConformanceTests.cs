using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using OcopTrade.LocalHost.Tests.Support;
using OcopTrade.Tests.Support;

namespace OcopTrade.LocalHost.Tests;

/// <summary>Queue triggers through the local host, each pinned to Microsoft Learn, "Azure Queue storage trigger
/// for Azure Functions" and its host.json settings table.</summary>
[Collection(StorageCollection.Name)]
public sealed class QueueConformanceTests(StorageFixture storage) : IAsyncLifetime
{
    private readonly List<TestApp> _apps = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var app in _apps) await app.DisposeAsync();
    }

    private async Task<TestApp> StartAsync(JsonObject queues, int hosts = 1)
    {
        queues["maxPollingInterval"] ??= "00:00:00.500";
        var app = new TestApp(storage.Azurite, queues);
        _apps.Add(app);
        for (var i = 0; i < hosts; i++) await app.StartHostAsync();
        foreach (var queue in new[] { "WorkQueue", "FailQueue", "CrashQueue" })
            await app.Queue(queue).CreateIfNotExistsAsync();
        return app;
    }

    private static async Task<List<TableEntity>> RecordedAsync(TestApp app, string function, int count) =>
        await Eventually.HoldsAsync(() => app.RecordsOfAsync(function), records => records.Count >= count,
            TimeSpan.FromSeconds(60), $"{count} runs of {function}");

    // "The queue trigger provides several metadata properties ... DequeueCount: The number of times this message
    // has been dequeued"; messages are base64 by default ("messageEncoding").
    [Fact]
    public async Task Each_message_runs_once_and_its_function_sees_a_DequeueCount_of_one()
    {
        var app = await StartAsync(new JsonObject());
        var sent = Enumerable.Range(1, 5).Select(i => $"message {i} – Trà Thái Nguyên").ToList();
        foreach (var message in sent) await app.Queue("WorkQueue").SendMessageAsync(message);

        var records = await RecordedAsync(app, "Work", sent.Count);

        Assert.Equal(sent.Order(), records.Select(r => r.GetString("Message")).Order());
        Assert.All(records, r => Assert.Equal(1L, r.GetInt64("DequeueCount")));
    }

    // "batchSize: The number of queue messages that the Functions runtime retrieves simultaneously and processes
    // in parallel ... the maximum number of concurrent messages being processed per function is batchSize plus
    // newBatchThreshold."
    [Fact]
    public async Task Messages_run_in_parallel_but_never_more_at_once_than_batchSize_plus_newBatchThreshold()
    {
        var app = await StartAsync(new JsonObject { ["batchSize"] = 4, ["newBatchThreshold"] = 2 });
        var queue = app.Queue("WorkQueue");
        for (var i = 0; i < 16; i++) await queue.SendMessageAsync("slow:1500");

        var records = await RecordedAsync(app, "Work", 16);

        var mostAtOnce = records.Max(r => r.GetInt32("Running")!.Value);
        Assert.InRange(mostAtOnce, 2, 4 + 2);
    }

    // "maxDequeueCount: The number of times to try processing a message before moving it to the poison queue"
    // ("<originalqueuename>-poison"); "visibilityTimeout: The time interval between retries when processing of a
    // message fails."
    [Fact]
    public async Task A_failing_message_is_retried_after_the_visibility_timeout_then_moved_to_the_poison_queue()
    {
        var app = await StartAsync(new JsonObject { ["maxDequeueCount"] = 3, ["visibilityTimeout"] = "00:00:03" });
        await app.Queue("FailQueue").SendMessageAsync("bad order");
        var poison = app.Queue("FailQueue", suffix: "-poison");

        var poisoned = await Eventually.HoldsAsync(async () => await poison.ExistsAsync()
                ? (await poison.PeekMessagesAsync(10)).Value.Select(m => m.MessageText).ToList() : [],
            messages => messages.Count > 0, TimeSpan.FromSeconds(60), "the message reaches the poison queue");

        Assert.Equal(["bad order"], poisoned);
        var attempts = (await app.RecordsOfAsync("Fails")).OrderBy(r => r.GetInt64("DequeueCount")).ToList();
        Assert.Equal([1L, 2L, 3L], attempts.Select(r => r.GetInt64("DequeueCount")!.Value));
        var times = attempts.Select(r => r.GetDateTimeOffset("At")!.Value).ToList();
        var gaps = times.Zip(times.Skip(1), (earlier, later) => later - earlier);
        // The message is invisible for visibilityTimeout after each failure; allow for clock granularity.
        Assert.All(gaps, gap => Assert.True(gap >= TimeSpan.FromSeconds(2.5), $"retried after {gap}"));
        Assert.Empty((await app.Queue("FailQueue").PeekMessagesAsync(10)).Value);
    }

    // "If the queue is empty, the runtime ... backs off exponentially, up to maxPollingInterval", and keeps polling:
    // a message sent to a queue that has been idle for many polling intervals is still picked up.
    [Fact]
    public async Task A_listener_that_has_backed_off_on_an_idle_queue_still_picks_up_the_next_message()
    {
        var app = await StartAsync(new JsonObject());
        await app.Queue("WorkQueue").SendMessageAsync("first");
        await RecordedAsync(app, "Work", 1);
        await Task.Delay(TimeSpan.FromSeconds(4)); // eight maxPollingIntervals of an empty queue

        await app.Queue("WorkQueue").SendMessageAsync("after idle");

        var records = await RecordedAsync(app, "Work", 2);
        Assert.Contains(records, r => r.GetString("Message") == "after idle");
    }

    // "Azure Functions ... at-least-once": a worker that dies while running a message never deletes it, so it
    // becomes visible again and runs once more on the restarted worker (with DequeueCount 2).
    [Fact]
    public async Task A_message_in_flight_when_the_worker_dies_runs_again_on_the_restarted_worker()
    {
        var app = await StartAsync(new JsonObject { ["visibilityTimeout"] = "00:00:01" });

        await app.Queue("CrashQueue").SendMessageAsync("label batch 7");

        var records = await RecordedAsync(app, "Crash", 1);
        await Eventually.StaysAsync(() => app.RecordsOfAsync("Crash"), r => r.Count == 1, TimeSpan.FromSeconds(2),
            "the message runs to completion once");
        Assert.Equal("label batch 7", records[0].GetString("Message"));
        Assert.Equal(2L, records[0].GetInt64("DequeueCount"));
    }

    // "When your function app scales out to multiple instances, each instance ... the queue trigger ... a message
    // is processed by one instance": two hosts on one storage account share a queue and run each message once.
    [Fact]
    public async Task Two_hosts_on_one_storage_account_run_each_message_exactly_once()
    {
        var app = await StartAsync(new JsonObject { ["batchSize"] = 4 }, hosts: 2);
        var sent = Enumerable.Range(1, 24).Select(i => $"slow:200 #{i}").ToList();
        foreach (var message in sent) await app.Queue("WorkQueue").SendMessageAsync(message.Split(' ')[0]);

        await RecordedAsync(app, "Work", sent.Count);
        await Eventually.StaysAsync(() => app.RecordsOfAsync("Work"), r => r.Count == sent.Count,
            TimeSpan.FromSeconds(3), "no message runs twice");
        var ids = (await app.RecordsOfAsync("Work")).Select(r => r.RowKey[..r.RowKey.LastIndexOf('-')]).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    // Learn, "Manually run a non HTTP-triggered function": POST /admin/functions/{function name} with
    // {"input": "..."} runs the function and answers 202 Accepted; a queue function gets the input as its message.
    [Fact]
    public async Task A_queue_function_run_through_the_admin_api_gets_its_input_as_a_first_delivery()
    {
        var app = await StartAsync(new JsonObject());
        using var accepted = await app.Http.PostAsJsonAsync("/admin/functions/Work",
            new JsonObject { ["input"] = "run by hand" });
        using var unknown = await app.Http.PostAsJsonAsync("/admin/functions/NoSuchFunction", new JsonObject());

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var record = Assert.Single(await RecordedAsync(app, "Work", 1));
        Assert.Equal("run by hand", record.GetString("Message"));
        Assert.Equal(1L, record.GetInt64("DequeueCount"));
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using OcopTrade.Functions.Runtime;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Integration;

/// <summary>The local runtime drives queue functions with the Functions host's semantics, against real Azurite.</summary>
public class QueueRuntimeTests : OwnAppTests
{
    protected override OcopApp Configure(OcopApp app) => app
        .WithQueueFunction<AlwaysFails>(AlwaysFails.Name, AlwaysFails.Queue)
        .WithQueueFunction<CrashesAfterItsWorkOnce>(CrashesAfterItsWorkOnce.Name, CrashesAfterItsWorkOnce.Queue);

    private QueueClient Queue(string name) =>
        new(Storage.ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    [Fact]
    public async Task A_message_that_fails_five_times_lands_in_poison_intact()
    {
        var text = """{"note":"Mật ong – thử nghiệm","id":""" + "\"" + Guid.NewGuid() + "\"}";
        await Queue(AlwaysFails.Queue).CreateIfNotExistsAsync();
        await Queue(AlwaysFails.Queue).SendMessageAsync(text);

        var poison = Queue(AlwaysFails.Queue + "-poison");
        var poisoned = await Eventually.HoldsAsync(
            async () => await poison.ExistsAsync() ? (await poison.PeekMessagesAsync(10)).Value : [],
            messages => messages.Length > 0, because: "the message to reach the poison queue");

        Assert.Equal(text, Assert.Single(poisoned).Body.ToString());
        Assert.Equal([1L, 2, 3, 4, 5], AlwaysFails.DequeueCountsSeen(text));
        Assert.Empty((await Queue(AlwaysFails.Queue).PeekMessagesAsync(10)).Value);
    }

    [Fact]
    public async Task A_message_retried_after_a_crash_is_processed_once_in_effect()
    {
        var orderId = Guid.NewGuid().ToString("N");
        await Queue(CrashesAfterItsWorkOnce.Queue).CreateIfNotExistsAsync();
        await Queue(CrashesAfterItsWorkOnce.Queue).SendMessageAsync(orderId);

        var table = new TableClient(Storage.ConnectionString, CrashesAfterItsWorkOnce.Table);
        await Eventually.HoldsAsync(() => Task.FromResult(CrashesAfterItsWorkOnce.Attempts(orderId)), n => n >= 2, because: "the retry");
        await Eventually.HoldsAsync(async () => (await Queue(CrashesAfterItsWorkOnce.Queue).PeekMessagesAsync(10)).Value.Length, n => n == 0,
            because: "the message to be deleted after its successful retry");
        // Watched for longer than the polling interval: a third delivery would show up within it.
        await Eventually.StaysAsync(() => Task.FromResult(CrashesAfterItsWorkOnce.Attempts(orderId)), n => n == 2, TimeSpan.FromSeconds(1.5),
            "no third delivery after the successful retry");
        var effects = table.QueryAsync<TableEntity>(e => e.PartitionKey == orderId);
        var count = 0;
        await foreach (var _ in effects) count++;
        Assert.Equal(1, count);
    }

    [Fact]
    public async Task Duplicate_lapse_messages_suspend_a_listing_once()
    {
        var admin = App.Client();
        var producer = App.Client(await admin.ProducerKeyAsync(await admin.CreateProducerAsync()));
        var created = await (await producer.PostAsync("/api/products", Api.JsonBody(Api.Product()))).ExpectAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<string>();
        await (await producer.PostAsync($"/api/products/{id}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        App.Clock.Offset = TimeSpan.FromDays(4 * 365); // the certificate (June 2025) has lapsed
        try
        {
            var queue = Queue("certificate-lapses");
            for (var i = 0; i < 3; i++) await queue.SendMessageAsync($$"""{"productId":"{{id}}"}""");
            var suspended = await Eventually.HoldsAsync(async () => await (await producer.GetAsync($"/api/products/{id}")).ReadObjectAsync(),
                p => p["status"]!.GetValue<string>() == "suspended", because: "the listing to be suspended");
            await Eventually.HoldsAsync(async () => (await queue.PeekMessagesAsync(10)).Value.Length, n => n == 0, because: "all duplicates handled");
            var after = await (await producer.GetAsync($"/api/products/{id}")).ReadObjectAsync();
            Assert.Equal(suspended["updatedAt"]!.GetValue<string>(), after["updatedAt"]!.GetValue<string>());
            Assert.Contains("hết hạn", after["statusReason"]!.GetValue<string>());
            Assert.Empty((await Queue("certificate-lapses-poison").PeekMessagesAsync(10)).Value);
        }
        finally { App.Clock.Offset = TimeSpan.Zero; }
    }

    /// <summary>A test-only function: fails every time and records which attempt it was.</summary>
    public sealed class AlwaysFails : ITriggeredFunction
    {
        public const string Name = "TestAlwaysFails";
        public const string Queue = "test-always-fails";
        private static readonly ConcurrentDictionary<string, ConcurrentQueue<long>> Seen = new();

        public static long[] DequeueCountsSeen(string message) => Seen.TryGetValue(message, out var q) ? [.. q.Order()] : [];

        public Task<InvocationResult> InvokeAsync(InvocationRequest invocation, CancellationToken cancellationToken)
        {
            Seen.GetOrAdd(invocation.Text("message")!, _ => new()).Enqueue(invocation.DequeueCount());
            throw new InvalidOperationException("This function always fails.");
        }
    }

    /// <summary>A test-only function that does its work idempotently, then dies before acknowledging on the first
    /// attempt: what a real crash between "work done" and "message deleted" looks like.</summary>
    public sealed class CrashesAfterItsWorkOnce(TableServiceClient tables) : ITriggeredFunction
    {
        public const string Name = "TestCrashesAfterItsWorkOnce";
        public const string Queue = "test-crashes-once";
        public const string Table = "TestEffects";
        private static readonly ConcurrentDictionary<string, int> Tries = new();

        public static int Attempts(string message) => Tries.GetValueOrDefault(message);

        public async Task<InvocationResult> InvokeAsync(InvocationRequest invocation, CancellationToken cancellationToken)
        {
            var orderId = invocation.Text("message")!;
            Tries.AddOrUpdate(orderId, 1, (_, n) => n + 1);
            var table = tables.GetTableClient(Table);
            await table.CreateIfNotExistsAsync(cancellationToken);
            try { await table.AddEntityAsync(new TableEntity(orderId, "effect"), cancellationToken); }
            catch (RequestFailedException e) when (e.Status == 409) { /* already done by an earlier attempt */ }
            if (invocation.DequeueCount() == 1) throw new IOException("Simulated crash after the work, before the acknowledgement.");
            return InvocationResult.Done(JsonValue.Create(orderId));
        }
    }
}

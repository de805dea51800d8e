using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using OcopTrade.Functions.Runtime;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Integration;

/// <summary>A listener that found its queue empty backs off up to maxPollingInterval; a message the app itself sends
/// (a photo to process, an import to run) wakes it at once instead of waiting for the next poll. The app's clock is
/// frozen here, so a listener that is not woken never polls again: nothing in this test depends on timing.</summary>
public class QueueWakeupTests : OwnAppTests
{
    protected override OcopApp Configure(OcopApp app) => app
        .WithQueueFunction<Remembers>(Remembers.Name, Remembers.Queue)
        .WithServices(s =>
        {
            s.RemoveAll<TimeProvider>();
            s.AddSingleton<TimeProvider>(new FakeTimeProvider(DateTimeOffset.UtcNow));
        });

    [Fact]
    public async Task A_message_the_app_sends_wakes_its_backed_off_listener_and_another_senders_waits_for_the_poll()
    {
        var appQueues = App.Services.GetRequiredService<QueueServiceClient>();
        var wakeups = App.Services.GetRequiredService<QueueWakeups>();
        await appQueues.GetQueueClient(Remembers.Queue).CreateIfNotExistsAsync();
        await Eventually.HoldsAsync(() => Task.FromResult(wakeups.IsWaiting(Remembers.Queue)), waiting => waiting,
            because: "the listener to find its queue empty and back off");

        // Another sender (not this app) cannot wake it: the message waits for a poll that the frozen clock never brings.
        var outsider = Guid.NewGuid().ToString();
        await new QueueClient(Storage.ConnectionString, Remembers.Queue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 })
            .SendMessageAsync(outsider);
        await Eventually.StaysAsync(() => Task.FromResult(Remembers.Saw(outsider)), seen => !seen, TimeSpan.FromSeconds(1.5),
            "the outsider's message to wait for the next poll");

        // The app's own message wakes it: both run.
        var own = Guid.NewGuid().ToString();
        await appQueues.GetQueueClient(Remembers.Queue).SendMessageAsync(own);
        await Eventually.HoldsAsync(() => Task.FromResult(Remembers.Saw(own) && Remembers.Saw(outsider)), seen => seen,
            because: "the woken listener to run both messages");
    }

    public sealed class Remembers : ITriggeredFunction
    {
        public const string Name = "TestRemembers";
        public const string Queue = "test-remembers";
        private static readonly ConcurrentDictionary<string, bool> Seen = new();

        public static bool Saw(string message) => Seen.ContainsKey(message);

        public Task<InvocationResult> InvokeAsync(InvocationRequest invocation, CancellationToken cancellationToken)
        {
            Seen[invocation.Text("message")!] = true;
            return Task.FromResult(InvocationResult.Done());
        }
    }
}

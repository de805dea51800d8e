using System.Net;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Integration;

public class StorageOutageTests : OwnAppTests
{
    protected override bool PersistentStorage => true;

    [Fact]
    public async Task When_storage_is_down_writes_answer_503_with_Retry_After_and_health_says_so()
    {
        var admin = App.Client();
        await (await admin.GetAsync("/api/health")).ExpectAsync(HttpStatusCode.OK);

        await Storage.StopAsync();
        var health = await admin.GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.NotNull(health.Headers.RetryAfter);

        var write = await admin.PostAsync("/api/producers", Api.JsonBody(Api.Producer()));
        await write.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(write.Headers.RetryAfter);
        var read = await admin.GetAsync("/api/products");
        await read.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable);

        // Storage comes back with its data: the refused write left nothing behind, and the app recovers by itself.
        await Storage.StartAgainAsync();
        await Eventually.HoldsAsync(async () => (await admin.GetAsync("/api/health")).StatusCode, s => s == HttpStatusCode.OK, because: "recovery");
        var producerId = await admin.CreateProducerAsync();
        var producers = await (await admin.GetAsync("/api/producers")).ReadObjectAsync();
        Assert.Equal([producerId], producers["items"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()));
    }
}

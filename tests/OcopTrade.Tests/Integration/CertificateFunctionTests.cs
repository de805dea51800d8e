using System.Net;
using Azure.Storage.Queues;
using OcopTrade.Functions.Products;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Integration;

/// <summary>The certificate sweep on a one-second schedule, set as the app setting its trigger names
/// (<c>%CertificateSweepSchedule%</c>).</summary>
public class CertificateSweepScheduleTests : OwnAppTests
{
    protected override OcopApp Configure(OcopApp app) => app.Set("CertificateSweepSchedule", "*/1 * * * * *");

    private Task<(HttpClient Producer, string ProductId)> PublishedProductAsync(string issueDate = "2025-06-15") =>
        PublishedListings.CreateAsync(App, issueDate);

    [Fact]
    public async Task The_timer_fires_and_listings_whose_certificate_expired_come_down()
    {
        var (producer, id) = await PublishedProductAsync();
        var stillValid = await PublishedProductAsync(issueDate: "2026-11-01"); // valid until 1 Nov 2029
        // The sweep runs every second: watched through a few of them, a valid certificate keeps its listing up.
        await Eventually.StaysAsync(async () => (await (await producer.GetAsync($"/api/products/{id}")).ReadObjectAsync())["status"]!.GetValue<string>(),
            status => status == "published", TimeSpan.FromSeconds(1.5), "sweeps with valid certificates change nothing");

        App.Clock.Offset = new DateTimeOffset(2028, 7, 1, 0, 0, 0, TimeSpan.Zero) - DateTimeOffset.UtcNow; // past 15 June 2028
        try
        {
            var suspended = await Eventually.HoldsAsync(async () => await (await producer.GetAsync($"/api/products/{id}")).ReadObjectAsync(),
                p => p["status"]!.GetValue<string>() == "suspended", because: "the nightly sweep to suspend the lapsed listing");
            Assert.Equal("expired", suspended["certificate"]!["state"]!.GetValue<string>());
            Assert.Contains("15/06/2028", suspended["statusReason"]!.GetValue<string>());
        }
        finally { App.Clock.Offset = TimeSpan.Zero; }
        Assert.Equal("published", (await (await stillValid.Producer.GetAsync($"/api/products/{stillValid.ProductId}")).ReadObjectAsync())["status"]!.GetValue<string>());
    }
}

/// <summary>The certificate functions run by name, as the host's admin API runs them, on the nightly schedule (so
/// nothing but the run under test touches the listings).</summary>
public class CertificateFunctionTests : OwnAppTests
{
    private Task<(HttpClient Producer, string ProductId)> PublishedProductAsync(string issueDate = "2025-06-15") =>
        PublishedListings.CreateAsync(App, issueDate);

    [Fact]
    public async Task A_queued_lapse_suspends_its_listing_and_the_same_message_again_changes_nothing()
    {
        var (producer, id) = await PublishedProductAsync();
        App.Clock.Offset = TimeSpan.FromDays(4 * 365);
        try
        {
            var message = $$"""{"productId":"{{id}}"}""";
            await App.RunFunctionAsync(nameof(SuspendLapsedListing), message);
            var suspended = await producer.GetAsync($"/api/products/{id}");
            Assert.Equal("suspended", (await suspended.ReadObjectAsync())["status"]!.GetValue<string>());

            // At-least-once delivery: the same message again leaves the listing exactly as it was.
            await App.RunFunctionAsync(nameof(SuspendLapsedListing), message);
            var again = await producer.GetAsync($"/api/products/{id}");
            Assert.Equal(suspended.Headers.ETag, again.Headers.ETag);
        }
        finally { App.Clock.Offset = TimeSpan.Zero; }
    }

    [Fact]
    public async Task A_manual_run_of_the_sweep_queues_one_suspension_per_lapsed_listing()
    {
        var (producer, id) = await PublishedProductAsync();
        var stillValid = await PublishedProductAsync(issueDate: "2026-11-01");
        App.Clock.Offset = new DateTimeOffset(2028, 7, 1, 0, 0, 0, TimeSpan.Zero) - DateTimeOffset.UtcNow;
        try
        {
            await App.RunFunctionAsync(nameof(CertificateExpirySweep));
            await Eventually.HoldsAsync(() => StatusAsync(producer, id), status => status == "suspended",
                because: "the queued suspension to run");
        }
        finally { App.Clock.Offset = TimeSpan.Zero; }
        Assert.Equal("published", await StatusAsync(stillValid.Producer, stillValid.ProductId));
    }

    private static async Task<string> StatusAsync(HttpClient producer, string id) =>
        (await (await producer.GetAsync($"/api/products/{id}")).ReadObjectAsync())["status"]!.GetValue<string>();

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"productId":"x","extra":1}""")]
    [InlineData("[]")]
    public async Task A_message_that_is_not_a_lapse_goes_to_poison_at_once_intact(string message)
    {
        var poison = new QueueClient(Storage.ConnectionString, SuspendLapsedListing.Queue + "-poison",
            new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await App.RunFunctionAsync(nameof(SuspendLapsedListing), message);
        var poisoned = (await poison.ReceiveMessagesAsync(32)).Value.Select(m => m.MessageText).ToList();
        Assert.Contains(message, poisoned);
    }
}

/// <summary>A producer of its own with one published listing whose certificate was issued on the given day.</summary>
internal static class PublishedListings
{
    public static async Task<(HttpClient Producer, string ProductId)> CreateAsync(OcopApp app, string issueDate)
    {
        var admin = app.Client();
        var producer = app.Client(await admin.ProducerKeyAsync(await admin.CreateProducerAsync()));
        var created = await producer.PostAsync("/api/products", Api.JsonBody(Api.Product(issueDate: issueDate)));
        var id = (await created.ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        await (await producer.PostAsync($"/api/products/{id}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        return (producer, id);
    }
}

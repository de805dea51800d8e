using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using OcopTrade.Functions.Images;
using OcopTrade.Functions.Observability;
using OcopTrade.Functions.Products;
using OcopTrade.Functions.Revenue;
using OcopTrade.Tests.Images;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Hardening;

/// <summary>A request's correlation id is on its own log lines, on the queue messages it causes, and on the log
/// lines of the jobs that run them: at each of today's enqueue sites (photos, revenue imports, certificate lapses).</summary>
public class CorrelationTests : OwnAppTests
{
    private readonly CapturedLogs _logs = new();

    protected override OcopApp Configure(OcopApp app) => app.WithServices(_logs.Attach);

    private static HttpRequestMessage Post(string url, HttpContent? content, string correlationId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Add(Correlation.Header, correlationId);
        return request;
    }

    private Task<IReadOnlyList<CapturedLogs.Line>> JobLinesAsync(string function, string correlationId) =>
        Eventually.HoldsAsync(() => Task.FromResult<IReadOnlyList<CapturedLogs.Line>>(
                [.. _logs.Lines.Where(l => l.Property("Function") == function && l.Property(Correlation.LogProperty) == correlationId)]),
            lines => lines.Count > 0, because: $"{function} logs under {correlationId}");

    [Fact]
    public async Task A_photo_upload_and_its_processing_share_the_callers_correlation_id()
    {
        var admin = App.Client();
        var producer = App.Client(await admin.ProducerKeyAsync(await admin.CreateProducerAsync()));
        var productId = (await (await producer.PostAsync("/api/products", Api.JsonBody(Api.Product()))).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var response = await producer.SendAsync(Post($"/api/products/{productId}/images", Victim.Photo(), "upload-7f3a"));
        await response.ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal("upload-7f3a", response.Headers.GetValues(Correlation.Header).Single());

        await JobLinesAsync(nameof(ProcessImage), "upload-7f3a");
    }

    [Fact]
    public async Task A_revenue_import_is_processed_under_the_correlation_id_of_its_upload()
    {
        var admin = App.Client();
        var producerId = await admin.CreateProducerAsync();
        var csv = $"id,producerId,channel,month,amountVnd,quantity\r\nc1,{producerId},supermarket,2025-01,1000000,10\r\n";
        var response = await admin.SendAsync(Post("/api/revenue/imports", new StringContent(csv, Encoding.UTF8, "text/csv"), "import-42"));
        await response.ExpectAsync(HttpStatusCode.Accepted);
        await JobLinesAsync(nameof(ProcessRevenueImport), "import-42");
    }

    [Fact]
    public async Task The_certificate_sweep_passes_its_correlation_id_to_each_suspension()
    {
        var admin = App.Client();
        var producer = App.Client(await admin.ProducerKeyAsync(await admin.CreateProducerAsync()));
        var id = (await (await producer.PostAsync("/api/products", Api.JsonBody(Api.Product()))).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        await (await producer.PostAsync($"/api/products/{id}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        App.Clock.Offset = new DateTimeOffset(2028, 7, 1, 0, 0, 0, TimeSpan.Zero) - DateTimeOffset.UtcNow;
        try
        {
            // A timer run starts a correlation of its own, and every suspension it queues continues it.
            await App.RunFunctionAsync(nameof(CertificateExpirySweep));
            var sweep = _logs.Lines.Last(l => l.Property("Function") == nameof(CertificateExpirySweep)
                && l.Property(Correlation.LogProperty) is not null).Property(Correlation.LogProperty)!;
            await JobLinesAsync(nameof(SuspendLapsedListing), sweep);
        }
        finally { App.Clock.Offset = TimeSpan.Zero; }
    }

    [Fact]
    public async Task A_forged_correlation_id_is_replaced_and_never_reaches_the_logs()
    {
        var response = await App.Client().SendAsync(Post("/api/producers", Api.JsonBody(Api.Producer()), "evil id\" injected=\"1" + new string('a', 80)));
        await response.ExpectAsync(HttpStatusCode.Created);
        var answered = response.Headers.GetValues(Correlation.Header).Single();
        Assert.Matches("^[0-9a-f]{32}$", answered);
        Assert.DoesNotContain(_logs.Lines, l => l.Everything.Contains("injected"));
    }

    [Fact]
    public async Task Messages_keep_their_format_and_messages_without_a_context_are_read_as_before()
    {
        using (Correlation.Begin("unit-1", Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance))
        {
            var wrapped = JobMessages.Wrap(new ImageToProcess("p1", "i1"));
            var (text, context) = JobMessages.Open(wrapped);
            Assert.Equal("""{"productId":"p1","imageId":"i1"}""", text);
            Assert.Equal("unit-1", context!.Id);
        }
        Assert.Equal(("""{"productId":"p1"}""", (JobContext?)null), JobMessages.Open("""{"productId":"p1"}"""));
        Assert.Equal(("not json \"correlation\"", (JobContext?)null), JobMessages.Open("not json \"correlation\""));

        // An old-format message put on the queue directly still suspends nothing wrongly and is consumed.
        var queue = new QueueServiceClient(Storage.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 })
            .GetQueueClient(SuspendLapsedListing.Queue);
        await queue.SendMessageAsync("""{"productId":"0000000000000000000000"}""");
        await Eventually.HoldsAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount, n => n == 0, because: "the old message is consumed");
        Assert.DoesNotContain(_logs.Lines, l => l.Message.Contains("SuspendLapsedListing failed"));
    }
}

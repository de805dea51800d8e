using System.Net;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Integration;

/// <summary>The certificate sweep on a one-second schedule, and the custom-handler invocation endpoint called with
/// bodies shaped as the Azure Functions documentation shows them.</summary>
public class TimerAndInvocationTests : OwnAppTests
{
    protected override OcopApp Configure(OcopApp app) => app.Set("CertificateSweepSchedule", "*/1 * * * * *");

    private async Task<(HttpClient Producer, string ProductId)> PublishedProductAsync(string issueDate = "2025-06-15")
    {
        var admin = App.Client();
        var producer = App.Client(await admin.ProducerKeyAsync(await admin.CreateProducerAsync()));
        var id = (await (await producer.PostAsync("/api/products", Api.JsonBody(Api.Product(issueDate: issueDate)))).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        await (await producer.PostAsync($"/api/products/{id}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        return (producer, id);
    }

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

    [Fact]
    public async Task The_queue_function_answers_a_host_shaped_invocation()
    {
        var (producer, id) = await PublishedProductAsync();
        App.Clock.Offset = TimeSpan.FromDays(4 * 365);
        try
        {
            var body = new JsonObject
            {
                ["Data"] = new JsonObject { ["message"] = $$"""{"productId":"{{id}}"}""" },
                ["Metadata"] = new JsonObject
                {
                    ["DequeueCount"] = 1,
                    ["ExpirationTime"] = "2026-11-29T10:00:00+00:00",
                    ["Id"] = Guid.NewGuid().ToString(),
                    ["InsertionTime"] = "2026-11-22T10:00:00+00:00",
                    ["NextVisibleTime"] = "2026-11-22T10:10:00+00:00",
                    ["PopReceipt"] = "AgAAAAMAAAAAAAAAzVHu7u0h2QE=",
                    ["sys"] = new JsonObject { ["MethodName"] = "SuspendLapsedListing", ["UtcNow"] = "2026-11-22T10:00:00Z", ["RandGuid"] = Guid.NewGuid().ToString() },
                },
            };
            var response = await App.Client(null).PostAsync("/SuspendLapsedListing", Api.JsonBody(body));
            var answer = await response.ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(["Outputs", "Logs", "ReturnValue"], answer.Select(p => p.Key));
            Assert.Equal(id, answer["ReturnValue"]!["suspended"]!.GetValue<string>());
            Assert.Contains("suspended", answer["Logs"]![0]!.GetValue<string>());
            Assert.Equal("suspended", (await (await producer.GetAsync($"/api/products/{id}")).ReadObjectAsync())["status"]!.GetValue<string>());

            // The same invocation again changes nothing (at-least-once delivery).
            var again = await (await App.Client(null).PostAsync("/SuspendLapsedListing", Api.JsonBody(body))).ExpectAsync(HttpStatusCode.OK);
            Assert.Null(again["ReturnValue"]);
        }
        finally { App.Clock.Offset = TimeSpan.Zero; }
    }

    [Fact]
    public async Task The_timer_function_answers_a_host_shaped_invocation()
    {
        var body = JsonNode.Parse("""
            {"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last":"2026-11-21T17:05:00+00:00","Next":"2026-11-22T17:05:00+00:00","LastUpdated":"2026-11-21T17:05:00+00:00"},"IsPastDue":false}},
             "Metadata":{"sys":{"MethodName":"CertificateExpirySweep","UtcNow":"2026-11-22T17:05:00Z","RandGuid":"7b1d7f0e-7a53-4a1e-9b2e-0c1f2f1d9d11"}}}
            """)!;
        var answer = await (await App.Client(null).PostAsync("/CertificateExpirySweep", Api.JsonBody(body))).ExpectAsync(HttpStatusCode.OK);
        Assert.True(answer["ReturnValue"]!["queued"]!.GetValue<int>() >= 0);
        Assert.IsType<JsonObject>(answer["Outputs"]);
        Assert.IsType<JsonArray>(answer["Logs"]);
    }

    [Fact]
    public async Task A_failing_invocation_answers_500_problem_without_its_exception_text_and_a_malformed_one_400()
    {
        var failing = await App.Client(null).PostAsync("/SuspendLapsedListing", Api.JsonBody("""{"Data":{"message":"not json"},"Metadata":{}}"""));
        var problem = await failing.ExpectProblemAsync(HttpStatusCode.InternalServerError);
        Assert.Contains("SuspendLapsedListing failed", problem["detail"]!.GetValue<string>());
        AssertNoExceptionText(problem.ToJsonString());

        var malformed = await App.Client(null).PostAsync("/SuspendLapsedListing", Api.JsonBody("""{"Data":"""));
        AssertNoExceptionText((await malformed.ExpectProblemAsync(HttpStatusCode.BadRequest)).ToJsonString());
        await (await App.Client(null).PostAsync("/SuspendLapsedListing", Api.JsonBody("""{"Metadata":{}}"""))).ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    /// <summary>What System.Text.Json's exceptions say: their type, and where in the text they stopped.</summary>
    private static void AssertNoExceptionText(string answer)
    {
        foreach (var telltale in new[] { "JsonException", "LineNumber", "BytePosition", "Path: $", "invalid start" })
            Assert.DoesNotContain(telltale, answer, StringComparison.OrdinalIgnoreCase);
    }
}

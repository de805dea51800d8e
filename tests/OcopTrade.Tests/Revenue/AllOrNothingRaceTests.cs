using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Revenue;

/// <summary>An all-or-nothing import checks every id before it writes; a producer entering the same id by hand in the
/// seconds between the check and the write must still leave the department's file with nothing recorded.</summary>
public class AllOrNothingRaceTests : ImportAppTests
{
    private readonly BeforeFirstWriteOf _race = new("e|race-1");

    /// <summary>The app's table client with one extra step: before the first transaction that writes the entry the
    /// race is about, it lets the test write first. Storage is the real Azurite; only the timing is arranged.</summary>
    protected override OcopApp Configure(OcopApp app) => base.Configure(app).WithServices(services =>
    {
        var options = new TableClientOptions();
        options.AddPolicy(_race, HttpPipelinePosition.PerCall);
        services.AddSingleton(new TableServiceClient(Storage.ConnectionString, options));
    });

    [Fact]
    public Task An_id_taken_between_the_check_and_the_write_leaves_the_file_with_nothing_recorded() => RaceAsync();

    /// <summary>The process stops in the middle of taking the rows back (here: storage refuses its first withdrawal);
    /// the message comes again, the check now rejects the file at once, and what was left is taken back then.</summary>
    [Fact]
    public Task Stopped_while_taking_back_the_next_delivery_finishes_the_job()
    {
        _race.RefuseFirstWithdrawal = true;
        return RaceAsync();
    }

    private async Task RaceAsync()
    {
        var admin = App.Client();
        var (a, b) = (await admin.CreateProducerAsync("Lai Châu"), await admin.CreateProducerAsync("Lai Châu"));
        var department = App.Client(await admin.IssueKeyAsync(new JsonObject { ["role"] = "department", ["province"] = "Lai Châu" }));
        var producerB = App.Client(await admin.ProducerKeyAsync(b));
        _race.Then = async () => await (await producerB.PostAsync("/api/revenue",
            Api.JsonBody(RevenueEntryTests.Entry(b, "direct", "2025-04", 777_000, id: "race-1")))).ExpectAsync(HttpStatusCode.Created);

        var csv = new StringBuilder("id,producerId,channel,month,amountVnd,quantity\r\n");
        for (var i = 0; i < 30; i++) csv.Append($"a-{i},{a},supermarket,2025-{1 + i % 12:D2},1000,1\r\n");
        csv.Append($"b-1,{b},fair,2025-03,2000,1\r\n");
        csv.Append($"race-1,{b},fair,2025-04,3000,1\r\n"); // row 33: the id the producer takes meanwhile
        csv.Append($"b-2,{b},fair,2025-05,4000,1\r\n");
        var upload = await department.PostAsync("/api/revenue/imports?allOrNothing=true", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        var status = await Eventually.HoldsAsync(async () => await (await department.GetAsync(upload.Headers.Location!.ToString())).ExpectAsync(HttpStatusCode.OK),
            s => s["status"]!.GetValue<string>() is "completed" or "rejected", because: "the import finishes");

        Assert.True(_race.Happened);
        Assert.Equal(_race.RefuseFirstWithdrawal, _race.Refused);
        Assert.Equal("rejected", status["status"]!.GetValue<string>());
        Assert.Equal(0, status["recordedRows"]!.GetValue<int>());
        Assert.Equal([(33, "id")], status["problems"]!.AsArray().Select(p => (p!["row"]!.GetValue<int>(), p["field"]!.GetValue<string>())).ToList());

        // Nothing of the file is left, for either producer; the producer's own entry stands.
        Assert.Empty((await (await admin.GetAsync($"/api/revenue?producerId={a}")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray());
        var bItems = (await (await admin.GetAsync($"/api/revenue?producerId={b}")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray();
        Assert.Equal([("race-1", 777_000L)], bItems.Select(i => (i!["id"]!.GetValue<string>(), i["amountVnd"]!.GetValue<long>())).ToList());

        // The roll-ups agree, and stay the same when rebuilt from the entries.
        async Task<(long, long, long)> Figures() => (
            (await (await admin.GetAsync($"/api/reports/revenue?producerId={a}&year=2025")).ExpectAsync(HttpStatusCode.OK))["revenueVnd"]!.GetValue<long>(),
            (await (await admin.GetAsync($"/api/reports/revenue?producerId={b}&year=2025")).ExpectAsync(HttpStatusCode.OK))["revenueVnd"]!.GetValue<long>(),
            (await (await department.GetAsync("/api/reports/revenue?year=2025")).ExpectAsync(HttpStatusCode.OK))["revenueVnd"]!.GetValue<long>());
        Assert.Equal((0L, 777_000L, 777_000L), await Figures());
        await (await admin.PostAsync("/api/revenue/rebuild-rollups", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((0L, 777_000L, 777_000L), await Figures());
    }

    private sealed class BeforeFirstWriteOf(string rowKey) : BeforeSending
    {
        private int _fired, _refused;
        public Func<Task>? Then { get; set; }
        public bool RefuseFirstWithdrawal { get; set; }
        public bool Happened => Volatile.Read(ref _fired) == 1;
        public bool Refused => Volatile.Read(ref _refused) == 1;

        protected override bool Watches(HttpMessage message) => (!Happened || RefuseFirstWithdrawal && !Refused)
            && message.Request.Method == RequestMethod.Post && message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal);

        protected override async Task OnSendingAsync(HttpMessage message, string body)
        {
            // Only the import's own transaction: the producer's entry below carries the same row key and must pass.
            if (body.Contains($"\"RowKey\":\"{rowKey}\"") && Interlocked.Exchange(ref _fired, 1) == 0)
                await Then!();
            if (RefuseFirstWithdrawal && body.Contains("DELETE ") && Interlocked.Exchange(ref _refused, 1) == 0)
                throw new RequestFailedException(503, "Storage went away in the middle of taking the rows back (arranged by the test).");
        }
    }
}

using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OcopTrade.Functions.Revenue;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Revenue;

/// <summary>Imports are held to the same rules as single entries: a producer's month stays within the cap and an
/// entry names only a product of its own producer (security review #19).</summary>
public class RevenueCapImportTests : ImportAppTests
{
    private const long Cap = Money.ProducerMonthCapVnd;

    [Fact]
    public async Task An_import_is_held_to_the_month_cap_and_to_each_producers_own_products()
    {
        var admin = App.Client();
        var (producerId, other) = (await admin.CreateProducerAsync("Lai Châu"), await admin.CreateProducerAsync("Lai Châu"));
        var theirProduct = (await (await admin.PostAsync("/api/products", Api.JsonBody(Api.Product(other))))
            .ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var department = App.Client(await admin.IssueKeyAsync(new JsonObject { ["role"] = "department", ["province"] = "Lai Châu" }));
        await RevenueEntryTests.RecordAsync(department, RevenueEntryTests.Entry(producerId, "agent", "2025-01", 300));
        var rows = "id,producerId,productId,channel,month,amountVnd,quantity\r\n" +
                   $"c1,{producerId},,supermarket,2025-01,{Cap - 500},1\r\n" +   // row 2: with the stored 300, 200 below the cap
                   $"c2,{producerId},,fair,2025-01,201,1\r\n" +                  // row 3: one đồng past it
                   $"c3,{producerId},,fair,2025-01,200,1\r\n";                   // row 4: exactly to it

        // All or nothing: the check before writing finds row 3, and nothing is written.
        var strict = await FinishedAsync(department, await UploadAsync(department, rows, allOrNothing: true));
        Assert.Equal("rejected", strict["status"]!.GetValue<string>());
        Assert.Equal([(3, "amountVnd")], Problems(strict));
        Assert.Equal(300, await RevenueAsync(department, producerId));

        // Row by row: row 3 is refused, the rest recorded; a row naming another producer's product is refused too.
        var mixed = rows + $"c4,{producerId},{theirProduct},fair,2025-02,5,1\r\n";
        var status = await FinishedAsync(department, await UploadAsync(department, mixed, allOrNothing: false));
        Assert.Equal("completed", status["status"]!.GetValue<string>());
        Assert.Equal(2, status["recordedRows"]!.GetValue<int>());
        Assert.Equal([(3, "amountVnd"), (5, "productId")], Problems(status));
        Assert.Equal(Cap, await RevenueAsync(department, producerId));
        var province = await (await department.GetAsync("/api/reports/revenue?year=2025")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(Cap, province["revenueVnd"]!.GetValue<long>());
    }

    private static async Task<string> UploadAsync(HttpClient client, string csv, bool allOrNothing)
    {
        var upload = await client.PostAsync($"/api/revenue/imports?allOrNothing={allOrNothing}",
            new StringContent(csv, Encoding.UTF8, "text/csv"));
        await upload.ExpectAsync(HttpStatusCode.Accepted);
        return upload.Headers.Location!.ToString();
    }

    private static Task<JsonObject> FinishedAsync(HttpClient client, string location) =>
        Eventually.HoldsAsync(async () => await (await client.GetAsync(location)).ExpectAsync(HttpStatusCode.OK),
            status => status["status"]!.GetValue<string>() is "completed" or "rejected", because: "the import finishes");

    private static List<(int, string)> Problems(JsonObject status) =>
        [.. status["problems"]!.AsArray().Select(p => (p!["row"]!.GetValue<int>(), p["field"]!.GetValue<string>()))];

    private static async Task<long> RevenueAsync(HttpClient client, string producerId)
    {
        var report = await (await client.GetAsync($"/api/reports/revenue?producerId={producerId}&year=2025")).ExpectAsync(HttpStatusCode.OK);
        return report["revenueVnd"]!.GetValue<long>();
    }
}

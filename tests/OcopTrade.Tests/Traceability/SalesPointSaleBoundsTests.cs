using System.Net;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Traceability;

/// <summary>Security issue #19, finding 7: a sales point recorded 100,000 units at 10^10 ₫ from a lot of 5, and it
/// counted in the province's revenue. A sale now takes no more than the lot has left, only of a product on sale, and
/// a price far from the listing's waits for the department before it counts.</summary>
[Collection(SharedAppCollection.Name)]
public class SalesPointSaleBoundsTests(SharedApp shared)
{
    private readonly HttpClient _admin = shared.App.Client();

    private sealed record Lot(string ProducerId, HttpClient Producer, string ProductId, string Code);

    private async Task<Lot> PublishedLotAsync(long quantity, bool publish = true)
    {
        var producerId = await _admin.CreateProducerAsync();
        var producer = shared.App.Client(await _admin.ProducerKeyAsync(producerId));
        var productId = (await (await producer.PostAsync("/api/products", Api.JsonBody(Api.Product()))).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        if (publish) await (await producer.PostAsync($"/api/products/{productId}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        var code = (await (await producer.PostAsync($"/api/products/{productId}/batches", Api.JsonBody(new JsonObject
        {
            ["lotNumber"] = "L5", ["productionDate"] = "2026-10-01", ["bestBefore"] = "2027-10-01", ["quantity"] = quantity,
        }))).ExpectAsync(HttpStatusCode.Created))["traceCode"]!.GetValue<string>();
        return new Lot(producerId, producer, productId, code);
    }

    private async Task<(HttpClient Till, string Id)> ShopAsync(string province = "Lai Châu")
    {
        var id = await _admin.CreateSalesPointAsync(province);
        return (shared.App.Client(await _admin.SalesPointKeyAsync(id)), id);
    }

    private async Task<HttpClient> DepartmentAsync(string province) =>
        shared.App.Client(await _admin.IssueKeyAsync(new JsonObject { ["role"] = "department", ["province"] = province }));

    private static Task<HttpResponseMessage> SellAsync((HttpClient Till, string Id) shop, string saleId, string code, long quantity, long unitPrice) =>
        shop.Till.PostAsync($"/api/sales-points/{shop.Id}/scans", Api.JsonBody(new JsonObject
        {
            ["id"] = saleId, ["code"] = code, ["kind"] = "sale", ["quantity"] = quantity, ["unitPrice"] = unitPrice,
        }));

    private async Task<JsonArray> RevenueEntriesAsync(string producerId) =>
        (await (await _admin.GetAsync($"/api/revenue?producerId={producerId}")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray();

    private async Task<long> ReportedRevenueAsync(string producerId, string month) =>
        (await (await _admin.GetAsync($"/api/reports/revenue?producerId={producerId}&year={month[..4]}")).ExpectAsync(HttpStatusCode.OK))
            ["revenueVnd"]!.GetValue<long>();

    private async Task<int> StoredSalesAsync(string salesPointId)
    {
        var sales = new Azure.Data.Tables.TableClient(shared.Storage.ConnectionString, "Sales");
        var count = 0;
        await foreach (var _ in sales.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == salesPointId)) count++;
        return count;
    }

    [Fact]
    public async Task The_reviews_sale_of_100000_units_from_a_lot_of_5_is_refused_and_writes_nothing()
    {
        var lot = await PublishedLotAsync(5);
        var shop = await ShopAsync();
        // The review's 100 000 units (its 10^10 ₫ each is refused by the entry cap before the lot is read).
        await (await SellAsync(shop, "huge-1", lot.Code, 100_000, 350_000)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "quantity");
        Assert.Equal(0, await StoredSalesAsync(shop.Id));
        Assert.Empty(await RevenueEntriesAsync(lot.ProducerId));

        await (await SellAsync(shop, "all-5", lot.Code, 5, 350_000)).ExpectAsync(HttpStatusCode.Created);
        await (await SellAsync(shop, "one-more", lot.Code, 1, 350_000)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "quantity");
        Assert.Equal(1, await StoredSalesAsync(shop.Id));
    }

    [Fact]
    public async Task Tills_selling_the_last_units_at_the_same_moment_cannot_all_succeed()
    {
        var lot = await PublishedLotAsync(5);
        var shops = new List<(HttpClient Till, string Id)>();
        for (var i = 0; i < 6; i++) shops.Add(await ShopAsync());

        var answers = await Task.WhenAll(shops.Select((shop, i) => SellAsync(shop, $"race-{i}", lot.Code, 2, 350_000)));

        Assert.Equal(2, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
            await refused.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "quantity");
        Assert.Equal(2 * 2 * 350_000, (await RevenueEntriesAsync(lot.ProducerId)).Sum(e => e!["amountVnd"]!.GetValue<long>()));
    }

    [Fact]
    public async Task A_resent_sale_takes_its_units_from_the_lot_once()
    {
        var lot = await PublishedLotAsync(5);
        var shop = await ShopAsync();
        await (await SellAsync(shop, "three", lot.Code, 3, 350_000)).ExpectAsync(HttpStatusCode.Created);
        await (await SellAsync(shop, "three", lot.Code, 3, 350_000)).ExpectAsync(HttpStatusCode.OK);
        await (await SellAsync(shop, "two", lot.Code, 2, 350_000)).ExpectAsync(HttpStatusCode.Created);
        await (await SellAsync(shop, "none-left", lot.Code, 1, 350_000)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "quantity");
    }

    [Fact]
    public async Task A_price_far_from_the_listings_is_held_out_of_revenue_until_the_department_approves_it()
    {
        var lot = await PublishedLotAsync(100);
        var shop = await ShopAsync();
        var answer = await (await SellAsync(shop, "odd-price", lot.Code, 2, 5_000_000)).ExpectAsync(HttpStatusCode.Created);
        var sale = answer["sale"]!;
        Assert.Equal("held", sale["status"]!.GetValue<string>());
        Assert.Contains("above 200%", sale["holdReason"]!.GetValue<string>());
        var month = sale["month"]!.GetValue<string>();
        Assert.Empty(await RevenueEntriesAsync(lot.ProducerId));
        Assert.Equal(0, await ReportedRevenueAsync(lot.ProducerId, month));

        var department = await DepartmentAsync("Lai Châu");
        var held = (await (await department.GetAsync("/api/sales/held?pageSize=200")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray();
        Assert.Contains(held, s => s!["id"]!.GetValue<string>() == "odd-price" && s["salesPointId"]!.GetValue<string>() == shop.Id);
        var elsewhere = await DepartmentAsync("Bắc Kạn");
        var theirs = (await (await elsewhere.GetAsync("/api/sales/held?pageSize=200")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray();
        Assert.DoesNotContain(theirs, s => s!["id"]!.GetValue<string>() == "odd-price");
        var approve = $"/api/sales-points/{shop.Id}/sales/odd-price/approve";
        await (await elsewhere.PostAsync(approve, null)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await shop.Till.PostAsync(approve, null)).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await ReportedRevenueAsync(lot.ProducerId, month));

        var approved = await (await department.PostAsync(approve, null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("counted", approved["status"]!.GetValue<string>());
        Assert.Equal(10_000_000, Assert.Single(await RevenueEntriesAsync(lot.ProducerId))!["amountVnd"]!.GetValue<long>());
        Assert.Equal(10_000_000, await ReportedRevenueAsync(lot.ProducerId, month));
        var after = (await (await department.GetAsync("/api/sales/held?pageSize=200")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray();
        Assert.DoesNotContain(after, s => s!["id"]!.GetValue<string>() == "odd-price");
        // Approving again changes nothing; rejecting what counts already is refused.
        await (await department.PostAsync(approve, null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Single(await RevenueEntriesAsync(lot.ProducerId));
        await (await department.PostAsync($"/api/sales-points/{shop.Id}/sales/odd-price/reject", null)).ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_rejected_sale_never_counts_and_gives_its_units_back_to_the_lot()
    {
        var lot = await PublishedLotAsync(5);
        var shop = await ShopAsync();
        var held = await (await SellAsync(shop, "typo", lot.Code, 5, 35_000)).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("held", held["sale"]!["status"]!.GetValue<string>());
        await (await SellAsync(shop, "blocked", lot.Code, 1, 350_000)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "quantity");

        var rejected = await (await _admin.PostAsync($"/api/sales-points/{shop.Id}/sales/typo/reject", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("rejected", rejected["status"]!.GetValue<string>());
        await (await _admin.PostAsync($"/api/sales-points/{shop.Id}/sales/typo/approve", null)).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await SellAsync(shop, "real", lot.Code, 5, 350_000)).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(5 * 350_000, Assert.Single(await RevenueEntriesAsync(lot.ProducerId))!["amountVnd"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_sale_of_a_suspended_revoked_or_unpublished_product_is_refused()
    {
        var shop = await ShopAsync();
        var revoked = await PublishedLotAsync(10);
        var department = await DepartmentAsync("Lai Châu");
        await (await department.PostAsync($"/api/products/{revoked.ProductId}/certificate/revocation",
            Api.JsonBody("""{"reason":"Kiểm tra phát hiện vi phạm"}"""))).ExpectAsync(HttpStatusCode.OK);
        var problem = await (await SellAsync(shop, "s-revoked", revoked.Code, 1, 350_000)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "code");
        Assert.Contains("suspended", problem["detail"]!.GetValue<string>());

        var draft = await PublishedLotAsync(10, publish: false);
        await (await SellAsync(shop, "s-draft", draft.Code, 1, 350_000)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "code");
        Assert.Equal(0, await StoredSalesAsync(shop.Id));
        Assert.Empty(await RevenueEntriesAsync(revoked.ProducerId));
    }

    [Fact]
    public async Task The_department_sees_what_each_of_its_sales_points_recorded_and_no_other_province_does()
    {
        var lot = await PublishedLotAsync(50);
        var shop = await ShopAsync();
        await (await SellAsync(shop, "counted-1", lot.Code, 2, 350_000)).ExpectAsync(HttpStatusCode.Created);
        await (await SellAsync(shop, "held-1", lot.Code, 1, 1_000)).ExpectAsync(HttpStatusCode.Created);

        var department = await DepartmentAsync("Lai Châu");
        var sales = (await (await department.GetAsync($"/api/sales-points/{shop.Id}/sales")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray();
        Assert.Equal(["counted-1:counted", "held-1:held"],
            sales.Select(s => s!["id"]!.GetValue<string>() + ":" + s["status"]!.GetValue<string>()).Order());
        Assert.All(sales, s => Assert.Equal(lot.ProductId, s!["productId"]!.GetValue<string>()));
        await (await shop.Till.GetAsync($"/api/sales-points/{shop.Id}/sales")).ExpectAsync(HttpStatusCode.OK);

        var elsewhere = await DepartmentAsync("Bắc Kạn");
        await (await elsewhere.GetAsync($"/api/sales-points/{shop.Id}/sales")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await lot.Producer.GetAsync($"/api/sales-points/{shop.Id}/sales")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var other = await ShopAsync();
        await (await other.Till.GetAsync($"/api/sales-points/{shop.Id}/sales")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}

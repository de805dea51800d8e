using System.Net;
using System.Text.Json.Nodes;
using OcopTrade.Functions.Products;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Plans;

/// <summary>A small province worked out by hand, shared by the plan, report and dashboard tests:
/// A (Huyện Một): P1 first certified 2025-03-01 with a lot produced 2025-06-01; supermarket 1 000 000 (2024-05) → 1 050 000 (2025-05).
/// B (Huyện Hai): P2 certified 2022-02-01, seen by the watch, then re-certified 2025-02-10; traditional market
///   2 000 000 (2024-03) → 2 300 000 (2025-03), agent 100 000 (2025-04).
/// C (Huyện Một): P3 certified 2021-01-05, expired 2024-01-05; no revenue.
/// D (Huyện Hai): P4 certified 36 months before today + 30 days, so expiring within 90 days.</summary>
public sealed class PlanFixture(OcopApp app)
{
    public string Province { get; } = "Tỉnh Thử Kế Hoạch " + Guid.NewGuid().ToString("N")[..8];
    public string A = "", B = "", C = "", D = "", P1 = "", P2 = "", P3 = "", P4 = "";
    public HttpClient Department { get; private set; } = null!;
    public HttpClient ProducerA { get; private set; } = null!;
    private readonly HttpClient _admin = app.Client();

    /// <summary>Runs the nightly certificate watch now, as the host's admin API would, and waits for it.</summary>
    public static Task InvokeWatchAsync(OcopApp app) => app.RunFunctionAsync(nameof(CertificateWatch));

    private async Task<string> ProducerAsync(string district)
    {
        var producer = Api.Producer(Province);
        producer["district"] = district;
        return (await (await _admin.PostAsync("/api/producers", Api.JsonBody(producer))).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
    }

    private async Task<string> ProductAsync(string producerId, string issueDate, string name)
    {
        var product = Api.Product(producerId, issueDate);
        product["name"] = name;
        product.Remove("gtin");
        return (await (await _admin.PostAsync("/api/products", Api.JsonBody(product))).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
    }

    public async Task RevenueAsync(string producerId, string channel, string month, long amount) =>
        await (await _admin.PostAsync("/api/revenue", Api.JsonBody(new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(), ["producerId"] = producerId, ["channel"] = channel,
            ["month"] = month, ["amountVnd"] = amount, ["quantity"] = 10,
        }))).ExpectAsync(HttpStatusCode.Created);

    public async Task<PlanFixture> BuildAsync()
    {
        (A, B, C, D) = (await ProducerAsync("Huyện Một"), await ProducerAsync("Huyện Hai"), await ProducerAsync("huyện Một"), await ProducerAsync("Huyện Hai"));
        P1 = await ProductAsync(A, "2025-03-01", "Chè Shan Tuyết Một");
        P2 = await ProductAsync(B, "2022-02-01", "Mật ong Bạc Hà Hai");
        P3 = await ProductAsync(C, "2021-01-05", "Miến Dong Ba");
        var today = OcopTrade.Functions.Products.CertificateValidity.TodayInVietnam(app.Clock);
        P4 = await ProductAsync(D, today.AddMonths(-36).AddDays(30).ToString("yyyy-MM-dd"), "Gạo Tẻ Bốn");
        await (await _admin.PostAsync($"/api/products/{P1}/batches", Api.JsonBody(new JsonObject
        {
            ["lotNumber"] = "L2025-06", ["productionDate"] = "2025-06-01", ["bestBefore"] = "2026-12-01", ["quantity"] = 100,
        }))).ExpectAsync(HttpStatusCode.Created);

        // The watch sees P2's first certificate before the re-certification replaces it.
        await InvokeWatchAsync(app);
        var read = await _admin.GetAsync($"/api/products/{P2}");
        var edit = Api.ProductEdit(e =>
        {
            e["name"] = "Mật ong Bạc Hà Hai";
            e["certificate"] = new JsonObject { ["number"] = "88/QĐ-UBND", ["issueDate"] = "2025-02-10", ["issuingLevel"] = "province" };
            e.Remove("gtin");
        });
        await (await _admin.PutAsync($"/api/products/{P2}", edit, read.Etag())).ExpectAsync(HttpStatusCode.OK);
        await InvokeWatchAsync(app);

        await RevenueAsync(A, "supermarket", "2024-05", 1_000_000);
        await RevenueAsync(A, "supermarket", "2025-05", 1_050_000);
        await RevenueAsync(B, "traditionalMarket", "2024-03", 2_000_000);
        await RevenueAsync(B, "traditionalMarket", "2025-03", 2_300_000);
        await RevenueAsync(B, "agent", "2025-04", 100_000);

        Department = app.Client(await _admin.IssueKeyAsync(new JsonObject { ["role"] = "department", ["province"] = Province }));
        ProducerA = app.Client(await _admin.ProducerKeyAsync(A));
        return this;
    }

    public static JsonObject Plan(string province, int year, string number, params JsonObject[] targets) => new()
    {
        ["province"] = province, ["year"] = year, ["number"] = number, ["title"] = "Kế hoạch thử " + number,
        ["targets"] = new JsonArray([.. targets]),
    };

    public static JsonObject Target(string metric, decimal? min, decimal? max = null, string? level = null, string? unit = null)
    {
        var t = new JsonObject { ["metric"] = metric };
        if (level is not null) t["level"] = level;
        if (unit is not null) t["unit"] = unit;
        if (min is not null) t["min"] = min;
        if (max is not null) t["max"] = max;
        return t;
    }
}

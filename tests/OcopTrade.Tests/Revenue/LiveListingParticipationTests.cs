using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OcopTrade.Functions.Revenue;
using OcopTrade.Tests.Support;
using static OcopTrade.Tests.Revenue.RevenueEntryTests;

namespace OcopTrade.Tests.Revenue;

/// <summary>The syndication capability's answer, as it will plug in: a producer with a live marketplace listing counts.</summary>
public class LiveListingParticipationTests : OwnAppTests
{
    private sealed class Listed(HashSet<string> ids) : ILiveMarketplaceListings
    {
        public Task<IReadOnlySet<string>> ProducersWithLiveListingsAsync(string province, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlySet<string>>(ids);
    }

    private readonly HashSet<string> _listed = [];

    protected override OcopApp Configure(OcopApp app) => app.WithServices(s => s.AddSingleton<ILiveMarketplaceListings>(new Listed(_listed)));

    [Fact]
    public async Task A_subject_with_a_live_marketplace_listing_participates_without_modern_revenue()
    {
        var admin = App.Client();
        var selling = await admin.CreateProducerAsync("Bắc Kạn");
        var listedOnly = await admin.CreateProducerAsync("Bắc Kạn");
        var neither = await admin.CreateProducerAsync("Bắc Kạn");
        foreach (var id in new[] { selling, listedOnly, neither })
            await (await admin.PostAsync("/api/products", Api.JsonBody(Api.Product(id, "2025-01-15")))).ExpectAsync(HttpStatusCode.Created);
        await (await admin.PostAsync("/api/revenue", Api.JsonBody(Entry(selling, "ecommerce", "2025-03", 100_000, "shopee")))).ExpectAsync(HttpStatusCode.Created);
        await (await admin.PostAsync("/api/revenue", Api.JsonBody(Entry(neither, "fair", "2025-03", 100_000)))).ExpectAsync(HttpStatusCode.Created);
        _listed.Add(listedOnly);

        var report = await (await admin.GetAsync("/api/reports/participation?province=B%E1%BA%AFc%20K%E1%BA%A1n&year=2025")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(3, report["subjectsTotal"]!.GetValue<int>());
        Assert.Equal(2, report["subjectsInModernChannels"]!.GetValue<int>());
        Assert.Equal(66.67m, report["participationPercent"]!.GetValue<decimal>());
        // A listing is e-commerce: it does not make a subject a supermarket seller.
        var supermarkets = await (await admin.GetAsync("/api/reports/participation?province=B%E1%BA%AFc%20K%E1%BA%A1n&year=2025&channel=supermarket")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, supermarkets["subjectsInModernChannels"]!.GetValue<int>());
    }
}

using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;
using OcopTrade.Tests.Syndication;
using static OcopTrade.Tests.Syndication.SyndicationFixture;

namespace OcopTrade.Tests.Hardening;

/// <summary>The app, Azurite and the simulator, with connectors that give up on a marketplace after 2 s a call
/// (10 s in production) and retry once inline (3), so a slow marketplace outlasts them in seconds. Each test class
/// has its own, so one test's timeouts never leave the next a circuit breaker already open.</summary>
public sealed class ImpatientConnectorsFixture : SyndicationFixture
{
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);
    public static readonly string[] Channels = ["voso", "postmart", "shopee"];

    protected override void Configure(OcopApp app)
    {
        foreach (var channel in Channels)
        {
            app.Set($"Syndication:Marketplaces:{channel}:AttemptTimeout", AttemptTimeout.ToString());
            app.Set($"Syndication:Marketplaces:{channel}:MaxRetries", "1");
        }
        // A failed delivery comes back after 1 s, well inside the breaker's 5 s break: a job meeting the open breaker
        // must wait the break out without spending an attempt (it once burnt all five in a second and needed attention
        // after the marketplace had recovered).
        app.Set("AzureFunctionsJobHost:extensions:queues:visibilityTimeout", "00:00:01");
    }
}

/// <summary>Issue 9 §2, "let a marketplace time out": a marketplace slower than our timeout before it does anything.
/// The jobs say they are retrying on the timeout, then go live once it recovers, one listing per product.</summary>
// Joins the syndication tests' collection: they measure throttling and must not share two cores with this one.
[Collection("Marketplace simulator")]
public class SlowMarketplaceTests(ImpatientConnectorsFixture fixture) : MarketplaceTimeouts(fixture), IClassFixture<ImpatientConnectorsFixture>
{

    [Fact]
    public async Task A_marketplace_slower_than_the_timeout_leaves_jobs_retrying_until_it_recovers_then_one_listing_each()
    {
        var (producer, producerId, first) = await Fixture.PublishedProductAsync();
        var products = new List<string> { first, await ProductAsync(producer) };
        string[] channels = ["voso", "postmart"];

        foreach (var m in channels) await Simulator.FaultsAsync(m, new { latencyMs = Slow });
        try
        {
            foreach (var id in products) await SyndicateAsync(producer, id, channels);
            // Every call outlasts the connector: the first attempt of each job fails on the timeout and says so.
            foreach (var id in products)
                await Eventually.HoldsAsync(() => StatusAsync(producer, id),
                    s => channels.All(c => HasRetried(s, c, "quá thời gian chờ")), TimeSpan.FromSeconds(60), $"{id} to be retrying on the timeout");
            foreach (var m in channels) Assert.Equal(0, (await Simulator.StatsAsync(m))["creates"]!.GetValue<int>());
        }
        finally
        {
            foreach (var m in channels) await Simulator.FaultsAsync(m, new { latencyMs = 0 });
        }

        foreach (var id in products)
        {
            var status = await UntilAsync(producer, id, "live", channels);
            foreach (var c in channels) Assert.False(string.IsNullOrEmpty(Channel(status, c)!["externalId"]?.GetValue<string>()));
        }
        foreach (var m in channels) await AssertOneListingPerProductAsync(m, producerId, products, producer);
    }

}

/// <summary>The worst case of a timeout: the marketplace created the listing, and its answer (with the listing's id)
/// came after we gave up. The retry must find it by the stable SKU and update it, never create a second.</summary>
[Collection("Marketplace simulator")]
public class LateAnswerTests(ImpatientConnectorsFixture fixture) : MarketplaceTimeouts(fixture), IClassFixture<ImpatientConnectorsFixture>
{
    [Fact]
    public async Task A_listing_created_but_answered_too_late_is_updated_on_retry_never_duplicated()
    {
        var (producer, producerId, productId) = await Fixture.PublishedProductAsync();
        var channels = ImpatientConnectorsFixture.Channels;

        // Each marketplace creates the listing at once and answers after our timeout, and answers late long enough
        // (2 calls: the create and its inline retry, which meets the duplicate SKU) that the queue retries the job.
        var before = new Dictionary<string, JsonObject>();
        foreach (var m in channels)
        {
            before[m] = await Simulator.StatsAsync(m);
            await Simulator.FaultsAsync(m, new { lateAnswerMs = Slow, lateAnswerNext = 2 });
        }
        try
        {
            await SyndicateAsync(producer, productId, channels);
            var status = await UntilAsync(producer, productId, "live", channels);
            foreach (var m in channels)
            {
                Assert.True(HasRetried(status, m, "quá thời gian chờ"), $"{m}: the lost answer should show as a retry: {Channel(status, m)}");
                var stats = await Simulator.StatsAsync(m);
                Assert.Equal(2, stats["lateAnswers"]!.GetValue<long>() - before[m]["lateAnswers"]!.GetValue<long>());
                // Created once, by the call whose answer was lost; what followed found it by SKU and updated it.
                Assert.Equal(1, stats["creates"]!.GetValue<int>() - before[m]["creates"]!.GetValue<int>());
                Assert.True(stats["updates"]!.GetValue<int>() > before[m]["updates"]!.GetValue<int>(), $"{m}: the retry should update the listing");
                var listing = await AssertOneListingPerProductAsync(m, producerId, [productId], producer);
                Assert.Equal(listing["id"]!.GetValue<string>(), Channel(status, m)!["externalId"]!.GetValue<string>());
            }
        }
        finally
        {
            foreach (var m in channels) await Simulator.FaultsAsync(m, new { lateAnswerMs = 0, lateAnswerNext = 0 });
        }
    }

}

/// <summary>What both timeout tests read and check.</summary>
public abstract class MarketplaceTimeouts(ImpatientConnectorsFixture fixture)
{
    protected ImpatientConnectorsFixture Fixture => fixture;
    protected Simulator Simulator => fixture.Simulator;
    /// <summary>Three times the connector's patience.</summary>
    protected static readonly int Slow = (int)(ImpatientConnectorsFixture.AttemptTimeout.TotalMilliseconds * 3);

    protected static bool HasRetried(JsonArray status, string channel, string cause) =>
        Channel(status, channel)?["history"] is JsonArray history &&
        history.Any(h => h!["state"]!.GetValue<string>() == "retrying" && h["detail"]!.GetValue<string>().Contains(cause));

    /// <summary>The marketplace's own list, the seller's listings only: one per product, active, with our SKU; and
    /// it stays that way (a late answer or a stray delivery creating a second one afterwards would show here).</summary>
    protected async Task<JsonObject> AssertOneListingPerProductAsync(string marketplace, string producerId, IReadOnlyList<string> products, HttpClient producer)
    {
        var skus = products.Select(p => "OCOP-" + p.ToUpperInvariant()).ToHashSet();
        // Who the marketplace thinks the seller is: voso's bearer token, postmart's shop code, Shopee's shop id.
        var seller = marketplace switch { "voso" => $"token-{producerId}", "postmart" => $"seller-{producerId}", _ => $"shop-{producerId}" };
        async Task<List<JsonObject>> Mine() =>
            (await Simulator.ListingsAsync(marketplace)).OfType<JsonObject>().Where(l => skus.Contains(l["sku"]!.GetValue<string>())).ToList();

        var listings = await Mine();
        Assert.Equal(skus.Order(), listings.Select(l => l["sku"]!.GetValue<string>()).Order());
        Assert.All(listings, l => Assert.True(l["active"]!.GetValue<bool>()));
        Assert.All(listings, l => Assert.Equal(seller, l["seller"]!.GetValue<string>()));
        await Eventually.StaysAsync(Mine, l => l.Count == skus.Count, ImpatientConnectorsFixture.AttemptTimeout * 2,
            $"{marketplace} to keep one listing per product");
        foreach (var id in products) Assert.Equal("live", State(await StatusAsync(producer, id), marketplace));
        return listings[0];
    }
}

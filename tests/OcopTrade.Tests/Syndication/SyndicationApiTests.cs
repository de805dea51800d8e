using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using OcopTrade.Functions.Syndication;
using OcopTrade.Tests.Support;
using static OcopTrade.Tests.Syndication.SyndicationFixture;

namespace OcopTrade.Tests.Syndication;

/// <summary>A producer puts a product on marketplaces and reads where it stands; edits follow it there, a
/// suspension takes it down. Real app, real Azurite, the marketplace simulator over real HTTP.</summary>
// One collection: both classes set the shared simulator's faults, so they must not run side by side.
[Collection("Marketplace simulator")]
public class SyndicationApiTests(SyndicationFixture fixture) : IClassFixture<SyndicationFixture>
{
    private OcopApp App => fixture.App;
    private Simulator Simulator => fixture.Simulator;

    [Fact]
    public async Task One_press_lists_the_product_on_three_marketplaces_with_ids_and_urls()
    {
        var (producer, producerId, productId) = await fixture.PublishedProductAsync();
        var accepted = await SyndicateAsync(producer, productId, "voso", "postmart", "shopee");
        Assert.Equal(["postmart", "shopee", "voso"], accepted.Select(a => a!["channel"]!.GetValue<string>()));

        var status = await UntilAsync(producer, productId, "live", "voso", "postmart", "shopee");
        foreach (var channel in new[] { "voso", "postmart", "shopee" })
        {
            var s = Channel(status, channel)!;
            Assert.False(string.IsNullOrEmpty(s["externalId"]!.GetValue<string>()));
            Assert.StartsWith("http", s["url"]!.GetValue<string>());
            var states = s["history"]!.AsArray().Select(h => h!["state"]!.GetValue<string>()).ToList();
            Assert.Equal(["queued", "publishing", "live"], states);
            var listing = Assert.Single(await Simulator.ListingsAsync(channel), l => l!["sku"]!.GetValue<string>() == "OCOP-" + productId.ToUpperInvariant());
            Assert.Equal(s["externalId"]!.GetValue<string>(), listing!["id"]!.GetValue<string>());
        }
        var voso = (await Simulator.ListingsAsync("voso")).Single(l => l!["sku"]!.GetValue<string>() == "OCOP-" + productId.ToUpperInvariant())!;
        Assert.Equal("token-" + producerId, voso["seller"]!.GetValue<string>());
        Assert.Equal(350000, voso["body"]!["price"]!.GetValue<long>());
        Assert.Equal("VS-1002", voso["body"]!["categoryId"]!.GetValue<string>());
        Assert.Equal(200, voso["body"]!["weightGram"]!.GetValue<int>());
        Assert.Contains("OCOP 4 sao", voso["body"]!["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task Pressing_again_for_the_same_version_queues_nothing_new()
    {
        var (producer, _, productId) = await fixture.PublishedProductAsync();
        await SyndicateAsync(producer, productId, "postmart");
        await SyndicateAsync(producer, productId, "postmart");
        var live = await UntilAsync(producer, productId, "live", "postmart");
        await SyndicateAsync(producer, productId, "postmart");
        // Longer than the queue's polling interval: a second job would have run by now.
        await Eventually.StaysAsync(() => StatusAsync(producer, productId),
            after => Channel(live, "postmart")!["history"]!.ToJsonString() == Channel(after, "postmart")!["history"]!.ToJsonString(),
            TimeSpan.FromSeconds(1.5), "the history of one press");
        var listing = (await Simulator.ListingsAsync("postmart")).Single(l => l!["sku"]!.GetValue<string>() == "OCOP-" + productId.ToUpperInvariant())!;
        Assert.Equal(0, listing["updates"]!.GetValue<int>());
    }

    [Fact]
    public async Task Bad_requests_are_refused_and_change_nothing()
    {
        var (producer, _, productId) = await fixture.PublishedProductAsync();
        var unknown = await producer.PostAsync($"/api/products/{productId}/syndications", Api.JsonBody("""{"channels":["voso","lazada"]}"""));
        var problem = await unknown.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "channels");
        Assert.Contains("lazada", problem["errors"]!["channels"]!.ToJsonString());
        await (await producer.PostAsync($"/api/products/{productId}/syndications", Api.JsonBody("""{"channels":[]}""")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "channels");
        await (await producer.PostAsync($"/api/products/{productId}/syndications", Api.JsonBody("""{"channel":"voso"}""")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Empty(await StatusAsync(producer, productId));

        // Someone else's product is not there at all.
        var (stranger, _, _) = await fixture.PublishedProductAsync();
        await (await stranger.PostAsync($"/api/products/{productId}/syndications", Api.JsonBody("""{"channels":["voso"]}""")))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.GetAsync($"/api/products/{productId}/syndications")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.DeleteAsync($"/api/products/{productId}/syndications/voso")).ExpectProblemAsync(HttpStatusCode.NotFound);

        // A draft is not listed anywhere.
        var draft = await (await producer.PostAsync("/api/products", Api.JsonBody(Api.Product()))).ExpectAsync(HttpStatusCode.Created);
        await (await producer.PostAsync($"/api/products/{draft["id"]}/syndications", Api.JsonBody("""{"channels":["voso"]}""")))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "product");
    }

    [Fact]
    public async Task A_refusal_reaches_the_producer_in_words_with_the_marketplace_code()
    {
        var (producer, _, productId) = await fixture.PublishedProductAsync(p => p["description"] = "Chè shan tuyết cổ thụ, uống hằng ngày giúp chữa bệnh tiểu đường.");
        await SyndicateAsync(producer, productId, "voso");
        var status = await UntilAsync(producer, productId, "rejected", "voso");
        var reasons = Channel(status, "voso")!["reasons"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
        var reason = Assert.Single(reasons);
        Assert.Contains("chữa bệnh", reason);
        Assert.Contains("(mã voso: PROHIBITED_CLAIM)", reason);
        Assert.True(Channel(status, "voso")!.ContainsKey("externalId"));
        Assert.Null(Channel(status, "voso")!["externalId"]);
    }

    [Fact]
    public async Task Ten_quick_edits_make_one_sync_with_the_last_values()
    {
        var (producer, _, productId) = await fixture.PublishedProductAsync();
        await SyndicateAsync(producer, productId, "voso");
        await UntilAsync(producer, productId, "live", "voso");

        for (var i = 1; i <= 10; i++)
        {
            var read = await producer.GetAsync($"/api/products/{productId}");
            await (await producer.PutAsync($"/api/products/{productId}", Api.ProductEdit(p => p["priceVnd"] = 350000 + i * 1000), read.Etag()))
                .ExpectAsync(HttpStatusCode.OK);
        }
        var sku = "OCOP-" + productId.ToUpperInvariant();
        var listing = await Eventually.HoldsAsync(async () => (await Simulator.ListingsAsync("voso")).Single(l => l!["sku"]!.GetValue<string>() == sku)!,
            l => l["body"]!["price"]!.GetValue<long>() == 360000, TimeSpan.FromSeconds(30), "the last price on voso");
        await UntilAsync(producer, productId, "live", "voso");
        await Eventually.StaysAsync(async () => (await Simulator.ListingsAsync("voso")).Single(l => l!["sku"]!.GetValue<string>() == sku)!,
            l => l["updates"]!.GetValue<int>() == 1, TimeSpan.FromSeconds(1.5), "one update for ten edits");
    }

    [Fact]
    public async Task A_producer_takes_one_channel_down_and_the_others_stay()
    {
        var (producer, _, productId) = await fixture.PublishedProductAsync();
        await SyndicateAsync(producer, productId, "voso", "postmart");
        await UntilAsync(producer, productId, "live", "voso", "postmart");

        await (await producer.DeleteAsync($"/api/products/{productId}/syndications/voso")).ExpectAsync(HttpStatusCode.Accepted);
        var status = await UntilAsync(producer, productId, "delisted", "voso");
        Assert.Equal("live", State(status, "postmart"));
        var sku = "OCOP-" + productId.ToUpperInvariant();
        Assert.False((await Simulator.ListingsAsync("voso")).Single(l => l!["sku"]!.GetValue<string>() == sku)!["active"]!.GetValue<bool>());
        Assert.True((await Simulator.ListingsAsync("postmart")).Single(l => l!["sku"]!.GetValue<string>() == sku)!["active"]!.GetValue<bool>());

        // An edit afterwards re-syncs postmart and leaves voso down.
        var read = await producer.GetAsync($"/api/products/{productId}");
        await (await producer.PutAsync($"/api/products/{productId}", Api.ProductEdit(p => p["priceVnd"] = 390000), read.Etag())).ExpectAsync(HttpStatusCode.OK);
        await Eventually.HoldsAsync(async () => (await Simulator.ListingsAsync("postmart")).Single(l => l!["sku"]!.GetValue<string>() == sku)!,
            l => l["body"]!["salePrice"]!.GetValue<long>() == 390000, TimeSpan.FromSeconds(30), "the new price on postmart");
        Assert.Equal("delisted", State(await StatusAsync(producer, productId), "voso"));
        Assert.False((await Simulator.ListingsAsync("voso")).Single(l => l!["sku"]!.GetValue<string>() == sku)!["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_revoked_certificate_takes_the_product_down_everywhere_and_the_report_sees_when_it_was_live()
    {
        var (producer, producerId, productId) = await fixture.PublishedProductAsync();
        var before = DateTimeOffset.UtcNow;
        await SyndicateAsync(producer, productId, "voso", "postmart", "shopee");
        await UntilAsync(producer, productId, "live", "voso", "postmart", "shopee");
        var store = App.Services.GetRequiredService<SyndicationStore>();
        Assert.Contains(producerId, await store.ProducersWithLiveListingsAsync(before, DateTimeOffset.UtcNow.AddMinutes(1), default));
        Assert.DoesNotContain(producerId, await store.ProducersWithLiveListingsAsync(before.AddDays(-30), before.AddDays(-1), default));
        // No sale recorded yet, but a live listing already counts as a modern channel in the department's figure.
        var month = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM");
        var participation = await (await App.Client().GetAsync($"/api/reports/participation?producerId={producerId}&from={month}&to={month}"))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, participation["subjectsTotal"]!.GetValue<int>());
        Assert.Equal(1, participation["subjectsInModernChannels"]!.GetValue<int>());

        await (await App.Client().PostAsync($"/api/products/{productId}/certificate/revocation", Api.JsonBody("""{"reason":"Vi phạm tiêu chuẩn chất lượng khi kiểm tra."}""")))
            .ExpectAsync(HttpStatusCode.OK);
        var status = await UntilAsync(producer, productId, "delisted", "voso", "postmart", "shopee");
        Assert.All(status, s => Assert.Contains("thu hồi", s!["reasons"]![0]!.GetValue<string>()));
        var sku = "OCOP-" + productId.ToUpperInvariant();
        foreach (var m in new[] { "voso", "postmart", "shopee" })
            Assert.False((await Simulator.ListingsAsync(m)).Single(l => l!["sku"]!.GetValue<string>() == sku)!["active"]!.GetValue<bool>());
        var afterDelisting = DateTimeOffset.UtcNow;
        Assert.DoesNotContain(producerId, await store.ProducersWithLiveListingsAsync(afterDelisting.AddSeconds(1), afterDelisting.AddDays(1), default));
        Assert.Contains(producerId, await store.ProducersWithLiveListingsAsync(before, afterDelisting, default));

        // Re-certified (the producer's claim, confirmed by the department) and published again: the listings the
        // lifecycle took down come back, as the same listings.
        var read = await producer.GetAsync($"/api/products/{productId}");
        await (await producer.PutAsync($"/api/products/{productId}", Api.ProductEdit(p =>
            p["certificate"] = new JsonObject { ["number"] = "88/QĐ-UBND", ["issueDate"] = "2026-01-10", ["issuingLevel"] = "province" }), read.Etag()))
            .ExpectAsync(HttpStatusCode.OK);
        await (await App.Client().PostAsync($"/api/products/{productId}/certificate/confirm", null))
            .ExpectAsync(HttpStatusCode.OK);
        await (await producer.PostAsync($"/api/products/{productId}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        await UntilAsync(producer, productId, "live", "voso", "postmart", "shopee");
        foreach (var m in new[] { "voso", "postmart", "shopee" })
            Assert.True(Assert.Single(await Simulator.ListingsAsync(m), l => l!["sku"]!.GetValue<string>() == sku)!["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_recall_of_the_only_lot_takes_the_product_down_and_lifting_it_brings_the_listing_back()
    {
        var (producer, _, productId) = await fixture.PublishedProductAsync();
        var batch = await (await producer.PostAsync($"/api/products/{productId}/batches", Api.JsonBody(new JsonObject
        {
            ["lotNumber"] = "L-THU-HOI", ["productionDate"] = "2026-10-01", ["bestBefore"] = "2027-10-01",
            ["quantity"] = 100,
        }))).ExpectAsync(HttpStatusCode.Created);
        var lot = $"/api/products/{productId}/batches/{batch["id"]!.GetValue<string>()}";
        await SyndicateAsync(producer, productId, "voso");
        await UntilAsync(producer, productId, "live", "voso");

        await (await producer.PostAsync(lot + "/recalls", Api.JsonBody("{\"reason\":\"Sản phẩm bị nhiễm khuẩn\"}")))
            .ExpectAsync(HttpStatusCode.OK);
        var status = await UntilAsync(producer, productId, "delisted", "voso");
        Assert.Contains("thu hồi", Channel(status, "voso")!["reasons"]![0]!.GetValue<string>());
        var sku = "OCOP-" + productId.ToUpperInvariant();
        var down = (await Simulator.ListingsAsync("voso")).Single(l => l!["sku"]!.GetValue<string>() == sku)!;
        Assert.False(down["active"]!.GetValue<bool>());

        var lift = Api.JsonBody("{\"reason\":\"Kiểm nghiệm lại đạt yêu cầu\"}");
        await (await App.Client().PostAsync(lot + "/releases", lift))
            .ExpectAsync(HttpStatusCode.OK);
        await UntilAsync(producer, productId, "live", "voso");
        var back = Assert.Single(await Simulator.ListingsAsync("voso"), l => l!["sku"]!.GetValue<string>() == sku)!;
        Assert.True(back["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_bulk_export_is_a_seller_centre_sheet_of_the_producers_listable_products()
    {
        var (producer, producerId, first) = await fixture.PublishedProductAsync();
        var second = await ProductAsync(producer, p => p["name"] = "Mật ong bạc hà Đồng Văn");
        var draft = await (await producer.PostAsync("/api/products", Api.JsonBody(Api.Product()))).ExpectAsync(HttpStatusCode.Created);

        var response = await producer.GetAsync($"/api/producers/{producerId}/bulk-exports/voso.xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        using var sheet = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = sheet.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(new[] { "OCOP-" + first.ToUpperInvariant(), "OCOP-" + second.ToUpperInvariant() }.Order(), rows.Select(r => (string)r["Mã SKU"]!).Order());
        var honey = rows.Single(r => (string)r["Tên sản phẩm"]! == "Mật ong bạc hà Đồng Văn");
        Assert.Equal(350000d, Convert.ToDouble(honey["Giá bán (VNĐ)"]));
        Assert.Equal("VS-1002", honey["Mã danh mục"]);
        Assert.Equal(4d, Convert.ToDouble(honey["Số sao OCOP"]));
        Assert.DoesNotContain(rows, r => (string)r["Mã SKU"]! == "OCOP-" + draft["id"]!.GetValue<string>().ToUpperInvariant());

        await (await producer.GetAsync($"/api/producers/{producerId}/bulk-exports/lazada.xlsx")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var (stranger, _, _) = await fixture.PublishedProductAsync();
        await (await stranger.GetAsync($"/api/producers/{producerId}/bulk-exports/voso.xlsx")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Photos_go_up_as_square_renditions_and_into_the_bulk_zip()
    {
        var (producer, producerId, productId) = await fixture.PublishedProductAsync();
        var upload = new ByteArrayContent(Images.TestImages.Jpeg(800, 600));
        upload.Headers.ContentType = new("image/jpeg");
        await (await producer.PostAsync($"/api/products/{productId}/images", upload)).ExpectAsync(HttpStatusCode.Accepted);
        await Eventually.HoldsAsync(async () => JsonNode.Parse(await producer.GetStringAsync($"/api/products/{productId}/images"))!.AsArray(),
            images => images.Count == 1 && images[0]!["status"]!.GetValue<string>() == "ready", TimeSpan.FromSeconds(60), "the photo to be processed");

        await Simulator.FaultsAsync("shopee", new { requireImages = true });
        try
        {
            await SyndicateAsync(producer, productId, "shopee", "voso");
            await UntilAsync(producer, productId, "live", "shopee", "voso");
        }
        finally { await Simulator.FaultsAsync("shopee", new { requireImages = false }); }
        var sku = "OCOP-" + productId.ToUpperInvariant();
        var shopee = (await Simulator.ListingsAsync("shopee")).Single(l => l!["sku"]!.GetValue<string>() == sku)!;
        Assert.Single(shopee["body"]!["image"]!["image_id_list"]!.AsArray());
        var voso = (await Simulator.ListingsAsync("voso")).Single(l => l!["sku"]!.GetValue<string>() == sku)!;
        Assert.EndsWith("square1000.jpg", Assert.Single(voso["body"]!["images"]!.AsArray())!.GetValue<string>());

        var zipResponse = await producer.GetAsync($"/api/producers/{producerId}/bulk-exports/voso-images.zip");
        Assert.Equal("application/zip", zipResponse.Content.Headers.ContentType?.MediaType);
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(await zipResponse.Content.ReadAsByteArrayAsync()));
        var entry = Assert.Single(zip.Entries);
        Assert.Equal($"{sku}/1.jpg", entry.FullName);
        using var photo = NetVips.Image.NewFromStream(entry.Open());
        Assert.Equal((1000, 1000), (photo.Width, photo.Height));

        using var sheet = new MemoryStream(await producer.GetByteArrayAsync($"/api/producers/{producerId}/bulk-exports/voso.xlsx"));
        var row = Assert.Single(sheet.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>());
        Assert.Equal($"{sku}/1.jpg", row["Ảnh bìa"]);
    }

    [Fact]
    public async Task A_new_photo_a_new_cover_and_a_deleted_photo_reach_the_live_listing()
    {
        var (producer, _, productId) = await fixture.PublishedProductAsync();
        await SyndicateAsync(producer, productId, "voso");
        await UntilAsync(producer, productId, "live", "voso");
        var sku = "OCOP-" + productId.ToUpperInvariant();
        async Task<List<string>> Listed() => (await Simulator.ListingsAsync("voso")).Single(l => l!["sku"]!.GetValue<string>() == sku)!
            ["body"]!["images"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
        Assert.Empty(await Listed());

        async Task<string> UploadAsync(int width)
        {
            var upload = new ByteArrayContent(Images.TestImages.Jpeg(width, 600));
            upload.Headers.ContentType = new("image/jpeg");
            var id = (await (await producer.PostAsync($"/api/products/{productId}/images", upload)).ExpectAsync(HttpStatusCode.Accepted))["id"]!.GetValue<string>();
            await Eventually.HoldsAsync(async () => JsonNode.Parse(await producer.GetStringAsync($"/api/products/{productId}/images/{id}"))!,
                image => image["status"]!.GetValue<string>() == "ready", TimeSpan.FromSeconds(60), "the photo to be processed");
            return id;
        }
        async Task<string> SquareOf(string imageId) =>
            JsonNode.Parse(await producer.GetStringAsync($"/api/products/{productId}/images/{imageId}"))!["renditions"]!.AsArray()
                .Select(r => r!["url"]!.GetValue<string>()).Single(u => u.EndsWith("square1000.jpg"));

        // A photo uploaded after the listing went live goes up without the producer pressing anything.
        var first = await UploadAsync(800);
        var firstSquare = await SquareOf(first);
        await Eventually.HoldsAsync(Listed, images => images.SequenceEqual([firstSquare]), TimeSpan.FromSeconds(30), "the first photo on voso");

        // A second photo made the cover: the marketplace shows it first.
        var second = await UploadAsync(900);
        var secondSquare = await SquareOf(second);
        await (await producer.PatchAsync($"/api/products/{productId}/images/{second}", Api.JsonBody(new JsonObject { ["primary"] = true })))
            .ExpectAsync(HttpStatusCode.OK);
        await Eventually.HoldsAsync(Listed, images => images.SequenceEqual([secondSquare, firstSquare]), TimeSpan.FromSeconds(30), "the new cover first on voso");

        // A deleted photo leaves the listing (its URL no longer exists).
        await (await producer.DeleteAsync($"/api/products/{productId}/images/{first}")).ExpectAsync(HttpStatusCode.NoContent);
        await Eventually.HoldsAsync(Listed, images => images.SequenceEqual([secondSquare]), TimeSpan.FromSeconds(30), "the deleted photo gone from voso");
        await UntilAsync(producer, productId, "live", "voso");
    }

    [Fact]
    public async Task A_failure_nobody_expected_shows_as_retrying_and_on_the_last_attempt_needs_attention_in_words()
    {
        var (producer, _, productId) = await fixture.PublishedProductAsync();
        var jobs = App.Services.GetRequiredService<ListingJobs>();
        var connector = new BrokenConnector();
        var job = new SyndicationJob(productId, "shopee", JobAction.Publish, "0", JobOrigin.Producer);
        Task Attempt(int n) => jobs.RunAsync(Channels.Shopee, connector, job, n, CancellationToken.None);

        // Not the last attempt: the queue will retry, and the producer sees that it will.
        await Assert.ThrowsAsync<InvalidOperationException>(() => Attempt(2));
        var shopee = Channel(await StatusAsync(producer, productId), "shopee")!;
        Assert.Equal("retrying", shopee["state"]!.GetValue<string>());
        Assert.Equal(2, shopee["attempt"]!.GetValue<int>());

        // The last attempt (host.json maxDequeueCount 5): the message goes to poison, and the record says so in words
        // at once, not when the sweep next looks; the exception's own text is for the log, not for the producer.
        await Assert.ThrowsAsync<InvalidOperationException>(() => Attempt(5));
        shopee = Channel(await StatusAsync(producer, productId), "shopee")!;
        Assert.Equal("needsAttention", shopee["state"]!.GetValue<string>());
        var detail = shopee["history"]!.AsArray()[^1]!["detail"]!.GetValue<string>();
        Assert.Contains("5 lần thử", detail);
        Assert.Contains("lỗi hệ thống", detail);
        Assert.DoesNotContain(BrokenConnector.Message, shopee.ToJsonString());
    }

    [Fact]
    public async Task A_job_meeting_an_open_circuit_waits_the_break_out_before_its_next_attempt()
    {
        var (producer, _, productId) = await fixture.PublishedProductAsync();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var jobs = ActivatorUtilities.CreateInstance<ListingJobs>(App.Services, (TimeProvider)clock);
        var job = new SyndicationJob(productId, "shopee", JobAction.Publish, "0", JobOrigin.Producer);

        // The marketplace's breaker is open: this attempt is not over (its message not yet given back for a retry
        // that would meet the same open breaker) until the break has passed on the clock.
        var run = jobs.RunAsync(Channels.Shopee, new OpenCircuitConnector(), job, 1, CancellationToken.None);
        var shopee = await Eventually.HoldsAsync(async () => Channel(await StatusAsync(producer, productId), "shopee"),
            c => c?["state"]?.GetValue<string>() == "retrying", because: "the job to say it is retrying");
        Assert.Contains("tạm ngừng gọi", shopee!["history"]!.AsArray()[^1]!["detail"]!.GetValue<string>());
        Assert.Equal(clock.GetUtcNow() + SyndicationModule.BreakDuration + App.Services.GetRequiredService<QueueSettingsProvider>().VisibilityTimeout,
            shopee["nextAttemptAt"]!.GetValue<DateTimeOffset>()); // the queue's retry comes after the break
        clock.Advance(SyndicationModule.BreakDuration - TimeSpan.FromMilliseconds(1));
        await Eventually.StaysAsync(() => Task.FromResult(run.IsCompleted), done => !done, TimeSpan.FromSeconds(1), "the attempt to wait for the break");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await Assert.ThrowsAsync<Polly.CircuitBreaker.BrokenCircuitException>(() => run);
    }

    private sealed class OpenCircuitConnector : IMarketplaceConnector
    {
        public string Channel => "shopee";
        public Task<PublishOutcome> PublishAsync(MarketplaceCredential credential, MarketplaceListing listing, string? externalId, CancellationToken cancellationToken) =>
            throw new Polly.CircuitBreaker.BrokenCircuitException("The circuit is now open and is not allowing calls.");
        public Task DelistAsync(MarketplaceCredential credential, string externalId, CancellationToken cancellationToken) =>
            throw new Polly.CircuitBreaker.BrokenCircuitException("The circuit is now open and is not allowing calls.");
    }

    /// <summary>A marketplace client failing in a way no handler anticipates (a bug, not a marketplace answer).</summary>
    private sealed class BrokenConnector : IMarketplaceConnector
    {
        public const string Message = "Object reference not set to an instance of an object.";
        public string Channel => "shopee";
        public Task<PublishOutcome> PublishAsync(MarketplaceCredential credential, MarketplaceListing listing, string? externalId, CancellationToken cancellationToken) =>
            throw new InvalidOperationException(Message);
        public Task DelistAsync(MarketplaceCredential credential, string externalId, CancellationToken cancellationToken) =>
            throw new InvalidOperationException(Message);
    }

    [Fact]
    public async Task The_sweep_takes_down_a_listing_whose_product_changed_without_the_event()
    {
        var (producer, _, productId) = await fixture.PublishedProductAsync();
        await SyndicateAsync(producer, productId, "postmart");
        await UntilAsync(producer, productId, "live", "postmart");

        // The product is suspended behind the app's back, as if the change event had been lost in a crash.
        var products = new Azure.Data.Tables.TableClient(fixture.Storage.ConnectionString, "Products");
        await products.UpdateEntityAsync(new Azure.Data.Tables.TableEntity(productId, "") { ["Status"] = "Suspended", ["StatusReason"] = "Tạm ngừng để kiểm tra." },
            Azure.ETag.All, Azure.Data.Tables.TableUpdateMode.Merge);
        await Eventually.StaysAsync(() => StatusAsync(producer, productId), s => State(s, "postmart") == "live",
            TimeSpan.FromSeconds(1.5), "postmart live until the sweep looks");

        await App.RunFunctionAsync(nameof(SyndicationSweep));
        var status = await UntilAsync(producer, productId, "delisted", "postmart");
        Assert.Contains("Tạm ngừng để kiểm tra.", Channel(status, "postmart")!["reasons"]![0]!.GetValue<string>());
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Images;

[Collection(SharedAppCollection.Name)]
public class ReprocessTests(SharedApp shared)
{
    [Fact]
    public async Task An_admin_re_renders_every_ready_photo_from_its_original_and_watches_progress_to_the_end()
    {
        var photos = await Photos.ForNewProductAsync(shared.App);
        var first = await photos.UploadProcessedAsync(TestImages.Jpeg(900, 600));
        await photos.UploadProcessedAsync(TestImages.Png());
        // A rendition lost since (or one a new rendition size would add): only a re-render from the original brings it back.
        var image = (await photos.ListAsync()).Single(i => i!["id"]!.GetValue<string>() == first)!;
        var url = image["renditions"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "w320.webp")!["url"]!.GetValue<string>();
        var renditions = new BlobServiceClient(shared.Storage.ConnectionString).GetBlobContainerClient("product-renditions");
        await renditions.GetBlobClient(url[(url.IndexOf("product-renditions/", StringComparison.Ordinal) + "product-renditions/".Length)..]).DeleteAsync();
        using var anonymous = new HttpClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(url)).StatusCode);

        var admin = shared.App.Client();
        var started = await (await admin.PostAsync("/api/images/reprocess", null)).ExpectAsync(HttpStatusCode.Accepted);
        var jobId = started["id"]!.GetValue<string>();
        var progress = await Eventually.HoldsAsync(
            async () => await (await admin.GetAsync($"/api/images/reprocess/{jobId}")).ExpectAsync(HttpStatusCode.OK),
            p => p["state"]!.GetValue<string>() == "completed", TimeSpan.FromSeconds(90), "the re-processing job finishes");

        var total = progress["total"]!.GetValue<int>();
        Assert.True(total >= 2, progress.ToJsonString());
        Assert.Equal(total, progress["done"]!.GetValue<int>() + progress["failed"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(url)).StatusCode);
        Assert.All(await photos.ListAsync(), i => Assert.Equal("ready", i!["status"]!.GetValue<string>()));

        // Asked again later, the finished job stays finished with the same counts.
        Assert.Equal(progress.ToJsonString(), (await (await admin.GetAsync($"/api/images/reprocess/{jobId}")).ExpectAsync(HttpStatusCode.OK)).ToJsonString());
    }

    [Fact]
    public async Task Only_an_admin_may_start_or_read_re_processing()
    {
        var photos = await Photos.ForNewProductAsync(shared.App);
        await (await photos.Producer.PostAsync("/api/images/reprocess", null)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await photos.Producer.GetAsync("/api/images/reprocess/0000000000zz")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await shared.App.Client().GetAsync("/api/images/reprocess/0000000000zz")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}

/// <summary>Its own storage, so the job's photos are exactly the ones made here.</summary>
public class ReprocessResumeTests : OwnAppTests
{
    [Fact]
    public async Task A_job_interrupted_mid_way_continues_from_its_messages_and_does_not_render_a_done_photo_again()
    {
        var photos = await Photos.ForNewProductAsync(App);
        var ids = new[] { await photos.UploadProcessedAsync(TestImages.Jpeg(900, 600)), await photos.UploadProcessedAsync(TestImages.Png()),
            await photos.UploadProcessedAsync(TestImages.Jpeg(300, 500)) };
        var renditions = new BlobServiceClient(Storage.ConnectionString).GetBlobContainerClient("product-renditions");
        async Task<Dictionary<string, DateTimeOffset>> WrittenAsync(string imageId)
        {
            var written = new Dictionary<string, DateTimeOffset>();
            await foreach (var blob in renditions.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None,
                               $"{photos.ProductId}/{imageId}/", default))
                written[blob.Name] = blob.Properties.LastModified!.Value;
            return written;
        }
        var before = await WrittenAsync(ids[0]);
        // Blob times have one-second resolution: a rewrite can show only once the clock is past the first writes' second.
        var lastWrite = before.Values.Max().ToUnixTimeSeconds();
        await Eventually.HoldsAsync(() => Task.FromResult(DateTimeOffset.UtcNow.ToUnixTimeSeconds()), now => now > lastWrite, because: "the next second");

        // The state a crash leaves: the job started, the first photo already re-rendered and marked done, the rest
        // not yet listed; what survives is the job's row and its planning message, redelivered after the restart.
        var jobId = OcopTrade.Functions.Platform.Ids.New();
        var table = new Azure.Data.Tables.TableClient(Storage.ConnectionString, "ImageReprocessJobs");
        await table.AddEntityAsync(new Azure.Data.Tables.TableEntity(jobId, "") { ["CreatedAt"] = DateTimeOffset.UtcNow, ["Planned"] = false });
        await table.AddEntityAsync(new Azure.Data.Tables.TableEntity(jobId, $"{photos.ProductId}.{ids[0]}") { ["State"] = "done" });
        var queue = new Azure.Storage.Queues.QueueClient(Storage.ConnectionString, "image-reprocessing",
            new Azure.Storage.Queues.QueueClientOptions { MessageEncoding = Azure.Storage.Queues.QueueMessageEncoding.Base64 });
        await queue.SendMessageAsync($$"""{"jobId":"{{jobId}}"}""");
        await queue.SendMessageAsync($$"""{"jobId":"{{jobId}}"}"""); // delivered twice, as queues may

        var admin = App.Client();
        var progress = await Eventually.HoldsAsync(
            async () => await (await admin.GetAsync($"/api/images/reprocess/{jobId}")).ExpectAsync(HttpStatusCode.OK),
            p => p["state"]!.GetValue<string>() == "completed", TimeSpan.FromSeconds(90), "the resumed job finishes");
        Assert.Equal((3, 3, 0), (progress["total"]!.GetValue<int>(), progress["done"]!.GetValue<int>(), progress["failed"]!.GetValue<int>()));

        Assert.Equal(before, await WrittenAsync(ids[0])); // done before the crash: not rendered again
        foreach (var id in ids[1..])
            Assert.All((await WrittenAsync(id)).Values, written => Assert.True(written > before.Values.Max(), "re-rendered after the restart"));
    }
}

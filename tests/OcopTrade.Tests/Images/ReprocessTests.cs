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

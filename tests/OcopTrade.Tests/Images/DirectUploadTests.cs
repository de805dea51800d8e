using System.Net;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Images;

[Collection(SharedAppCollection.Name)]
public class DirectUploadTests(SharedApp shared)
{
    private static async Task<JsonObject> AskAsync(Photos photos, long bytes, string type = "image/jpeg") =>
        await (await photos.Producer.PostAsync($"{photos.Base}/upload-url", Api.JsonBody($$"""{"contentType":"{{type}}","bytes":{{bytes}}}""")))
            .ExpectAsync(HttpStatusCode.Created);

    /// <summary>What a phone does with the link: a plain PUT, no API key.</summary>
    private static async Task<HttpResponseMessage> PutBlobAsync(string url, byte[] bytes)
    {
        using var storage = new HttpClient();
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(bytes) };
        request.Headers.Add("x-ms-blob-type", "BlockBlob");
        return await storage.SendAsync(request);
    }

    private Task<HttpResponseMessage> CompleteAsync(Photos photos, JsonObject link) =>
        photos.Producer.PostAsync(link["completeUrl"]!.GetValue<string>(), null);

    private BlobContainerClient Renditions => new BlobServiceClient(shared.Storage.ConnectionString).GetBlobContainerClient("product-renditions");
    private BlobContainerClient Originals => new BlobServiceClient(shared.Storage.ConnectionString).GetBlobContainerClient("product-originals");

    [Fact]
    public async Task A_photo_put_through_the_link_is_processed_once_however_often_it_is_completed()
    {
        var photos = await Photos.ForNewProductAsync(shared.App);
        var jpeg = TestImages.RotatedWithGps();
        var link = await AskAsync(photos, jpeg.Length);
        var imageId = link["imageId"]!.GetValue<string>();
        var expiresAt = link["expiresAt"]!.GetValue<DateTimeOffset>();
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(15));
        Assert.Equal($"/api/products/{photos.ProductId}/images/{imageId}/complete", link["completeUrl"]!.GetValue<string>());
        Assert.Equal("pending", Assert.Single(await photos.ListAsync())!["status"]!.GetValue<string>());

        var url = link["uploadUrl"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Created, (await PutBlobAsync(url, jpeg)).StatusCode);
        Assert.Equal(jpeg, (await Originals.GetBlobClient($"{photos.ProductId}/{imageId}").DownloadContentAsync()).Value.Content.ToArray());

        var accepted = await (await CompleteAsync(photos, link)).ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal(imageId, accepted["id"]!.GetValue<string>());
        var again = await CompleteAsync(photos, link); // a retry over a bad connection
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);

        var image = await photos.WaitProcessedAsync(imageId);
        Assert.Equal("ready", image["status"]!.GetValue<string>());
        Assert.Equal((480, 640), (image["width"]!.GetValue<int>(), image["height"]!.GetValue<int>())); // from the file, upright later
        await (await CompleteAsync(photos, link)).ExpectAsync(HttpStatusCode.Accepted);
        await Eventually.StaysAsync(() => photos.ListAsync(), l => l.Count == 1, TimeSpan.FromSeconds(1.5), "one photo, however often completed");
        var blobs = new List<string>();
        await foreach (var blob in Renditions.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"{photos.ProductId}/{imageId}/", default)) blobs.Add(blob.Name);
        Assert.Equal(7, blobs.Count); // one set of renditions
    }

    [Fact]
    public async Task The_link_can_create_that_one_blob_and_do_nothing_else()
    {
        var photos = await Photos.ForNewProductAsync(shared.App);
        var jpeg = TestImages.Jpeg();
        var url = (await AskAsync(photos, jpeg.Length))["uploadUrl"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Created, (await PutBlobAsync(url, jpeg)).StatusCode);

        using var storage = new HttpClient();
        Assert.False((await storage.GetAsync(url)).IsSuccessStatusCode, "the link must not read");
        Assert.False((await PutBlobAsync(url, TestImages.Png())).IsSuccessStatusCode, "the link must not overwrite");
        var uri = new Uri(url);
        var sibling = uri.GetLeftPart(UriPartial.Path)[..uri.GetLeftPart(UriPartial.Path).LastIndexOf('/')] + "/000000000000" + uri.Query;
        Assert.False((await PutBlobAsync(sibling, jpeg)).IsSuccessStatusCode, "the link must not write another blob");
        var list = uri.GetLeftPart(UriPartial.Path)[..uri.GetLeftPart(UriPartial.Path).IndexOf('/', uri.AbsolutePath.IndexOf("product-originals", StringComparison.Ordinal))]
            + uri.Query + "&restype=container&comp=list";
        Assert.False((await storage.GetAsync(list)).IsSuccessStatusCode, "the link must not list");
    }

    [Theory]
    [InlineData("text-named-jpg")]
    [InlineData("decompression-bomb")]
    [InlineData("truncated-jpeg")]
    public async Task A_refused_direct_upload_ends_failed_with_the_reason_and_its_blob_deleted(string kind)
    {
        var photos = await Photos.ForNewProductAsync(shared.App);
        var bytes = kind switch
        {
            "text-named-jpg" => "this is not a photo"u8.ToArray(),
            "decompression-bomb" => TestImages.DecompressionBomb(),
            _ => TestImages.Truncated(TestImages.Jpeg(1200, 900)),
        };
        var link = await AskAsync(photos, bytes.Length);
        Assert.Equal(HttpStatusCode.Created, (await PutBlobAsync(link["uploadUrl"]!.GetValue<string>(), bytes)).StatusCode);

        var answer = await (await CompleteAsync(photos, link)).ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal("failed", answer["status"]!.GetValue<string>());
        var image = Assert.Single(await photos.ListAsync())!;
        Assert.Equal("failed", image["status"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(image["failureReason"]!.GetValue<string>()));
        Assert.False(await Originals.GetBlobClient($"{photos.ProductId}/{link["imageId"]}").ExistsAsync());
    }

    [Fact]
    public async Task Completing_before_anything_was_uploaded_is_a_409_that_changes_nothing()
    {
        var photos = await Photos.ForNewProductAsync(shared.App);
        var link = await AskAsync(photos, 1000);
        await (await CompleteAsync(photos, link)).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("pending", Assert.Single(await photos.ListAsync())!["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"contentType":"image/svg+xml","bytes":1000}""", "contentType")]
    [InlineData("""{"contentType":"image/jpeg","bytes":0}""", "bytes")]
    [InlineData("""{"contentType":"image/jpeg","bytes":26214401}""", "bytes")]
    [InlineData("""{"contentType":"image/jpeg"}""", "bytes")]
    public async Task A_bad_upload_url_request_is_refused_naming_the_field_and_creates_nothing(string body, string field)
    {
        var photos = await Photos.ForNewProductAsync(shared.App);
        await (await photos.Producer.PostAsync($"{photos.Base}/upload-url", Api.JsonBody(body))).ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Empty(await photos.ListAsync());
    }
}

public class AbandonedDirectUploadTests
{
    [Fact]
    public void A_direct_upload_never_completed_lists_as_failed_once_its_link_expired()
    {
        var created = new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
        var waiting = new OcopTrade.Functions.Images.ProductImage("a0000000000b", "p0000000000q", OcopTrade.Functions.Images.ImageStatus.Pending,
            "image/jpeg", 1000, 0, 0, null, created)
        { Uploaded = false, UploadExpiresAt = created.AddMinutes(10) };

        var during = OcopTrade.Functions.Images.ImageView.Of(waiting, created.AddMinutes(9));
        Assert.Equal(OcopTrade.Functions.Images.ImageStatus.Pending, during.Status);
        Assert.Null(during.FailureReason);

        var after = OcopTrade.Functions.Images.ImageView.Of(waiting, created.AddMinutes(11));
        Assert.Equal(OcopTrade.Functions.Images.ImageStatus.Failed, after.Status);
        Assert.Contains("expired", after.FailureReason);

        // Once uploaded and completed, the link's expiry no longer matters.
        Assert.Equal(OcopTrade.Functions.Images.ImageStatus.Pending, OcopTrade.Functions.Images.ImageView.Of(waiting with { Uploaded = true }, created.AddHours(1)).Status);
    }
}

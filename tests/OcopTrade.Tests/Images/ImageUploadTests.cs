using System.Net;
using System.Net.Http.Headers;
using Azure.Storage.Blobs;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Images;

[Collection(SharedAppCollection.Name)]
public class ImageUploadTests(SharedApp shared)
{
    private readonly HttpClient _admin = shared.App.Client();

    private async Task<(HttpClient Producer, string ProductId)> NewProductAsync()
    {
        var producerId = await _admin.CreateProducerAsync();
        var producer = shared.App.Client(await _admin.ProducerKeyAsync(producerId));
        var product = await (await producer.PostAsync("/api/products", Api.JsonBody(Api.Product()))).ExpectAsync(HttpStatusCode.Created);
        return (producer, product["id"]!.GetValue<string>());
    }

    private static MultipartFormDataContent Form(byte[] bytes, string fileName, string contentType = "image/jpeg")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    private static ByteArrayContent Raw(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }

    private async Task<int> ImageCountAsync(HttpClient client, string productId)
    {
        var list = await client.GetAsync($"/api/products/{productId}/images");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        return System.Text.Json.Nodes.JsonNode.Parse(await list.Content.ReadAsStringAsync())!.AsArray().Count;
    }

    [Fact]
    public async Task A_producer_uploads_a_phone_photo_as_a_form_and_the_original_is_kept_private_and_unchanged()
    {
        var (producer, productId) = await NewProductAsync();
        var jpeg = TestImages.Jpeg();
        var response = await producer.PostAsync($"/api/products/{productId}/images", Form(jpeg, "IMG_0001.jpg"));
        var accepted = await response.ExpectAsync(HttpStatusCode.Accepted);
        var imageId = accepted["id"]!.GetValue<string>();
        Assert.Equal("pending", accepted["status"]!.GetValue<string>());

        var list = System.Text.Json.Nodes.JsonNode.Parse(await (await producer.GetAsync($"/api/products/{productId}/images")).Content.ReadAsStringAsync())!.AsArray();
        var image = Assert.Single(list)!;
        Assert.Equal(imageId, image["id"]!.GetValue<string>());
        Assert.Equal(640, image["width"]!.GetValue<int>());
        Assert.Equal(480, image["height"]!.GetValue<int>());
        Assert.Equal("image/jpeg", image["contentType"]!.GetValue<string>());

        var container = new BlobServiceClient(shared.Storage.ConnectionString).GetBlobContainerClient("product-originals");
        Assert.True((await container.GetPropertiesAsync()).Value.PublicAccess is null or Azure.Storage.Blobs.Models.PublicAccessType.None);
        var original = await container.GetBlobClient($"{productId}/{imageId}").DownloadContentAsync();
        Assert.Equal(jpeg, original.Value.Content.ToArray());

        // Anonymous readers cannot fetch an original: it may still carry the farm's GPS position.
        using var anonymous = new HttpClient();
        var direct = await anonymous.GetAsync(container.GetBlobClient($"{productId}/{imageId}").Uri);
        Assert.False(direct.IsSuccessStatusCode);
    }

    [Fact]
    public async Task A_raw_image_body_is_accepted_and_its_type_comes_from_the_bytes()
    {
        var (producer, productId) = await NewProductAsync();
        // An app that says octet-stream still gets a PNG recorded as PNG.
        var accepted = await (await producer.PostAsync($"/api/products/{productId}/images", Raw(TestImages.Png(), "application/octet-stream")))
            .ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal("pending", accepted["status"]!.GetValue<string>());
        var list = System.Text.Json.Nodes.JsonNode.Parse(await (await producer.GetAsync($"/api/products/{productId}/images")).Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal("image/png", Assert.Single(list)!["contentType"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("zero-byte", HttpStatusCode.BadRequest)]
    [InlineData("text-named-jpg", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("svg-with-script", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("truncated-jpeg", HttpStatusCode.UnprocessableEntity)]
    [InlineData("decompression-bomb", HttpStatusCode.UnprocessableEntity)]
    public async Task Bad_files_are_refused_naming_the_file_field_and_leave_nothing_behind(string kind, HttpStatusCode expected)
    {
        var (producer, productId) = await NewProductAsync();
        var (bytes, name, type) = kind switch
        {
            "zero-byte" => (Array.Empty<byte>(), "empty.jpg", "image/jpeg"),
            "text-named-jpg" => ("this is not a photo"u8.ToArray(), "photo.jpg", "image/jpeg"),
            "svg-with-script" => (TestImages.Svg, "logo.svg", "image/svg+xml"),
            "truncated-jpeg" => (TestImages.Truncated(TestImages.Jpeg(1200, 900)), "cut.jpg", "image/jpeg"),
            _ => (TestImages.DecompressionBomb(), "bomb.png", "image/png"),
        };
        if (kind == "decompression-bomb") Assert.True(bytes.Length < 1024); // a few bytes claiming 900 megapixels

        var response = await producer.PostAsync($"/api/products/{productId}/images", Form(bytes, name, type));
        await response.ExpectProblemAsync(expected, "file");
        Assert.Equal(0, await ImageCountAsync(producer, productId));
        var container = new BlobServiceClient(shared.Storage.ConnectionString).GetBlobContainerClient("product-originals");
        if (await container.ExistsAsync())
            await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, productId + "/", default)) Assert.Fail("Left behind: " + blob.Name);
    }

    [Fact]
    public async Task A_photo_over_the_size_limit_is_refused_with_413_and_nothing_stored()
    {
        var (producer, productId) = await NewProductAsync();
        var tooBig = new byte[25 * 1024 * 1024 + 1];
        TestImages.Jpeg().CopyTo(tooBig, 0);
        // Expect: 100-continue, as a careful client on a slow link does: the refusal comes before 25 MB are sent
        // (and the server closing a connection mid-upload cannot make the test flaky).
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/products/{productId}/images") { Content = Raw(tooBig, "image/jpeg") };
        request.Headers.ExpectContinue = true;
        var response = await producer.SendAsync(request);
        await response.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, await ImageCountAsync(producer, productId));
    }

    [Fact]
    public async Task A_photo_bigger_than_the_global_1MB_body_cap_but_under_the_image_limit_is_accepted()
    {
        var (producer, productId) = await NewProductAsync();
        var jpeg = TestImages.Jpeg(3000, 2000);
        var padded = jpeg.Length > 1024 * 1024 ? jpeg : jpeg.Concat(new byte[1100 * 1024]).ToArray(); // trailing bytes after EOI are ignored by decoders
        await (await producer.PostAsync($"/api/products/{productId}/images", Form(padded, "big.jpg"))).ExpectAsync(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task Another_producer_cannot_upload_to_or_list_a_product_that_is_not_theirs()
    {
        var (_, productId) = await NewProductAsync();
        var (stranger, _) = await NewProductAsync();
        await (await stranger.PostAsync($"/api/products/{productId}/images", Form(TestImages.Jpeg(), "x.jpg"))).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.GetAsync($"/api/products/{productId}/images")).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await ImageCountAsync(_admin, productId));
    }

    [Fact]
    public async Task Forty_parallel_photo_uploads_to_one_product_store_exactly_the_thirty_the_cap_allows()
    {
        var (producer, productId) = await NewProductAsync();
        var jpeg = TestImages.Jpeg(64, 48);
        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ =>
            producer.PostAsync($"/api/products/{productId}/images", Raw(jpeg, "image/jpeg"))));

        Assert.Equal(30, answers.Count(a => a.StatusCode == HttpStatusCode.Accepted));
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Accepted))
            await refused.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "file");
        var table = new Azure.Data.Tables.TableClient(shared.Storage.ConnectionString, "ProductImages");
        Assert.Equal(30, table.Query<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == productId).Count());

        // A deleted photo frees its place for the next one.
        var first = System.Text.Json.Nodes.JsonNode.Parse(await (await producer.GetAsync($"/api/products/{productId}/images")).Content.ReadAsStringAsync())!
            .AsArray()[0]!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NoContent, (await producer.DeleteAsync($"/api/products/{productId}/images/{first}")).StatusCode);
        await (await producer.PostAsync($"/api/products/{productId}/images", Raw(jpeg, "image/jpeg"))).ExpectAsync(HttpStatusCode.Accepted);
        await (await producer.PostAsync($"/api/products/{productId}/images", Raw(jpeg, "image/jpeg"))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "file");
        Assert.Equal(30, await ImageCountAsync(producer, productId));
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using NetVips;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Images;

[Collection(SharedAppCollection.Name)]
public class ImageProcessingTests(SharedApp shared)
{
    private readonly HttpClient _admin = shared.App.Client();

    private async Task<(HttpClient Producer, string ProductId)> NewProductAsync()
    {
        var producerId = await _admin.CreateProducerAsync();
        var producer = shared.App.Client(await _admin.ProducerKeyAsync(producerId));
        var product = await (await producer.PostAsync("/api/products", Api.JsonBody(Api.Product()))).ExpectAsync(HttpStatusCode.Created);
        return (producer, product["id"]!.GetValue<string>());
    }

    /// <summary>Uploads a photo and waits for the queue function to finish with it; returns the image as listed.</summary>
    private async Task<JsonObject> UploadAndProcessAsync(byte[] bytes, string contentType = "image/jpeg")
    {
        var (producer, productId) = await NewProductAsync();
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        var imageId = (await (await producer.PostAsync($"/api/products/{productId}/images", content)).ExpectAsync(HttpStatusCode.Accepted))["id"]!.GetValue<string>();
        return await Eventually.HoldsAsync(async () =>
            {
                var list = JsonNode.Parse(await (await producer.GetAsync($"/api/products/{productId}/images")).Content.ReadAsStringAsync())!.AsArray();
                return list.Single(i => i!["id"]!.GetValue<string>() == imageId)!.AsObject();
            },
            image => image["status"]!.GetValue<string>() != "pending", because: "the photo is processed");
    }

    private static async Task<Image> DownloadAsync(JsonObject image, string name)
    {
        var rendition = image["renditions"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == name)!;
        using var anonymous = new HttpClient();
        var response = await anonymous.GetAsync(rendition["url"]!.GetValue<string>()); // public: no key, no SAS
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString() ?? "");
        return Image.NewFromBuffer(await response.Content.ReadAsByteArrayAsync());
    }

    private static void AssertNoMetadata(Image image)
    {
        var fields = image.GetFields();
        Assert.DoesNotContain(fields, f => f.StartsWith("exif", StringComparison.Ordinal) || f is "xmp-data" or "icc-profile-data" or "iptc-data");
    }

    [Fact]
    public async Task A_rotated_phone_photo_comes_out_upright_without_gps_in_every_rendition()
    {
        var original = TestImages.RotatedWithGps();
        using (var check = Image.NewFromBuffer(original))
            Assert.Contains(check.GetFields(), f => f.StartsWith("exif-ifd3-GPS", StringComparison.Ordinal)); // the input really carries GPS

        var image = await UploadAndProcessAsync(original);
        Assert.Equal("ready", image["status"]!.GetValue<string>());
        Assert.Matches("^#[0-9a-f]{6}$", image["dominantColour"]!.GetValue<string>());
        var names = image["renditions"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["w320.webp", "w320.jpg", "w800.webp", "w800.jpg", "w1600.webp", "w1600.jpg", "square1000.jpg"], names);

        foreach (var name in names)
        {
            using var rendition = await DownloadAsync(image, name);
            AssertNoMetadata(rendition);
            if (name.StartsWith("square")) { Assert.Equal((1000, 1000), (rendition.Width, rendition.Height)); continue; }
            Assert.True(rendition.Height > rendition.Width, $"{name} is {rendition.Width}×{rendition.Height}: not upright");
        }
        using var small = await DownloadAsync(image, "w320.jpg");
        Assert.Equal((240, 320), (small.Width, small.Height));
        using var large = await DownloadAsync(image, "w1600.jpg");
        Assert.Equal((480, 640), (large.Width, large.Height)); // never upscaled
    }

    [Theory]
    [InlineData("cmyk-jpeg")]
    [InlineData("png-16bit-alpha")]
    [InlineData("animated-webp")]
    public async Task Awkward_but_valid_photos_become_plain_srgb_renditions(string kind)
    {
        var (bytes, type) = kind switch
        {
            "cmyk-jpeg" => (TestImages.Cmyk(), "image/jpeg"),
            "png-16bit-alpha" => (TestImages.Png16WithAlpha(), "image/png"),
            _ => (TestImages.AnimatedWebP(), "image/webp"),
        };
        var image = await UploadAndProcessAsync(bytes, type);
        Assert.Equal("ready", image["status"]!.GetValue<string>());
        using var jpeg = await DownloadAsync(image, "w800.jpg");
        Assert.Equal(3, jpeg.Bands);
        Assert.Equal(Enums.Interpretation.Srgb, jpeg.Interpretation);
        AssertNoMetadata(jpeg);
        if (kind == "animated-webp")
        {
            Assert.Equal((200, 150), (jpeg.Width, jpeg.Height)); // the first frame only, not the strip of three
            var mean = Enumerable.Range(0, 3).Select(b => { using var band = jpeg.ExtractBand(b); return band.Avg(); }).ToArray();
            Assert.True(mean[0] > 200 && mean[1] < 60 && mean[2] < 60, $"expected the red first frame, got {string.Join(",", mean)}");
        }
    }
}

[Collection(SharedAppCollection.Name)]
public class PoisonedImageTests(SharedApp shared)
{
    [Fact]
    public async Task An_original_that_cannot_be_decoded_ends_as_failed_with_the_reason_not_as_an_endless_retry()
    {
        var admin = shared.App.Client();
        var producerId = await admin.CreateProducerAsync();
        var producer = shared.App.Client(await admin.ProducerKeyAsync(producerId));
        var productId = (await (await producer.PostAsync("/api/products", Api.JsonBody(Api.Product()))).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();

        // A record whose original got damaged after upload (a direct upload is checked only here): real storage, real queue.
        var connection = shared.Storage.ConnectionString;
        var blobs = new Azure.Storage.Blobs.BlobServiceClient(connection);
        var store = new OcopTrade.Functions.Images.ImageStore(
            new Azure.Data.Tables.TableServiceClient(connection), blobs,
            new OcopTrade.Functions.Platform.PublicPhotos(blobs), []);
        var image = new OcopTrade.Functions.Images.ProductImage(OcopTrade.Functions.Platform.Ids.New(), productId,
            OcopTrade.Functions.Images.ImageStatus.Pending, "image/jpeg", 9, 640, 480, null, DateTimeOffset.UtcNow);
        await store.AddAsync(image, TestImages.Truncated(TestImages.Jpeg(1200, 900)), CancellationToken.None);
        var queue = new Azure.Storage.Queues.QueueClient(connection, OcopTrade.Functions.Images.ProcessImage.Queue,
            new Azure.Storage.Queues.QueueClientOptions { MessageEncoding = Azure.Storage.Queues.QueueMessageEncoding.Base64 });
        await queue.SendMessageAsync($$"""{"productId":"{{productId}}","imageId":"{{image.Id}}"}""");

        var listed = await Eventually.HoldsAsync(async () =>
            {
                var list = JsonNode.Parse(await (await producer.GetAsync($"/api/products/{productId}/images")).Content.ReadAsStringAsync())!.AsArray();
                return list.Single()!.AsObject();
            },
            i => i["status"]!.GetValue<string>() != "pending", because: "the damaged photo is dealt with");
        Assert.Equal("failed", listed["status"]!.GetValue<string>());
        Assert.Contains("could not be processed", listed["failureReason"]!.GetValue<string>());
        Assert.Empty(listed["renditions"]!.AsArray());
    }
}

using System.Net;
using System.Net.Http.Headers;
using NetVips;
using OcopTrade.Functions.Images;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Images;

/// <summary>Checks made with Debian's libvips command-line tools (libvips-tools, installed by scripts/setup.sh): a
/// reader we did not write, and the only HEIC encoder on this machine.</summary>
public static class VipsTools
{
    public static async Task<string> HeaderAsync(byte[] file, string extension)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ocop-{Guid.NewGuid():N}{extension}");
        await File.WriteAllBytesAsync(path, file);
        try
        {
            var result = await Command.RunAsync("vipsheader", ["-a", path]);
            Assert.True(result.ExitCode == 0, result.Error);
            return result.Output;
        }
        finally { File.Delete(path); }
    }

    /// <summary>An iPhone-style HEIC (HEVC in a HEIF container), encoded by Debian's libvips with libheif and x265.</summary>
    public static async Task<byte[]> HeicAsync(byte[] jpeg)
    {
        var input = Path.Combine(Path.GetTempPath(), $"ocop-{Guid.NewGuid():N}.jpg");
        var output = Path.ChangeExtension(input, ".heic");
        await File.WriteAllBytesAsync(input, jpeg);
        try
        {
            var result = await Command.RunAsync("vips", ["heifsave", input, output, "--compression", "hevc"]);
            Assert.True(result.ExitCode == 0, result.Error);
            return await File.ReadAllBytesAsync(output);
        }
        finally { File.Delete(input); File.Delete(output); }
    }
}

[Collection(SharedAppCollection.Name)]
public class ImageCorpusTests(SharedApp shared)
{
    [Fact]
    public async Task No_rendition_of_a_photo_with_gps_carries_gps_or_exif_as_vipsheader_reads_it()
    {
        var original = TestImages.RotatedWithGps();
        Assert.Contains("GPSLatitude", await VipsTools.HeaderAsync(original, ".jpg")); // the input really carries it

        var photos = await Photos.ForNewProductAsync(shared.App);
        var image = await photos.WaitProcessedAsync(await photos.UploadAsync(original));
        using var anonymous = new HttpClient();
        foreach (var rendition in image["renditions"]!.AsArray())
        {
            var bytes = await anonymous.GetByteArrayAsync(rendition!["url"]!.GetValue<string>());
            var header = await VipsTools.HeaderAsync(bytes, rendition["format"]!.GetValue<string>() == "webp" ? ".webp" : ".jpg");
            Assert.DoesNotContain("GPS", header);
            Assert.DoesNotContain("exif-", header);
            Assert.DoesNotContain("orientation: 6", header);
        }
    }

    /// <summary>NetVips.Native 8.18.7's libheif has AVIF codecs only (heifsave with HEVC answers "Unsupported
    /// compression", heifload "HEVC … a suitable decoder plugin is libde265"); iPhone HEIC is decoded through
    /// Magick.NET instead. The file here is made by Debian's libvips with x265, an encoder we do not use.</summary>
    [Fact]
    public async Task An_iphone_heic_becomes_the_same_srgb_renditions_without_metadata()
    {
        var heic = await VipsTools.HeicAsync(TestImages.Jpeg(1200, 900));
        Assert.Equal(ImageFormat.Heif, ImageSniffer.Sniff(heic));
        Assert.Contains("heifload", await VipsTools.HeaderAsync(heic, ".heic")); // a real HEIC, as Debian's libvips reads it

        var photos = await Photos.ForNewProductAsync(shared.App);
        var id = await photos.UploadAsync(heic, "image/heic");
        var image = await photos.WaitProcessedAsync(id);
        Assert.Equal("ready", image["status"]!.GetValue<string>());
        Assert.Equal("image/heif", image["contentType"]!.GetValue<string>());
        Assert.Equal((1200, 900), (image["width"]!.GetValue<int>(), image["height"]!.GetValue<int>()));
        using var anonymous = new HttpClient();
        var w800 = image["renditions"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "w800.jpg")!;
        using var jpeg = Image.NewFromBuffer(await anonymous.GetByteArrayAsync(w800["url"]!.GetValue<string>()));
        Assert.Equal((800, 600, 3, Enums.Interpretation.Srgb), (jpeg.Width, jpeg.Height, jpeg.Bands, jpeg.Interpretation));
        var mean = Enumerable.Range(0, 3).Select(b => { using var band = jpeg.ExtractBand(b); return band.Avg(); }).ToArray();
        Assert.True(Math.Abs(mean[0] - 200) < 12 && Math.Abs(mean[1] - 120) < 12 && Math.Abs(mean[2] - 40) < 12, string.Join(",", mean)); // TestImages.Jpeg's colour
        Assert.DoesNotContain("exif-", await VipsTools.HeaderAsync(await anonymous.GetByteArrayAsync(w800["url"]!.GetValue<string>()), ".jpg"));
    }

    [Fact]
    public async Task A_truncated_heic_is_refused_with_the_reason()
    {
        var heic = await VipsTools.HeicAsync(TestImages.Jpeg(1200, 900));
        var photos = await Photos.ForNewProductAsync(shared.App);
        var content = new ByteArrayContent(heic[..(heic.Length * 2 / 3)]);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/heic");
        var problem = await (await photos.Producer.PostAsync(photos.Base, content)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "file");
        Assert.Contains("could not be decoded", problem["detail"]!.GetValue<string>());
        Assert.Empty(await photos.ListAsync());
    }

    [Fact]
    public void The_placeholder_is_the_most_common_colour_not_the_mean()
    {
        // A red jar (30 %) on a white table (70 %): the mean would be a pink that appears nowhere.
        using var white = Image.Black(100, 100, bands: 3).Linear(new double[] { 1, 1, 1 }, new double[] { 250, 250, 250 }).Cast(Enums.BandFormat.Uchar);
        using var red = Image.Black(30, 100, bands: 3).Linear(new double[] { 1, 1, 1 }, new double[] { 200, 20, 30 }).Cast(Enums.BandFormat.Uchar);
        using var photo = white.Insert(red, 0, 0);
        AssertClose((250, 250, 250), Renditions.Dominant(photo)); // the mean would be about (235, 181, 184)

        using var mostlyRed = white.Insert(Image.Black(70, 100, bands: 3).Linear(new double[] { 1, 1, 1 }, new double[] { 200, 20, 30 }).Cast(Enums.BandFormat.Uchar), 0, 0);
        AssertClose((200, 20, 30), Renditions.Dominant(mostlyRed));
    }

    /// <summary>Within a few levels: downsampling blends the pixels along the edge between the two colours.</summary>
    private static void AssertClose((int R, int G, int B) expected, string hex)
    {
        var actual = (Convert.ToInt32(hex[1..3], 16), Convert.ToInt32(hex[3..5], 16), Convert.ToInt32(hex[5..7], 16));
        Assert.True(Math.Abs(actual.Item1 - expected.R) <= 4 && Math.Abs(actual.Item2 - expected.G) <= 4 && Math.Abs(actual.Item3 - expected.B) <= 4,
            $"expected about {expected}, got {hex}");
    }
}

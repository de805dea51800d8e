using System.Net;
using System.Text.Json.Nodes;
using OcopTrade.Functions.PublicPages;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Traceability;

/// <summary>Labels are read back by a decoder we did not write (zbarimg, Debian zbar-tools).</summary>
[Collection(SharedAppCollection.Name)]
public class LabelTests(SharedApp shared)
{
    private readonly HttpClient _admin = shared.App.Client();

    private async Task<(HttpClient Producer, string LabelUrl, string TraceUrl, string Code)> LabelledBatchAsync(
        string name = "Chè Shan Tuyết Tả Phìn", string lot = "L2026-11A")
    {
        var producer = shared.App.Client(await _admin.ProducerKeyAsync(await _admin.CreateProducerAsync()));
        var product = Api.Product();
        product["name"] = name;
        var productId = (await (await producer.PostAsync("/api/products", Api.JsonBody(product))).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var batch = await (await producer.PostAsync($"/api/products/{productId}/batches", Api.JsonBody(new JsonObject
        {
            ["lotNumber"] = lot, ["productionDate"] = "2026-10-01", ["bestBefore"] = "2027-10-01", ["quantity"] = 500,
        }))).ExpectAsync(HttpStatusCode.Created);
        return (producer, batch["labelUrl"]!.GetValue<string>(), batch["traceUrl"]!.GetValue<string>(), batch["traceCode"]!.GetValue<string>());
    }

    private static async Task<string> DecodeAsync(byte[] png)
    {
        var file = await QrDecoders.SaveAsync(png, Path.GetTempPath());
        try { return await QrDecoders.ZbarAsync(file); }
        finally { File.Delete(file); }
    }

    [Theory]
    [InlineData(300)]
    [InlineData(150)]
    public async Task The_png_label_scans_to_exactly_the_trace_url(int dpi)
    {
        var (producer, labelUrl, traceUrl, _) = await LabelledBatchAsync();
        var response = await producer.GetAsync($"{labelUrl}?format=png&dpi={dpi}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(traceUrl, await DecodeAsync(await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task The_svg_label_is_vector_with_the_Vietnamese_text_exact_and_the_code_readable()
    {
        var (producer, labelUrl, traceUrl, code) = await LabelledBatchAsync("Mật ong bạc hà Mèo Vạc");
        var response = await producer.GetAsync($"{labelUrl}?format=svg");
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var svg = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"70mm\" height=\"37mm\"", svg);
        var lines = TextLines(svg);
        Assert.Equal("Mật ong bạc hà Mèo Vạc", string.Join(' ', lines.Take(2))); // wrapped over two lines, diacritics exact
        Assert.Contains(code, lines);
        Assert.Contains("★★★★ OCOP", lines);
        Assert.Contains("Hiệu lực đến: 15/06/2028", lines);
        Assert.Contains("NSX: 01/10/2026", lines);
        Assert.Contains("HSD: 01/10/2027", lines);
        Assert.DoesNotContain("<image", svg); // the QR is vector paths, not an embedded bitmap
        Assert.Equal(traceUrl, await DecodeAsync(await (await producer.GetAsync($"{labelUrl}?format=png&dpi=200")).Content.ReadAsByteArrayAsync()));
    }

    [Theory]
    [InlineData(300)]
    [InlineData(150)]
    public async Task The_pdf_sheet_holds_the_copies_asked_for_and_every_sticker_scans(int dpi)
    {
        var (producer, labelUrl, traceUrl, _) = await LabelledBatchAsync();
        var response = await producer.GetAsync($"{labelUrl}?format=pdf&copies=30");
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/pdf", await response.Content.ReadAsStringAsync());
        var folder = Directory.CreateTempSubdirectory("ocop-sheet-").FullName;
        try
        {
            var pdf = Path.Combine(folder, "sheet.pdf");
            await File.WriteAllBytesAsync(pdf, await response.Content.ReadAsByteArrayAsync());
            var raster = await Command.RunAsync("pdftoppm", ["-r", dpi.ToString(), "-png", pdf, Path.Combine(folder, "page")]);
            Assert.True(raster.ExitCode == 0, raster.Error);
            var pages = Directory.GetFiles(folder, "page*.png").Order().ToArray();
            Assert.Equal(2, pages.Length); // 24 on the first A4 sheet, 6 on the second
            // A phone scans one sticker at a time: cut each 70 × 37 mm cell out of the page and decode it on its own.
            var perPage = new List<int>();
            foreach (var page in pages)
            {
                using var sheet = NetVips.Image.NewFromFile(page);
                double pxPerMm = sheet.Width / 210.0;
                var scanned = 0;
                for (var cell = 0; cell < 24; cell++)
                {
                    var (row, column) = Math.DivRem(cell, 3);
                    using var sticker = sheet.Crop((int)(column * 70 * pxPerMm), (int)((0.5 + row * 37) * pxPerMm), (int)(70 * pxPerMm), (int)(37 * pxPerMm));
                    if (sticker.Max() == sticker.Min()) continue; // an empty cell
                    Assert.Equal(traceUrl, await DecodeAsync(sticker.PngsaveBuffer()));
                    scanned++;
                }
                perPage.Add(scanned);
            }
            Assert.Equal([24, 6], perPage);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Theory]
    [InlineData("?format=pdf&copies=0", "copies")]
    [InlineData("?format=pdf&copies=100000", "copies")]
    [InlineData("?format=png&dpi=5", "dpi")]
    [InlineData("?format=png&dpi=100000", "dpi")]
    [InlineData("?format=gif", "format")]
    public async Task Silly_label_requests_are_refused(string query, string field)
    {
        var (producer, labelUrl, _, _) = await LabelledBatchAsync();
        await (await producer.GetAsync(labelUrl + query)).ExpectProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task A_name_with_markup_stays_text_in_the_svg()
    {
        var (producer, labelUrl, _, _) = await LabelledBatchAsync("Mật <ong> & \"hoa\"");
        var svg = await (await producer.GetAsync(labelUrl)).Content.ReadAsStringAsync();
        Assert.Equal("Mật <ong> & \"hoa\"", string.Join(' ', TextLines(svg).Take(2)));
    }

    [Theory]
    [InlineData("A/B")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("Lô 5 #2 50%")]
    [InlineData("50%2F1")] // already looks percent-encoded: decoded once, it must stay itself
    public async Task A_label_scans_to_a_link_that_opens_its_genuine_trace_page_whatever_the_lot(string lot)
    {
        var (producer, labelUrl, traceUrl, code) = await LabelledBatchAsync(lot: lot);
        var png = await (await producer.GetAsync($"{labelUrl}?format=png")).Content.ReadAsByteArrayAsync();
        var scanned = await DecodeAsync(png);
        Assert.Equal(traceUrl, scanned);

        var page = await shared.App.Client(null).GetAsync(scanned);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("chính hãng", html);
        Assert.Contains($"<dt>Số lô</dt><dd>{PageKit.Encoder.Encode(lot)}</dd>", html);
        Assert.Contains(code, html);
    }

    [Theory]
    [InlineData("../x", "nhan-x-", "nhan-x-")]
    [InlineData("..", "nhan-", "nhan-")]
    [InlineData("Lô 5 #2 50%", "nhan-lo-5-2-50-", "nhan-Lô-5-2-50-")]
    public async Task A_labels_file_name_keeps_only_the_lots_letters_and_digits(string lot, string ascii, string unicode)
    {
        var (producer, labelUrl, _, code) = await LabelledBatchAsync(lot: lot);
        var disposition = (await producer.GetAsync($"{labelUrl}?format=svg")).Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal($"{ascii}{code.Replace("-", "")}.svg", disposition.FileName?.Trim('"'));
        Assert.Equal($"{unicode}{code.Replace("-", "")}.svg", disposition.FileNameStar);
    }

    /// <summary>The label's text lines, as an SVG reader sees them (parsing also proves the XML well-formed).</summary>
    private static List<string> TextLines(string svg) =>
        System.Xml.Linq.XDocument.Parse(svg).Descendants("{http://www.w3.org/2000/svg}text").Select(t => t.Value).ToList();
}

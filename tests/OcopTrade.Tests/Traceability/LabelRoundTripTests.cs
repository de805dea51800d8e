using System.Net;
using OcopTrade.Functions.PublicPages;
using OcopTrade.Tests.Support;
using OcopTrade.Tests.Traceability.Resolver;

namespace OcopTrade.Tests.Traceability;

/// <summary>Every label resolves, whatever lot number its producer typed: a property over seeded generated lots
/// (the same ones every run), each printed at 150 and 300 dpi, read by two decoders we did not write, checked by
/// digital-link.js, and opened through the resolver to that lot's genuine trace page.</summary>
[Collection(SharedAppCollection.Name)]
public class LabelRoundTripTests(SharedApp shared)
{
    private const int Lots = 40;

    [Fact]
    public async Task Every_generated_lot_makes_a_label_both_decoders_read_and_the_resolver_opens_to_its_page()
    {
        var setup = await ResolverSetup.PublishedAsync(shared.App);
        var lots = LotNumbers.Generate(seed: 2026, count: Lots).ToList();
        var folder = Directory.CreateTempSubdirectory("ocop-roundtrip-").FullName;
        try
        {
            var labels = new List<(string Lot, string Code, string TraceUrl, string File)>();
            foreach (var lot in lots)
            {
                var (code, labelUrl, traceUrl) = await setup.LotAsync(lot);
                foreach (var dpi in new[] { 150, 300 })
                    labels.Add((lot, code, traceUrl, await LabelFileAsync(setup, labelUrl, dpi, folder)));
            }
            await BothDecodersReadTheTraceUrlAsync(labels.Select(l => (l.TraceUrl, l.File)).ToList());
            await DigitalLinkJsAcceptsAsync(labels.Select(l => l.TraceUrl).Distinct().ToList());
            foreach (var (lot, code, traceUrl, _) in labels.DistinctBy(l => l.Code))
                await OpensTheGenuinePageAsync(traceUrl, lot, code);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    private static async Task<string> LabelFileAsync(ResolverSetup setup, string labelUrl, int dpi, string folder)
    {
        var response = await setup.Producer.GetAsync($"{labelUrl}?format=png&dpi={dpi}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await QrDecoders.SaveAsync(await response.Content.ReadAsByteArrayAsync(), folder);
    }

    private static async Task BothDecodersReadTheTraceUrlAsync(List<(string TraceUrl, string File)> labels)
    {
        var zxing = await QrDecoders.ZxingAsync(labels.Select(l => l.File).ToList());
        for (var i = 0; i < labels.Count; i++)
        {
            Assert.Equal(labels[i].TraceUrl, await QrDecoders.ZbarAsync(labels[i].File));
            Assert.Equal(labels[i].TraceUrl, zxing[i]);
        }
    }

    private static async Task DigitalLinkJsAcceptsAsync(List<string> uris)
    {
        var verdicts = await DigitalLinkJs.ValidateAsync(uris);
        Assert.All(uris, uri => Assert.True(verdicts[uri], $"digital-link.js refuses {uri}"));
    }

    private async Task OpensTheGenuinePageAsync(string traceUrl, string lot, string code)
    {
        var page = await shared.App.Client(null).GetAsync(new Uri(traceUrl).PathAndQuery);
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"{lot} → {traceUrl}: {(int)page.StatusCode}");
        Assert.Contains("chính hãng", html);
        Assert.Contains($"<dt>Số lô</dt><dd>{PageKit.Encoder.Encode(lot)}</dd>", html);
        Assert.Contains(code, html.Replace("-", ""));
    }
}

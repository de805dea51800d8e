using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using OcopTrade.Functions.Traceability;
using OcopTrade.Functions.TradeEvents.Catalogue;
using OcopTrade.Tests.TradeEvents;

namespace OcopTrade.Benchmarks;

/// <summary>The event catalogue of a 200-stall fair (3 products each) as an A4 PDF, against its anchor measured in
/// the same run: the label sheet PDF producers already print, with as many QR labels (600, 25 sheets). Rounds
/// alternate the two so neither always runs on a warmer machine. The phone page is timed and weighed alongside.
/// </summary>
public static partial class CatalogueBenchmark
{
    private const int Stalls = 200, ProductsPerStall = 3;

    public static int Run(int rounds)
    {
        var catalogue = SampleCatalogues.Fair(Stalls, ProductsPerStall);
        var codes = Stalls * ProductsPerStall;
        var label = Label.Svg(new LabelContent("https://ocop.example.vn/01/08934567890120/10/L2026-11A?c=7K3M9Q2XA1B",
            "Chè Shan Tuyết Tả Phìn hộp quà 200 g", 4, "Hợp tác xã Chè Tam Đường", "L2026-11A",
            new DateOnly(2026, 10, 1), new DateOnly(2027, 10, 1), "1234/QĐ-UBND", new DateOnly(2028, 6, 15),
            "7K3M9Q2XA1B"));
        var sheet = new LabelSheetOptions();

        byte[] pdf = EventCataloguePdf.Render(catalogue), labels = LabelSheet.Pdf(label, codes, sheet);
        var page = EventCataloguePage.Render(catalogue);
        var urls = catalogue.Stalls.SelectMany(stall => stall.Products).Select(product => product.PageUrl).ToList();
        List<double> pdfMs = [], labelMs = [], pageMs = [], qrMs = [];
        for (var round = 0; round < rounds; round++)
        {
            pdfMs.Add(Time(() => pdf = EventCataloguePdf.Render(catalogue)));
            labelMs.Add(Time(() => labels = LabelSheet.Pdf(label, codes, sheet)));
            pageMs.Add(Time(() => page = EventCataloguePage.Render(catalogue)));
            qrMs.Add(Time(() => urls.ForEach(url => QrModules.Of(url))));
        }

        Console.WriteLine($"\nOcopTrade event catalogue benchmark — {Environment.ProcessorCount} cores, " +
            $"{Stalls} stalls × {ProductsPerStall} products = {codes} QR codes, p50 of {rounds} rounds\n");
        Console.WriteLine($"{"Catalogue PDF (A4, vector QR)",-44} {P50(pdfMs),9:F0} ms {Kib(pdf.Length),8:F0} KiB " +
            $"{PageCount(pdf),4} pages");
        Console.WriteLine($"{$"Label sheet PDF, {codes} labels (the anchor)",-44} {P50(labelMs),9:F0} ms " +
            $"{Kib(labels.Length),8:F0} KiB {PageCount(labels),4} pages");
        Console.WriteLine($"{"Catalogue phone page (HTML, inline SVG QR)",-44} {P50(pageMs),9:F0} ms " +
            $"{Kib(Encoding.UTF8.GetByteCount(page)),8:F0} KiB");
        Console.WriteLine($"{$"of which encoding the {codes} QR codes (QRCoder)",-44} {P50(qrMs),9:F0} ms");
        Console.WriteLine($"\nCatalogue PDF / label sheet PDF: time {P50(pdfMs) / P50(labelMs):F2}×, " +
            $"size {(double)pdf.Length / labels.Length:F2}×");
        return 0;
    }

    private static double Time(Action work)
    {
        var clock = Stopwatch.StartNew();
        work();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double P50(List<double> samples) => samples.Order().ElementAt(samples.Count / 2);

    private static double Kib(int bytes) => bytes / 1024.0;

    private static int PageCount(byte[] pdf) => PageObject().Count(Encoding.Latin1.GetString(pdf));

    [GeneratedRegex(@"/Type /Page(?!s)")]
    private static partial Regex PageObject();
}

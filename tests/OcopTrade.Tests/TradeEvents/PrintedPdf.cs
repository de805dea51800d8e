using System.Globalization;
using System.Text.RegularExpressions;
using OcopTrade.Tests.Support;
using OcopTrade.Tests.Traceability;

namespace OcopTrade.Tests.TradeEvents;

/// <summary>A PDF as other programs read it: poppler's pdfinfo, pdftotext and pdftoppm (Debian poppler-utils),
/// and zbarimg for the QR codes on its pages. Lives in a temporary folder, removed on dispose.</summary>
public sealed partial class PrintedPdf : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ocop-catalogue-").FullName;

    private PrintedPdf() => File = Path.Combine(_folder, "catalogue.pdf");

    public string File { get; }

    public static async Task<PrintedPdf> SaveAsync(byte[] pdf)
    {
        var printed = new PrintedPdf();
        await System.IO.File.WriteAllBytesAsync(printed.File, pdf);
        return printed;
    }

    public async Task<string> InfoAsync() => await RunAsync("pdfinfo", "-enc", "UTF-8", File);

    /// <summary>The text of one page (or all, 0), in reading order.</summary>
    public async Task<string> TextAsync(int page = 0) =>
        await RunAsync("pdftotext", ["-enc", "UTF-8", .. page > 0 ? new[] { "-f", $"{page}", "-l", $"{page}" } : [],
            File, "-"]);

    public async Task<int> PageCountAsync() =>
        int.Parse(PagesLine().Match(await InfoAsync()).Groups[1].Value, CultureInfo.InvariantCulture);

    /// <summary>Every word with its box on the page, in points.</summary>
    public async Task<List<(string Text, double XMin, double XMax, double YMin)>> WordsAsync()
    {
        var html = await RunAsync("pdftotext", "-enc", "UTF-8", "-bbox", File, "-");
        return [.. WordBox().Matches(html).Select(m => (System.Net.WebUtility.HtmlDecode(m.Groups[5].Value),
            Number(m, 1), Number(m, 3), Number(m, 2)))];
    }

    /// <summary>What zbarimg reads on each page printed at <paramref name="dpi"/>: every code it finds.</summary>
    public async Task<List<string[]>> ScanPagesAsync(int dpi)
    {
        await RunAsync("pdftoppm", "-r", $"{dpi}", "-png", File, Path.Combine(_folder, "page"));
        var pages = new List<string[]>();
        foreach (var page in Directory.GetFiles(_folder, "page*.png").Order())
            pages.Add((await QrDecoders.ZbarAsync(page)).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        return pages;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var run = await Command.RunAsync(program, arguments);
        Assert.True(run.ExitCode == 0, $"{program} failed: {run.Error}");
        return run.Output;
    }

    private static double Number(Match match, int group) =>
        double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^Pages:\s+(\d+)", RegexOptions.Multiline)]
    private static partial Regex PagesLine();

    [GeneratedRegex(@"<word xMin=""([\d.]+)"" yMin=""([\d.]+)"" xMax=""([\d.]+)"" yMax=""([\d.]+)"">([^<]*)</word>")]
    private static partial Regex WordBox();
}

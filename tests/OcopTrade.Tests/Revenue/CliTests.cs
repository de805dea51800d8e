using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OcopTrade.Functions.Revenue;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Revenue;

/// <summary>The command-line tool as department staff run it: its own process, over HTTP, against the app.</summary>
public class CliTests : ImportAppTests
{
    /// <summary>The tool built in the same configuration as these tests (the test project references it).</summary>
    private static string CliDll()
    {
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar))!);
        return Repository.Path("tools", "OcopTrade.Cli", "bin", configuration, "net10.0", "OcopTrade.Cli.dll");
    }

    private Task<CommandResult> OcopAsync(string key, params string[] arguments) =>
        Command.RunAsync("dotnet", [CliDll(), .. arguments, "--url", App.BaseAddress.ToString(), "--key", key, "--poll-ms", "100"], timeout: TimeSpan.FromMinutes(2));

    [Fact]
    public async Task The_tool_uploads_follows_progress_and_prints_the_per_row_report()
    {
        var admin = App.Client();
        var producerId = await admin.CreateProducerAsync("Lai Châu");
        var departmentKey = await admin.IssueKeyAsync(new JsonObject { ["role"] = "department", ["province"] = "Lai Châu" });
        var file = Path.Combine(Directory.CreateTempSubdirectory("ocop-cli-").FullName, "doanh-thu.csv");
        var csv = new StringBuilder("id,producerId,channel,marketplace,month,amountVnd,quantity\r\n");
        for (var i = 0; i < 600; i++) csv.Append($"cli-{i},{producerId},{(i % 2 == 0 ? "supermarket" : "fair")},,{2020 + i / 120}-{1 + i % 12:D2},{1000 + i},1\r\n");
        csv.Append($"cli-bad-1,{producerId},ecommerce,,2025-01,1,1\r\n");       // row 602: no marketplace
        csv.Append($"cli-bad-2,{producerId},supermarket,,2025-01,-5,1\r\n");    // row 603: negative
        await File.WriteAllTextAsync(file, csv.ToString());

        var run = await OcopAsync(departmentKey, "import", file);
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Output}{run.Error}"); // done, with refused rows
        Assert.Contains("progress 602/602 (100%) completed", run.Output);
        Assert.Contains("Đã ghi 600 dòng", run.Output);
        var lines = run.Output.Split('\n');
        Assert.Contains(lines, l => l.Contains("602") && l.Contains("marketplace"));
        Assert.Contains(lines, l => l.Contains("603") && l.Contains("amountVnd"));
        var report = await (await admin.GetAsync($"/api/reports/revenue?producerId={producerId}&from=2020-01&to=2024-12")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(Enumerable.Range(0, 600).Sum(i => 1000L + i), report["revenueVnd"]!.GetValue<long>());

        // The XLSX template, filled in, imports cleanly: exit 0.
        var template = Path.Combine(Path.GetDirectoryName(file)!, "mau.xlsx");
        Assert.Equal(0, (await OcopAsync(departmentKey, "template", "xlsx", "--out", template)).ExitCode);
        var rows = MiniExcelLibs.MiniExcel.Query(template, useHeaderRow: true).Cast<IDictionary<string, object>>().Select(r => new Dictionary<string, object>(r)).ToList();
        rows[0]["producerId"] = producerId;
        var filled = Path.Combine(Path.GetDirectoryName(file)!, "da-dien.xlsx");
        MiniExcelLibs.MiniExcel.SaveAs(filled, rows);
        var xlsx = await OcopAsync(departmentKey, "import", filled);
        Assert.True(xlsx.ExitCode == 0, xlsx.Output + xlsx.Error);
        Assert.Contains("Đã ghi 1 dòng", xlsx.Output);

        // Rebuilding roll-ups is the administrator's: a department is refused (exit 2) with the server's reason.
        var refused = await OcopAsync(departmentKey, "rebuild-rollups");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("403", refused.Output);
        var rebuilt = await OcopAsync(OcopApp.AdminKey, "rebuild-rollups");
        Assert.True(rebuilt.ExitCode == 0, rebuilt.Output + rebuilt.Error);
        Assert.Contains("rebuilt from 601 entries", rebuilt.Output);
        var after = await (await admin.GetAsync($"/api/reports/revenue?producerId={producerId}&from=2020-01&to=2024-12")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(report["revenueVnd"]!.GetValue<long>(), after["revenueVnd"]!.GetValue<long>());

        var noKey = await Command.RunAsync("dotnet", [CliDll(), "import", file, "--url", App.BaseAddress.ToString()]);
        Assert.Equal(1, noKey.ExitCode);
        Assert.Contains("--key", noKey.Output);
    }
}

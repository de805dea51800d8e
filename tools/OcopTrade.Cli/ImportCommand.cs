using System.Text.Json.Nodes;
using Spectre.Console;

namespace OcopTrade.Cli;

/// <summary>Uploads a file, follows the import on the server with a progress bar, then prints the per-row report.</summary>
public static class ImportCommand
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static async Task<int> RunAsync(OcopApi api, Options options, CancellationToken ct)
    {
        var path = options.Argument!;
        if (!File.Exists(path)) { AnsiConsole.MarkupLineInterpolated($"[red]Không tìm thấy tệp (no such file): {path}[/]"); return 1; }
        var type = Path.GetExtension(path).ToLowerInvariant() switch { ".xlsx" => XlsxType, ".csv" => "text/csv; charset=utf-8", _ => null };
        if (type is null) { AnsiConsole.MarkupLine("[red]Chỉ nhận tệp .csv hoặc .xlsx (only .csv or .xlsx files).[/]"); return 1; }

        AnsiConsole.MarkupLineInterpolated($"Đang tải lên {Path.GetFileName(path)} ({new FileInfo(path).Length / 1024.0:F0} KiB)…");
        var (status, location) = await api.UploadAsync(path, type, options.AllOrNothing, ct);
        AnsiConsole.MarkupLineInterpolated($"Mã lần nhập (import id): [bold]{status["id"]}[/], {Total(status)} dòng.");

        status = AnsiConsole.Profile.Capabilities.Interactive
            ? await FollowWithBarAsync(api, location, status, options.Poll, ct)
            : await FollowWithLinesAsync(api, location, status, options.Poll, ct);
        return Report(status);
    }

    private static int Total(JsonObject s) => s["totalRows"]!.GetValue<int>();
    private static int Processed(JsonObject s) => s["processedRows"]!.GetValue<int>();
    private static bool Finished(JsonObject s) => s["status"]!.GetValue<string>() is "completed" or "rejected";

    private static async Task<JsonObject> FollowWithBarAsync(OcopApi api, string location, JsonObject status, TimeSpan poll, CancellationToken ct) =>
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var bar = progress.AddTask("Nhập doanh thu", maxValue: Math.Max(1, Total(status)));
                while (!Finished(status))
                {
                    await Task.Delay(poll, ct);
                    status = await api.GetAsync(location, ct);
                    bar.Value = Processed(status);
                }
                bar.Value = bar.MaxValue;
                return status;
            });

    /// <summary>Redirected output (a log, a CI job): a line whenever the count moves, no terminal control codes.</summary>
    private static async Task<JsonObject> FollowWithLinesAsync(OcopApi api, string location, JsonObject status, TimeSpan poll, CancellationToken ct)
    {
        var last = -1;
        while (true)
        {
            var (done, total) = (Processed(status), Math.Max(1, Total(status)));
            if (done != last) Console.WriteLine($"progress {done}/{Total(status)} ({done * 100 / total}%) {status["status"]}");
            last = done;
            if (Finished(status)) return status;
            await Task.Delay(poll, ct);
            status = await api.GetAsync(location, ct);
        }
    }

    private static int Report(JsonObject status)
    {
        var problems = status["problems"]!.AsArray();
        var rejected = status["status"]!.GetValue<string>() == "rejected";
        if (rejected) AnsiConsole.MarkupLineInterpolated($"[red]Không ghi dòng nào (all-or-nothing): {status["rejectedRows"]} dòng có lỗi.[/]");
        else AnsiConsole.MarkupLineInterpolated($"[green]Đã ghi {status["recordedRows"]} dòng[/], {status["rejectedRows"]} dòng bị từ chối, tổng {status["totalRows"]} dòng.");
        if (problems.Count > 0)
        {
            var table = new Table().AddColumns("Dòng (row)", "Cột (field)", "Lý do (reason)");
            foreach (var p in problems) table.AddRow(p!["row"]!.ToString(), Markup.Escape(p["field"]!.ToString()), Markup.Escape(p["reason"]!.ToString()));
            AnsiConsole.Write(table);
        }
        return rejected || problems.Count > 0 ? 2 : 0;
    }
}

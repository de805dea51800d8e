using Spectre.Console;

namespace OcopTrade.Cli;

/// <summary>Saves the import template (CSV or XLSX) to fill in.</summary>
public static class TemplateCommand
{
    public static async Task<int> RunAsync(OcopApi api, Options options, CancellationToken ct)
    {
        var bytes = await api.DownloadAsync($"api/revenue/imports/template.{options.Argument}", ct);
        var path = options.Out ?? $"mau-doanh-thu.{options.Argument}";
        await File.WriteAllBytesAsync(path, bytes, ct);
        AnsiConsole.MarkupLineInterpolated($"Đã lưu mẫu (template saved): {path}");
        return 0;
    }
}

/// <summary>Administrator: recompute every roll-up from the raw entries.</summary>
public static class RebuildCommand
{
    public static async Task<int> RunAsync(OcopApi api, CancellationToken ct)
    {
        var result = await AnsiConsole.Status().StartAsync("Đang tính lại số liệu tổng hợp…", _ => api.PostAsync("api/revenue/rebuild-rollups", ct));
        AnsiConsole.MarkupLineInterpolated($"[green]Đã tính lại từ {result["entries"]} bản ghi (rebuilt from {result["entries"]} entries).[/]");
        return 0;
    }
}

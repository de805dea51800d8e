// ocop: the command-line tool for department staff with large revenue files.
//   dotnet run --project tools/OcopTrade.Cli -- import doanh-thu.xlsx --url https://… --key …   [--all-or-nothing]
//   dotnet run --project tools/OcopTrade.Cli -- template xlsx|csv [--out file] --url … --key …
//   dotnet run --project tools/OcopTrade.Cli -- rebuild-rollups --url … --key …                  (administrator)
// --url and --key may come from OCOP_URL and OCOP_KEY instead (a key on the command line shows in the process list).
// Exit codes: 0 done and every row recorded; 2 done with rows refused, or the whole file refused; 1 could not run.
using OcopTrade.Cli;
using Spectre.Console;

var options = Options.Parse(args);
if (options.Command is null || options.Error is not null)
{
    if (options.Error is not null) AnsiConsole.MarkupLineInterpolated($"[red]{options.Error}[/]");
    AnsiConsole.WriteLine(Options.Usage);
    return 1;
}
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
using var api = new OcopApi(options.Url!, options.Key!);
try
{
    return options.Command switch
    {
        "import" => await ImportCommand.RunAsync(api, options, cancel.Token),
        "template" => await TemplateCommand.RunAsync(api, options, cancel.Token),
        "rebuild-rollups" => await RebuildCommand.RunAsync(api, cancel.Token),
        _ => 1,
    };
}
catch (ApiException e)
{
    AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
    return e.Refused ? 2 : 1;
}
catch (HttpRequestException e)
{
    AnsiConsole.MarkupLineInterpolated($"[red]Không kết nối được tới máy chủ (could not reach {options.Url}): {e.Message}[/]");
    return 1;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    AnsiConsole.MarkupLine("[yellow]Đã dừng theo dõi. The import goes on on the server; check it later with its id.[/]");
    return 1;
}

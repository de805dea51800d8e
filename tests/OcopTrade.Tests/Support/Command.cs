using System.Diagnostics;

namespace OcopTrade.Tests.Support;

public sealed record CommandResult(int ExitCode, string Output, string Error);

public static class Command
{
    /// <summary>Runs a program to completion and returns what it printed.</summary>
    public static async Task<CommandResult> RunAsync(string program, IEnumerable<string> arguments, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Repository.Root,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(cancel.Token);
        return new CommandResult(process.ExitCode, await output, await error);
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;

namespace OcopTrade.Tests.Support;

/// <summary>The servers the tests start as processes (Azurite, maildev). A node process outlives its parent, so one
/// whose fixture never got to stop it (a start that timed out, an initialisation that failed before the fixture could
/// keep it, a disposal that threw first) is ended when the test process exits.</summary>
public static class ChildProcesses
{
    private static readonly ConcurrentDictionary<int, Process> Running = new();

    static ChildProcesses() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var process in Running.Values)
            try { if (!process.HasExited) process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { } // exited meanwhile
    };

    /// <summary>Starts a server whose output is read and dropped (a full pipe would stall it), kept until
    /// <see cref="Forget"/>.</summary>
    public static Process Start(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = Process.Start(start)!;
        Running[process.Id] = process;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The process has been stopped by its owner.</summary>
    public static void Forget(Process process)
    {
        Running.TryRemove(process.Id, out _);
        process.Dispose();
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OcopTrade.Tests.Support;

/// <summary>A real Azurite from the repository's node_modules, in memory, on free ports: the tests' storage.</summary>
public sealed class Azurite : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private Process? _process;

    public int BlobPort { get; } = FreePort();
    public int QueuePort { get; } = FreePort();
    public int TablePort { get; } = FreePort();

    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + AccountKey + ";" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    /// <summary>Where data is kept across a restart, like real storage; null keeps it in memory.</summary>
    public string? Location { get; private init; }

    public static async Task<Azurite> StartAsync(bool persistent = false)
    {
        for (var attempt = 1; ; attempt++)
        {
            var azurite = new Azurite { Location = persistent ? Directory.CreateTempSubdirectory("ocop-azurite-").FullName : null };
            try
            {
                await azurite.StartAgainAsync();
                return azurite;
            }
            // Its ports are chosen free before Azurite binds them, and another process of the run (a host, a worker)
            // may take one in between: a first start is tried again on other ports.
            catch (ExitedAtStartException) when (attempt < 3) { }
        }
    }

    public async Task StartAgainAsync()
    {
        var executable = Repository.Path("node_modules", ".bin", "azurite");
        if (!File.Exists(executable)) throw new InvalidOperationException("Azurite is not installed: run ./test.sh (it runs npm ci).");
        var start = new ProcessStartInfo(executable)
        {
            ArgumentList =
            {
                "--skipApiVersionCheck", "--silent", "--loose",
                "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(),
                "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(),
                "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(),
            },
        };
        if (Location is null) start.ArgumentList.Add("--inMemoryPersistence");
        else { start.ArgumentList.Add("--location"); start.ArgumentList.Add(Location); }
        _process = ChildProcesses.Start(start);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        foreach (var port in new[] { BlobPort, QueuePort, TablePort })
            while (!await IsListeningAsync(port))
            {
                if (DateTime.UtcNow > deadline || _process.HasExited)
                {
                    var exited = _process.HasExited;
                    await StopAsync(); // a slow start would otherwise leave it running with nobody to stop it
                    throw exited ? new ExitedAtStartException() : new InvalidOperationException("Azurite did not start.");
                }
                await Task.Delay(100);
            }
    }

    public async Task StopAsync()
    {
        if (_process is null) return;
        if (_process.HasExited) { Forget(); return; }
        // SIGTERM lets Azurite close its stores (flushing data to disk); it then lingers without exiting, so once
        // its ports are closed the process is ended.
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await term.WaitForExitAsync();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && (await IsListeningAsync(TablePort) || await IsListeningAsync(BlobPort) || await IsListeningAsync(QueuePort)))
            await Task.Delay(50);
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        Forget();
    }

    private void Forget()
    {
        ChildProcesses.Forget(_process!);
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (Location is not null) try { Directory.Delete(Location, recursive: true); } catch (IOException) { }
    }

    public static async Task<bool> IsListeningAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException) { return false; }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Azurite ended while starting, as it does when one of its ports is taken.</summary>
    private sealed class ExitedAtStartException() : InvalidOperationException("Azurite exited while starting.");
}

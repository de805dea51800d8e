using System.Diagnostics;

namespace OcopTrade.Tests.Support;

/// <summary>A real maildev from the repository's node_modules on free ports, as <c>./run.sh</c> runs it: the SMTP
/// server the app mails through in tests, read back through its REST API (<see cref="Mailbox"/>). Its ports are
/// chosen when it is made, so a test can point an app at it before starting it (an SMTP server that is down).
/// </summary>
public sealed class Maildev : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ocop-maildev-").FullName;
    private Process? _process;

    public int SmtpPort { get; } = Azurite.FreePort();
    public int WebPort { get; } = Azurite.FreePort();

    public Mailbox Mailbox => new(new Uri($"http://127.0.0.1:{WebPort}/"));

    public static async Task<Maildev> StartAsync()
    {
        var maildev = new Maildev();
        try { await maildev.StartAgainAsync(); }
        catch { await maildev.DisposeAsync(); throw; }
        return maildev;
    }

    public async Task StartAgainAsync()
    {
        var executable = Repository.Path("node_modules", ".bin", "maildev");
        if (!File.Exists(executable)) throw new InvalidOperationException("maildev is not installed: run npm ci.");
        var start = new ProcessStartInfo(executable)
        {
            ArgumentList =
            {
                "--silent", "--ip", "127.0.0.1", "--smtp", SmtpPort.ToString(),
                "--web-ip", "127.0.0.1", "--web", WebPort.ToString(), "--mail-directory", _directory,
            },
        };
        _process = ChildProcesses.Start(start);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        foreach (var port in new[] { SmtpPort, WebPort })
            while (!await Azurite.IsListeningAsync(port))
            {
                if (DateTime.UtcNow > deadline || _process.HasExited)
                    throw new InvalidOperationException($"maildev did not start (exited: {_process.HasExited}).");
                await Task.Delay(100);
            }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            ChildProcesses.Forget(_process);
            _process = null;
        }
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}

public static class MaildevSettings
{
    /// <summary>The app mails through <paramref name="maildev"/> (plain SMTP on loopback, as run.sh sets it), its
    /// links under <paramref name="publicBaseUrl"/>.</summary>
    public static OcopApp WithMail(this OcopApp app, Maildev maildev, string publicBaseUrl = "https://ocop.example.vn") =>
        app.Set("Notifications:Smtp:Host", "127.0.0.1").Set("Notifications:Smtp:Port", maildev.SmtpPort.ToString())
            .Set("Notifications:Smtp:Security", "none").Set("Notifications:Smtp:From", "OcopTrade <no-reply@ocop.example.vn>")
            .Set("Ocop:PublicBaseUrl", publicBaseUrl);
}

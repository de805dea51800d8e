using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OcopTrade.Tests.Support;

/// <summary>An SMTP server that refuses every recipient for good (550 5.1.1), as a relay answers for a mailbox that
/// does not exist: just enough of RFC 5321 for a client to get that far, counting the recipients it was offered.
/// maildev accepts every address, so it cannot stand in for this answer.</summary>
public sealed class RefusingSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private int _recipients;

    private RefusingSmtpServer() { }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>RCPT commands received so far: one per delivery attempt of a one-recipient mail.</summary>
    public int Recipients => Volatile.Read(ref _recipients);

    public static RefusingSmtpServer Start()
    {
        var server = new RefusingSmtpServer();
        server._listener.Start();
        _ = server.AcceptAsync();
        return server;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            try
            {
                await writer.WriteLineAsync("220 refusing.test ESMTP");
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                    if (verb == "RCPT") Interlocked.Increment(ref _recipients);
                    await writer.WriteLineAsync(Answer(verb));
                    if (verb == "QUIT") return;
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException) { }
        }
    }

    private static string Answer(string verb) => verb switch
    {
        "EHLO" or "HELO" => "250 refusing.test",
        "RCPT" => "550 5.1.1 No such mailbox here",
        "DATA" => "503 5.5.1 No valid recipients",
        "QUIT" => "221 2.0.0 Bye",
        _ => "250 2.0.0 OK", // MAIL, RSET, NOOP
    };

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }
}

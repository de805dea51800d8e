using System.Net.Sockets;
using System.Text;
using OcopTrade.Functions.Access;

namespace OcopTrade.Tests.Hardening;

/// <summary>An anonymous sign-in form sent the way a slow-loris attacker sends it: headers at once, then the body a
/// few bytes at a time over a raw loopback socket. Bounded: it stops at the length it announced, after a minute,
/// or when disposed.</summary>
public sealed class SlowUpload : IAsyncDisposable
{
    private readonly TcpClient _tcp = new();
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromMinutes(1));
    private NetworkStream _stream = null!;
    private Task _sending = Task.CompletedTask;
    private Task<string> _answer = null!;
    private int _sent;

    /// <summary>Body bytes sent so far.</summary>
    public int Sent => Volatile.Read(ref _sent);

    /// <summary>Whether the server has answered (or closed the connection) yet.</summary>
    public bool Answered => _answer.IsCompleted;

    public static async Task<SlowUpload> StartAsync(Uri server, int length, int bytesEach, TimeSpan every)
    {
        var upload = new SlowUpload();
        await upload._tcp.ConnectAsync(server.Host, server.Port);
        upload._stream = upload._tcp.GetStream();
        var head = $"POST {Sessions.SignInPath} HTTP/1.1\r\nHost: {server.Authority}\r\n{Sessions.CsrfHeader}: 1\r\n" +
                   $"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {length}\r\n\r\nkey=";
        await upload._stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        upload._sent = 4;
        upload._answer = upload.ReadAnswerAsync();
        upload._sending = upload.TrickleAsync(length, bytesEach, every);
        return upload;
    }

    private async Task TrickleAsync(int length, int bytesEach, TimeSpan every)
    {
        try
        {
            while (Sent < length && !_answer.IsCompleted)
            {
                await Task.Delay(every, _stop.Token);
                var count = Math.Min(bytesEach, length - Sent);
                await _stream.WriteAsync(Encoding.ASCII.GetBytes(new string('a', count)), _stop.Token);
                Interlocked.Add(ref _sent, count);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException) { } // stopped, or the server hung up
    }

    /// <summary>The answer's head and whatever body came with it, up to the end of its first JSON body.</summary>
    public async Task<string> AnswerAsync() => await _answer.WaitAsync(TimeSpan.FromSeconds(30));

    private async Task<string> ReadAnswerAsync()
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await _stream.ReadAsync(buffer, _stop.Token)) > 0)
            {
                text.Append(Encoding.UTF8.GetString(buffer, 0, read));
                if (text.ToString().TrimEnd().EndsWith('}') || text.ToString().EndsWith("0\r\n\r\n")) break;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException) { }
        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sending;
        _tcp.Dispose();
        _stop.Dispose();
    }
}

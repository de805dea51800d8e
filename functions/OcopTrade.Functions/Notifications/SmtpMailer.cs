using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace OcopTrade.Functions.Notifications;

/// <summary>Hands one mail to the configured SMTP server with MailKit, one connection per mail (a function instance
/// sends few). A failure comes out as <see cref="MailNotSentException"/>, or <see cref="MailRefusedException"/> when
/// the server refused the recipient or the message for good, saying what went wrong with the server and nothing of
/// the mail: SMTP errors quote addresses, and the log must not.</summary>
public sealed class SmtpMailer(IOptions<SmtpSettings> settings)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public async Task SendAsync(Notification notification, NotificationMail mail, CancellationToken cancellationToken)
    {
        var smtp = settings.Value;
        var message = Compose(notification, mail, smtp.Sender()); // Sender() refuses settings without a host
        try { await DeliverAsync(smtp, message, cancellationToken); }
        catch (SmtpCommandException e) when (RefusedForGood(e))
        {
            throw new MailRefusedException($"{notification.Id}: {Describe(e)}");
        }
        catch (Exception e) when (e is not OperationCanceledException && e is not MailerNotConfiguredException)
        {
            throw new MailNotSentException($"{notification.Id}: {Describe(e)}");
        }
    }

    private static async Task DeliverAsync(SmtpSettings smtp, MimeMessage message, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        await client.ConnectAsync(smtp.Host!, smtp.EffectivePort, smtp.SocketOptions, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.User))
            await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", cancellationToken);
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    /// <summary>The mail as MIME: plain text with an HTML alternative, to the recipient by name, with a Message-Id
    /// made from the notification's id, so a mail sent twice (a crash between sending and recording it) is one
    /// message to the systems that deduplicate by it.</summary>
    public static MimeMessage Compose(Notification notification, NotificationMail mail, MailboxAddress sender)
    {
        var message = new MimeMessage { Subject = mail.Subject, MessageId = MessageIdOf(notification.Id, sender) };
        message.From.Add(sender);
        message.To.Add(new MailboxAddress(notification.RecipientName, notification.Recipient));
        message.Headers.Add("Content-Language", "vi");
        message.Headers.Add("Auto-Submitted", "auto-generated"); // RFC 3834: auto-responders stay quiet
        message.Body = new BodyBuilder { TextBody = mail.Text, HtmlBody = mail.Html }.ToMessageBody();
        return message;
    }

    public static string MessageIdOf(string notificationId, MailboxAddress sender)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(notificationId)))[..32];
        var domain = sender.Domain is { Length: > 0 } d ? d : "ocoptrade.local";
        return $"notification.{hash}@{domain}";
    }

    /// <summary>A permanent (5xx) refusal of the recipient (no such mailbox) or of the message (its content): sending
    /// it again would be refused again. A refused sender is not one of them: that is the app's own setting, and the
    /// messages are kept (in poison) to be sent once it is put right.</summary>
    public static bool RefusedForGood(SmtpCommandException e) =>
        (int)e.StatusCode >= 500
        && e.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted;

    private static string Describe(Exception e) => e switch
    {
        SocketException s => $"the SMTP server is unreachable ({s.SocketErrorCode})",
        SmtpCommandException c => $"the SMTP server refused the mail ({c.ErrorCode}, {(int)c.StatusCode})",
        AuthenticationException or SslHandshakeException => "the SMTP server's TLS or sign-in failed",
        SmtpProtocolException => "the SMTP server broke the protocol",
        ServiceNotConnectedException or IOException or TimeoutException => "the SMTP connection was lost or timed out",
        _ => $"sending failed ({e.GetType().Name})",
    };
}

/// <summary>A mail was not sent; the message says why without quoting the mail or the server's reply.</summary>
public sealed class MailNotSentException(string message) : Exception(message);

/// <summary>The SMTP server refused the mail for good (<see cref="SmtpMailer.RefusedForGood"/>).</summary>
public sealed class MailRefusedException(string message) : Exception(message);

using MailKit.Security;
using MimeKit;

namespace OcopTrade.Functions.Notifications;

/// <summary>How the connection to the SMTP server is protected: none (a local catcher such as maildev), STARTTLS
/// (a relay on 587) or TLS from the first byte (465).</summary>
public enum SmtpSecurity { None, StartTls, SslOnConnect }

/// <summary>The SMTP server the mailer hands mail to, from configuration (<c>Notifications:Smtp:*</c>): maildev for
/// <c>./run.sh</c> and the tests, a relay in Azure (its password a Key Vault reference). Nothing here is required for
/// the app to start; a mail sent without it fails with a log that says which setting is missing.</summary>
public sealed class SmtpSettings
{
    public const string Section = "Notifications:Smtp";

    public string? Host { get; set; }
    public int Port { get; set; }
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;
    public string? User { get; set; }
    public string? Password { get; set; }
    /// <summary>The sender, e.g. <c>OcopTrade &lt;no-reply@ocop.example.vn&gt;</c>.</summary>
    public string? From { get; set; }

    /// <summary>The port the security implies when none is set.</summary>
    public int EffectivePort => Port > 0 ? Port : Security switch
    {
        SmtpSecurity.None => 25,
        SmtpSecurity.SslOnConnect => 465,
        _ => 587,
    };

    public SecureSocketOptions SocketOptions => Security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };

    /// <summary>The sender as a mailbox; throws, naming the setting, when the settings cannot send a mail.</summary>
    public MailboxAddress Sender()
    {
        if (string.IsNullOrWhiteSpace(Host))
            throw new MailerNotConfiguredException($"{Section}:Host is not set: no SMTP server to send mail to.");
        if (!MailboxAddress.TryParse(From ?? "", out var sender) || !sender.Address.Contains('@'))
            throw new MailerNotConfiguredException(
                $"{Section}:From is not a mailbox (e.g. \"OcopTrade <no-reply@example.vn>\").");
        return sender;
    }
}

/// <summary>The mailer's settings cannot send a mail; the message is retried (settings may be fixed meanwhile) and
/// then kept in the poison queue.</summary>
public sealed class MailerNotConfiguredException(string message) : InvalidOperationException(message);

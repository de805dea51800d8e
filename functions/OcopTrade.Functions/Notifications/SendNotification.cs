using System.Diagnostics;
using System.Text.Json.Nodes;
using MimeKit;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Notifications;

/// <summary>Mails each queued notification once (see <see cref="SentNotifications"/> for what "once" means on a
/// crash). An SMTP server that is down fails the message, the queue retries it (host.json maxDequeueCount) and then
/// keeps it in <c>notifications-poison</c>, never marked sent. A recipient (or a message) the server refuses for good
/// is recorded as refused and not retried: every retry would be refused the same. Logs name the notification's id
/// and kind only.</summary>
public sealed class SendNotification(SentNotifications sent, SmtpMailer mailer, IConfiguration configuration)
{
    /// <summary>How long a delivery waits for another delivery of the same notification (a message queued twice)
    /// to finish, before it gives up to a later retry.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    [Function(nameof(SendNotification))]
    public async Task<JobResult> Run(
        [QueueTrigger(QueuedNotifier.Queue)] Notification notification, CancellationToken cancellationToken)
    {
        if (notification.Id is null || notification.PortalPath is null)
            return JobResult.Done(null, $"A {NotificationKind.Of(notification)} without id or link; dropped.");
        var what = $"{notification.Id} ({NotificationKind.Of(notification)})";
        if (!IsMailbox(notification.Recipient)) return JobResult.Done(null, $"{what}: no usable e-mail address; dropped.");

        var mail = NotificationMail.Render(notification, PublicBaseUrl());
        var claim = await ClaimAsync(notification, what, cancellationToken);
        if (claim.Outcome == ClaimOutcome.Sent) return JobResult.Done(null, $"{what}: mailed before; nothing to do.");
        if (claim.Outcome == ClaimOutcome.Refused)
            return JobResult.Done(null, $"{what}: refused for good before; nothing to do.");
        try { await mailer.SendAsync(notification, mail, cancellationToken); }
        catch (MailRefusedException e)
        {
            await sent.MarkRefusedAsync(notification, e.Message, cancellationToken);
            return JobResult.Done(null, $"{e.Message}; refused for good, not retried.");
        }
        catch
        {
            await sent.ReleaseAsync(notification, claim, CancellationToken.None);
            throw;
        }
        await sent.MarkSentAsync(notification, cancellationToken);
        return JobResult.Done(new JsonObject { ["mailed"] = notification.Id }, $"{what}: mailed.");
    }

    private async Task<Claim> ClaimAsync(Notification notification, string what, CancellationToken cancellationToken)
    {
        var waiting = Stopwatch.StartNew();
        while (true)
        {
            var claim = await sent.ClaimAsync(notification, cancellationToken);
            if (claim.Outcome != ClaimOutcome.Busy) return claim;
            if (waiting.Elapsed > Patience)
                throw new MailNotSentException($"{what}: another delivery of it is still sending; retried later.");
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    private string PublicBaseUrl() => configuration["Ocop:PublicBaseUrl"] is { Length: > 0 } url
        ? url
        : throw new MailerNotConfiguredException("Ocop:PublicBaseUrl is not set: a mail's link must be absolute.");

    /// <summary>One bare address: a notification raised without one (or with a name in it) is not mailed.</summary>
    private static bool IsMailbox(string? recipient) =>
        recipient is { Length: > 0 } && MailboxAddress.TryParse(recipient, out var mailbox)
        && mailbox.Address == recipient.Trim() && mailbox.Address.IndexOf('@') is > 0 and var at
        && at < mailbox.Address.Length - 1;
}

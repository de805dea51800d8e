using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using MailKit.Net.Smtp;
using Microsoft.Extensions.DependencyInjection;
using OcopTrade.Functions.Notifications;
using OcopTrade.Tests.Support;
using OcopTrade.Tests.Unit;

namespace OcopTrade.Tests.Notifications;

/// <summary>An app that mails through a maildev of its own, shared by the tests of one class.</summary>
public sealed class MailingApp : IAsyncLifetime
{
    public Azurite Storage { get; private set; } = null!;
    public Maildev Mail { get; private set; } = null!;
    public OcopApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Storage = await Azurite.StartAsync();
        Mail = await Maildev.StartAsync();
        App = await new OcopApp(Storage).WithMail(Mail).StartAsync();
    }

    public async Task DisposeAsync()
    {
        try { await OcopApp.DisposeBothAsync(App, Storage); }
        finally { if (Mail is not null) await Mail.DisposeAsync(); }
    }
}

/// <summary>Notifications queued as capabilities queue them (<see cref="INotifier"/>) and read where a person reads
/// them locally: maildev.</summary>
public class MailerTests(MailingApp mailing) : IClassFixture<MailingApp>
{
    private static string Address() => $"n{Guid.NewGuid():N}@example.vn";

    private Task NotifyAsync(Notification notification) =>
        mailing.App.Services.GetRequiredService<INotifier>().NotifyAsync(notification, CancellationToken.None);

    public static TheoryData<string, string, string> Kinds() => new()
    {
        { "applicationDecided", "đã được chấp nhận", "Gian hàng của quý đơn vị: A12." },
        { "enquiryArrived", "Yêu cầu mới từ Siêu thị Hà Nội Xanh", "Yêu cầu: báo giá." },
        { "dealAwaitingConfirmation", "đề nghị quý đơn vị xác nhận một giao dịch", "Giá trị: 1.200.000 ₫." },
    };

    private static Notification Of(string kind, string address, string id) => kind switch
    {
        "applicationDecided" => NotificationMailTests.Accepted() with { Id = id, Recipient = address },
        "enquiryArrived" => NotificationMailTests.Enquiry() with { Id = id, Recipient = address },
        _ => NotificationMailTests.Deal() with { Id = id, Recipient = address },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Each_kind_queued_arrives_as_a_vietnamese_mail_with_one_link_back_to_the_portal(
        string kind, string inSubject, string inText)
    {
        var address = Address();
        var notification = Of(kind, address, $"{kind}|{Guid.NewGuid():N}");
        await NotifyAsync(notification);

        var mail = await mailing.Mail.Mailbox.MailToAsync(address);
        Assert.Contains(inSubject, mail["subject"]!.GetValue<string>());
        var text = mail["text"]!.GetValue<string>();
        Assert.StartsWith($"Kính gửi {notification.RecipientName},", text);
        Assert.Contains(inText, text);
        var link = "https://ocop.example.vn" + notification.PortalPath;
        Assert.Single(text.Split("http").Skip(1));
        Assert.Contains(link, text);
        Assert.Single(mail["html"]!.GetValue<string>().Split("<a ").Skip(1));
        Assert.Equal(notification.RecipientName, mail["to"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("no-reply@ocop.example.vn", mail["from"]![0]!["address"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_same_notification_queued_twice_is_mailed_once()
    {
        var address = Address();
        var notification = NotificationMailTests.Enquiry() with { Id = $"enquiry|{Guid.NewGuid():N}|arrived", Recipient = address };
        await Task.WhenAll(NotifyAsync(notification), NotifyAsync(notification));

        await mailing.Mail.Mailbox.MailToAsync(address);
        var queue = new QueueClient(mailing.Storage.ConnectionString, QueuedNotifier.Queue);
        // The count includes a message in flight: at 0 both deliveries have finished.
        await Eventually.HoldsAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount,
            n => n == 0, because: "both messages to be taken off the queue");
        Assert.Single(await mailing.Mail.Mailbox.ToAsync(address));
        Assert.Equal("sent", await mailing.App.Services.GetRequiredService<SentNotifications>()
            .StateAsync(notification.Id, CancellationToken.None));
    }

    [Fact]
    public async Task A_notification_without_an_address_is_done_without_a_mail()
    {
        var notification = NotificationMailTests.Deal() with { Id = $"deal|{Guid.NewGuid():N}", Recipient = "" };
        await mailing.App.RunFunctionAsync(nameof(SendNotification), Message(notification));
        Assert.Null(await mailing.App.Services.GetRequiredService<SentNotifications>()
            .StateAsync(notification.Id, CancellationToken.None));
    }

    public static string Message(Notification notification) =>
        OcopTrade.Functions.Observability.JobMessages.Wrap(notification);
}

/// <summary>An app whose SMTP server is down: maildev's ports are chosen, but it starts only when the test says.
/// </summary>
public class MailerWithSmtpDownTests : OwnAppTests
{
    private readonly Maildev _mail = new();

    protected override OcopApp Configure(OcopApp app) => app.WithMail(_mail);

    [Fact]
    public async Task A_mail_the_server_cannot_take_is_retried_kept_in_poison_unmarked_and_sent_once_it_is_back()
    {
        try
        {
            var address = $"n{Guid.NewGuid():N}@example.vn";
            var notification = NotificationMailTests.Accepted() with { Id = $"app|{Guid.NewGuid():N}", Recipient = address };
            await App.Services.GetRequiredService<INotifier>().NotifyAsync(notification, CancellationToken.None);

            // maxDequeueCount attempts (host.json), each failing, then the message is kept in poison.
            var poison = new QueueClient(Storage.ConnectionString, QueuedNotifier.Queue + "-poison");
            var kept = await Eventually.HoldsAsync(async () => (await poison.PeekMessagesAsync(10)).Value,
                messages => messages.Length == 1, TimeSpan.FromSeconds(60), "the message to be kept in poison");
            Assert.Null(await App.Services.GetRequiredService<SentNotifications>()
                .StateAsync(notification.Id, CancellationToken.None));

            // The server is back: the kept message, replayed, is mailed.
            await _mail.StartAgainAsync();
            await App.RunFunctionAsync(nameof(SendNotification), Text(kept[0].Body.ToString()));
            var mail = await _mail.Mailbox.MailToAsync(address);
            Assert.Contains("đã được chấp nhận", mail["subject"]!.GetValue<string>());
            Assert.Equal("sent", await App.Services.GetRequiredService<SentNotifications>()
                .StateAsync(notification.Id, CancellationToken.None));
        }
        finally { await _mail.DisposeAsync(); }
    }

    [Fact]
    public async Task A_run_while_the_server_is_down_fails_and_leaves_no_claim_behind()
    {
        await _mail.DisposeAsync();
        var notification = NotificationMailTests.Deal() with { Id = $"deal|{Guid.NewGuid():N}", Recipient = "d@example.vn" };
        await Assert.ThrowsAnyAsync<Exception>(
            () => App.RunFunctionAsync(nameof(SendNotification), MailerTests.Message(notification)));
        Assert.Null(await App.Services.GetRequiredService<SentNotifications>()
            .StateAsync(notification.Id, CancellationToken.None));
    }

    /// <summary>The poison queue holds the message as the host moved it: base64, as the app's queues are encoded.
    /// </summary>
    private static string Text(string body)
    {
        try { return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(body)); }
        catch (FormatException) { return body; }
    }
}

/// <summary>An app whose SMTP server refuses the recipient for good, as a relay does for a mailbox that does not
/// exist.</summary>
public class MailerWithRefusingServerTests : OwnAppTests
{
    private readonly RefusingSmtpServer _server = RefusingSmtpServer.Start();

    protected override OcopApp Configure(OcopApp app) =>
        app.Set("Notifications:Smtp:Host", "127.0.0.1").Set("Notifications:Smtp:Port", _server.Port.ToString())
            .Set("Notifications:Smtp:Security", "none")
            .Set("Notifications:Smtp:From", "OcopTrade <no-reply@ocop.example.vn>")
            .Set("Ocop:PublicBaseUrl", "https://ocop.example.vn");

    [Fact]
    public async Task A_recipient_refused_for_good_is_tried_once_recorded_refused_and_kept_out_of_poison()
    {
        try
        {
            var notification = NotificationMailTests.Enquiry() with
            {
                Id = $"enquiry|{Guid.NewGuid():N}|arrived",
                Recipient = $"gone{Guid.NewGuid():N}@example.vn",
            };
            await App.Services.GetRequiredService<INotifier>().NotifyAsync(notification, CancellationToken.None);

            var sent = App.Services.GetRequiredService<SentNotifications>();
            await Eventually.HoldsAsync(() => sent.StateAsync(notification.Id, CancellationToken.None),
                state => state == "refused", TimeSpan.FromSeconds(60), "the refusal to be recorded");
            // Delivered again (a message queued twice), it is not offered to the server again.
            await App.RunFunctionAsync(nameof(SendNotification), MailerTests.Message(notification));
            Assert.Equal(1, _server.Recipients);
            var poison = new QueueClient(Storage.ConnectionString, QueuedNotifier.Queue + "-poison");
            Assert.False((await poison.ExistsAsync()).Value && (await poison.PeekMessagesAsync(10)).Value.Length > 0);
        }
        finally { await _server.DisposeAsync(); }
    }
}

/// <summary>Which SMTP refusals end a notification's tries: only a permanent one of the recipient or the message.
/// </summary>
public class MailRefusalRuleTests
{
    [Theory]
    [InlineData(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxUnavailable, true)]
    [InlineData(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.TransactionFailed, true)]
    [InlineData(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxBusy, false)] // 450: try again later
    [InlineData(SmtpErrorCode.SenderNotAccepted, SmtpStatusCode.MailboxUnavailable, false)] // our own setting
    public void Only_a_permanent_refusal_of_the_recipient_or_the_message_is_for_good(
        SmtpErrorCode code, SmtpStatusCode status, bool forGood) =>
        Assert.Equal(forGood, SmtpMailer.RefusedForGood(new SmtpCommandException(code, status, "refused")));
}

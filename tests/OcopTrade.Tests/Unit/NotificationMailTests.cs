using System.Text.Json;
using MimeKit;
using OcopTrade.Functions.Notifications;
using OcopTrade.Functions.Observability;

namespace OcopTrade.Tests.Unit;

public class NotificationMailTests
{
    private const string Base = "https://ocop.example.vn";

    public static ApplicationDecided Accepted(string name = "HTX Chè Tân Cương") => new(
        "application|ev1:p1|decided", "htx@example.vn", name, "/portal/events/ev1",
        "Hội chợ OCOP Lạng Sơn 2026", Accepted: true, Reason: null, Stall: "A12");

    public static EnquiryArrived Enquiry() => new("enquiry|q1|arrived", "htx@example.vn", "HTX Chè Tân Cương",
        "/portal/enquiries/q1", "Siêu thị Hà Nội Xanh", "Chè búp Tân Cương", "quote");

    public static DealAwaitingConfirmation Deal() => new("deal|d1|recorded", "buyer@example.vn", "Siêu thị Hà Nội Xanh",
        "/portal/deals/d1", "HTX Chè Tân Cương", 1_200_000, new DateOnly(2026, 7, 1), new DateOnly(2026, 12, 31));

    public static TheoryData<Notification, string, string[]> WhatEachKindSays() => new()
    {
        {
            Accepted(), "Đơn đăng ký tham gia “Hội chợ OCOP Lạng Sơn 2026” đã được chấp nhận",
            ["Gian hàng của quý đơn vị: A12."]
        },
        {
            Accepted() with { Accepted = false, Reason = "Hết gian hàng", Stall = null },
            "Đơn đăng ký tham gia “Hội chợ OCOP Lạng Sơn 2026” không được chấp nhận", ["Lý do: Hết gian hàng."]
        },
        {
            Enquiry(), "Yêu cầu mới từ Siêu thị Hà Nội Xanh về sản phẩm “Chè búp Tân Cương”",
            ["Siêu thị Hà Nội Xanh vừa gửi quý đơn vị một yêu cầu", "Yêu cầu: báo giá."]
        },
        {
            Deal(), "HTX Chè Tân Cương đề nghị quý đơn vị xác nhận một giao dịch",
            ["Giá trị: 1.200.000 ₫.", "Thời hạn: từ 01/07/2026 đến 31/12/2026."]
        },
    };

    /// <summary>Money in đồng with dots, dates as day/month/year, the recipient greeted by name.</summary>
    [Theory]
    [MemberData(nameof(WhatEachKindSays))]
    public void Each_kind_says_in_vietnamese_what_waits_for_the_recipient_with_one_link(
        Notification notification, string subject, string[] lines)
    {
        var mail = NotificationMail.Render(notification, Base);
        Assert.Equal(subject, mail.Subject);
        Assert.StartsWith($"Kính gửi {notification.RecipientName},", mail.Text);
        Assert.All(lines, line => Assert.Contains(line, mail.Text));
        Assert.Equal(Base + notification.PortalPath, mail.Link);
        OneLinkEach(mail);
    }

    [Fact]
    public void A_hostile_name_is_html_encoded_and_cannot_start_a_header_line()
    {
        const string hostile = "<script>alert(1)</script>\r\nBcc: x@evil.example \"&'";
        var mail = NotificationMail.Render(Deal() with { CounterpartyName = hostile, RecipientName = hostile }, Base);
        Assert.DoesNotContain("<script>", mail.Html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", mail.Html);
        Assert.DoesNotContain("\"&'", mail.Html);
        Assert.DoesNotContain('\r', mail.Subject);
        Assert.DoesNotContain('\n', mail.Subject);
        Assert.StartsWith("<script>alert(1)</script> Bcc: x@evil.example", mail.Subject);
        OneLinkEach(mail);
    }

    [Theory]
    [InlineData("//evil.example/portal")]
    [InlineData("https://evil.example/portal")]
    [InlineData("portal/deals/d1")]
    [InlineData("/portal/deals/d1 https://evil.example")]
    [InlineData("/\\evil.example")]
    public void A_portal_path_that_leaves_the_site_is_refused(string path) =>
        Assert.Throws<ArgumentException>(() => NotificationMail.Render(Deal() with { PortalPath = path }, Base));

    [Fact]
    public void The_link_joins_the_base_url_and_the_path_with_one_slash() =>
        Assert.Equal("https://ocop.example.vn/portal/deals/d1", NotificationMail.LinkOf(Base + "/", "/portal/deals/d1"));

    [Fact]
    public void The_message_goes_to_the_recipient_by_name_as_text_and_html_with_an_id_made_from_the_notification()
    {
        var sender = MailboxAddress.Parse("OcopTrade <no-reply@ocop.example.vn>");
        var notification = Enquiry();
        var message = SmtpMailer.Compose(notification, NotificationMail.Render(notification, Base), sender);
        var to = Assert.IsType<MailboxAddress>(Assert.Single(message.To));
        Assert.Equal(("HTX Chè Tân Cương", "htx@example.vn"), (to.Name, to.Address));
        Assert.Equal("multipart/alternative", message.Body!.ContentType.MimeType);
        Assert.NotNull(message.TextBody);
        Assert.NotNull(message.HtmlBody);
        Assert.EndsWith("@ocop.example.vn", message.MessageId);
        Assert.Equal(message.MessageId, SmtpMailer.MessageIdOf(notification.Id, sender));
        Assert.NotEqual(message.MessageId, SmtpMailer.MessageIdOf(Deal().Id, sender));
    }

    public static TheoryData<Notification> EachKind() => new() { Accepted(), Enquiry(), Deal() };

    [Theory]
    [MemberData(nameof(EachKind))]
    public void Each_kind_reads_back_as_its_own_record_after_the_queue_message_wrapping(Notification notification)
    {
        var wrapped = JobMessages.Wrap(notification);
        Assert.Contains($"\"kind\":\"{NotificationKind.Of(notification)}\"", wrapped);
        var read = JsonSerializer.Deserialize<Notification>(JobMessages.Open(wrapped).Text, Functions.Platform.Json.Options);
        Assert.Equal(notification, read);
    }

    [Fact]
    public void Settings_without_a_server_or_a_sender_name_the_setting_that_is_missing()
    {
        var noHost = Assert.Throws<MailerNotConfiguredException>(() => new SmtpSettings { From = "a@b.vn" }.Sender());
        Assert.Contains("Notifications:Smtp:Host", noHost.Message);
        var noSender = Assert.Throws<MailerNotConfiguredException>(() => new SmtpSettings { Host = "smtp" }.Sender());
        Assert.Contains("Notifications:Smtp:From", noSender.Message);
    }

    private static void OneLinkEach(NotificationMail mail)
    {
        Assert.Equal(1, Count(mail.Text, "http"));
        Assert.Equal(1, Count(mail.Text, mail.Link));
        Assert.Equal(1, Count(mail.Html, "<a "));
        Assert.Equal(1, Count(mail.Html, "http"));
        Assert.Contains($"href=\"{mail.Link}\"", mail.Html);
    }

    private static int Count(string text, string part) => text.Split(part).Length - 1;
}

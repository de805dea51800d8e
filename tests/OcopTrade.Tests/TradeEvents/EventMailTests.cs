using System.Net;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Notifications;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.TradeEvents;

/// <summary>The producer hears of the department's decision by mail, through the app's real mailer and a maildev.
/// </summary>
public sealed class EventMailTests(MailingApp mailing) : IClassFixture<MailingApp>
{
    [Fact]
    public async Task A_producer_is_told_by_mail_that_its_application_was_declined_and_why()
    {
        var world = await EventWorld.StartAsync(mailing.App);
        var (id, _) = await world.CreateEventAsync();
        var address = $"htx.{Guid.NewGuid():N}@example.vn";
        var (appId, etag) = await world.AppliedAsync(await world.ExhibitorAsync(address), id);
        await (await world.DecideAsync(id, appId, etag,
            new JsonObject { ["accepted"] = false, ["reason"] = "Trùng lịch" })).ExpectAsync(HttpStatusCode.OK);

        var mail = await mailing.Mail.Mailbox.MailToAsync(address);
        var text = mail["text"]!.GetValue<string>();
        Assert.Contains("Hội chợ OCOP " + world.Province, text);
        Assert.Contains("Trùng lịch", text);
        Assert.Contains("/portal/events", text);
    }
}

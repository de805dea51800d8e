using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OcopTrade.Functions.Notifications;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Linkage;

/// <summary>What enquiries and deals ask the notifier to mail, seen at the one interface every capability calls (the
/// mailer behind it is another capability's, tested there).</summary>
public sealed class LinkageNotificationTests : OwnAppTests
{
    private sealed class RecordingNotifier : INotifier
    {
        public ConcurrentQueue<Notification> Sent { get; } = new();

        public Task NotifyAsync(Notification notification, CancellationToken cancellationToken)
        {
            Sent.Enqueue(notification);
            return Task.CompletedTask;
        }
    }

    private readonly RecordingNotifier _notifier = new();

    protected override OcopApp Configure(OcopApp app) =>
        app.WithServices(s => s.Replace(ServiceDescriptor.Singleton<INotifier>(_notifier)));

    [Fact]
    public async Task An_enquiry_tells_the_producer_and_a_deal_asks_the_other_side_to_confirm()
    {
        var p = await LinkageSetup.BuildAsync(App);
        var (enquiryId, _) = await LinkageSetup.SendEnquiryAsync(p.Buyer, p.ProductId);
        var arrived = Assert.IsType<EnquiryArrived>(Assert.Single(_notifier.Sent));
        Assert.Equal(($"enquiry|{enquiryId}|arrived", "htx.chetamduong@example.vn", "/portal/enquiries",
            "Công ty Cổ phần Siêu thị Thử Nghiệm", "Xin báo giá, số lượng 500"),
            (arrived.Id, arrived.Recipient, arrived.PortalPath, arrived.BuyerName, arrived.Request));

        var deal = await (await p.Producer.PostAsync("/api/deals", Api.JsonBody(LinkageSetup.Deal(buyerId: p.BuyerId))))
            .ExpectAsync(HttpStatusCode.Created);
        var awaiting = Assert.IsType<DealAwaitingConfirmation>(_notifier.Sent.Last());
        Assert.Equal(($"deal|{deal["id"]}|awaiting", "mua.hang@example.vn", "Nguyễn Thị Mua", "/portal/buyer",
            "Hợp tác xã Chè Tam Đường", 120_000_000L), (awaiting.Id, awaiting.Recipient, awaiting.RecipientName,
            awaiting.PortalPath, awaiting.CounterpartyName, awaiting.ValueVnd));
    }

    [Fact]
    public async Task A_producer_without_an_e_mail_address_is_not_mailed()
    {
        var p = await LinkageSetup.BuildAsync(App);
        var producer = Api.Producer(p.Province);
        producer.Remove("email");
        var silentId = (await (await App.Client().PostAsync("/api/producers", Api.JsonBody(producer)))
            .ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var silent = App.Client(await App.Client().ProducerKeyAsync(silentId));
        var productId = await LinkageSetup.PublishedProductAsync(App, silent, "Mật ong không thư");
        await LinkageSetup.SendEnquiryAsync(p.Buyer, productId);
        await (await p.Buyer.PostAsync("/api/deals", Api.JsonBody(LinkageSetup.Deal(producerId: silentId))))
            .ExpectAsync(HttpStatusCode.Created);
        Assert.Empty(_notifier.Sent);
    }
}

/// <summary>Self-registration is limited per client address, so a script cannot fill a department's queue.</summary>
public sealed class RegistrationRateLimitTests : OwnAppTests
{
    protected override OcopApp Configure(OcopApp app) => app.Set("Ocop:RateLimits:RegistrationsPerMinute", "2");

    [Fact]
    public async Task A_third_registration_in_a_minute_from_one_address_gets_429_with_Retry_After()
    {
        var anonymous = App.Client(null);
        for (var i = 0; i < 2; i++)
            await (await anonymous.PostAsync("/api/buyers", Api.JsonBody(LinkageSetup.BuyerBody("Hà Nội"))))
                .ExpectAsync(HttpStatusCode.Created);
        var refused = await anonymous.PostAsync("/api/buyers", Api.JsonBody(LinkageSetup.BuyerBody("Hà Nội")));
        await refused.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(2, (await (await App.Client().GetAsync("/api/buyers")).ExpectAsync(HttpStatusCode.OK))
            ["items"]!.AsArray().Count);
    }
}

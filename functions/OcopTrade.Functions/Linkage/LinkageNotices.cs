using System.Globalization;
using OcopTrade.Functions.Notifications;
using OcopTrade.Functions.Producers;

namespace OcopTrade.Functions.Linkage;

/// <summary>The mails enquiries and deals raise. Only to a recipient with an address, and only what the recipient
/// sees in the portal anyway: the other side's company name, the product, the request or the deal's figures.</summary>
public static class LinkageNotices
{
    public const string ProducerPage = "/portal/enquiries";
    public const string BuyerPage = "/portal/buyer";

    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    public static string KindName(EnquiryKind kind) => kind switch
    {
        EnquiryKind.Sample => "Xin mẫu",
        EnquiryKind.Quote => "Xin báo giá",
        _ => "Đặt hàng thử",
    };

    public static Task EnquiryArrivedAsync(
        INotifier notifier, Enquiry enquiry, Producer producer, CancellationToken cancellationToken) =>
        producer.Email is null ? Task.CompletedTask : notifier.NotifyAsync(new EnquiryArrived(
            $"enquiry|{enquiry.Id}|arrived", producer.Email, producer.LegalName, ProducerPage, enquiry.BuyerName,
            enquiry.ProductName,
            $"{KindName(enquiry.Kind)}, số lượng {enquiry.Quantity.ToString("N0", Vietnamese)}"),
            cancellationToken);

    /// <summary>Asks the side that did not record the deal to confirm it.</summary>
    public static Task DealAwaitingAsync(
        INotifier notifier, Deal deal, string? recipient, string recipientName, CancellationToken cancellationToken)
    {
        if (recipient is null) return Task.CompletedTask;
        var (page, counterparty) = deal.RecordedBy == DealSide.Producer
            ? (BuyerPage, deal.ProducerName) : (ProducerPage, deal.BuyerName);
        return notifier.NotifyAsync(new DealAwaitingConfirmation(
            $"deal|{deal.Id}|awaiting", recipient, recipientName, page, counterparty, deal.ValueVnd, deal.PeriodFrom,
            deal.PeriodTo), cancellationToken);
    }
}

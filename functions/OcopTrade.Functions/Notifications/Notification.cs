using System.Reflection;
using System.Text.Json.Serialization;

namespace OcopTrade.Functions.Notifications;

/// <summary>
/// A message to one person about one thing that waits for them. It carries what the mail says and where it goes,
/// and nothing the recipient could not already see in the portal. Its <see cref="Id"/> names the thing and its
/// moment (e.g. <c>application|{id}|decided</c>), so a notification raised twice, by a retried request or a
/// redelivered message, is mailed once. <see cref="PortalPath"/> is the one link back, relative to the public
/// base URL.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ApplicationDecided), "applicationDecided")]
[JsonDerivedType(typeof(EnquiryArrived), "enquiryArrived")]
[JsonDerivedType(typeof(DealAwaitingConfirmation), "dealAwaitingConfirmation")]
public abstract record Notification(string Id, string Recipient, string RecipientName, string PortalPath);

/// <summary>The department accepted or declined a producer's application to an event.</summary>
public sealed record ApplicationDecided(
    string Id, string Recipient, string RecipientName, string PortalPath,
    string EventName, bool Accepted, string? Reason, string? Stall)
    : Notification(Id, Recipient, RecipientName, PortalPath);

/// <summary>A buyer sent a producer an enquiry (sample, quote, trial order) about one of its products.</summary>
public sealed record EnquiryArrived(
    string Id, string Recipient, string RecipientName, string PortalPath,
    string BuyerName, string ProductName, string Request)
    : Notification(Id, Recipient, RecipientName, PortalPath);

/// <summary>One side recorded a deal; the other side is asked to confirm it.</summary>
public sealed record DealAwaitingConfirmation(
    string Id, string Recipient, string RecipientName, string PortalPath,
    string CounterpartyName, long ValueVnd, DateOnly PeriodFrom, DateOnly PeriodTo)
    : Notification(Id, Recipient, RecipientName, PortalPath);

/// <summary>A notification's kind as its queue message names it ("enquiryArrived"): what logs and rows say of it.
/// </summary>
public static class NotificationKind
{
    public static string Of(Notification notification) =>
        typeof(Notification).GetCustomAttributes<JsonDerivedTypeAttribute>()
            .FirstOrDefault(a => a.DerivedType == notification.GetType())?.TypeDiscriminator?.ToString()
        ?? notification.GetType().Name;
}

using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Linkage;

public enum EnquiryKind { Sample, Quote, TrialOrder }

public enum EnquiryStatus { Open, Answered, Declined }

/// <summary>What a buyer sends about one published product.</summary>
public sealed record EnquiryFields(string? ProductId, EnquiryKind? Kind, int? Quantity, string? Message,
    string? EventId);

/// <summary>The producer's answer: <c>answered</c> (with what it offers) or <c>declined</c>, with text.</summary>
public sealed record EnquiryAnswerFields(EnquiryStatus? Status, string? Text);

/// <summary>A buyer's enquiry to the producer of one product. Names are copied at sending, as the buyer saw them.
/// </summary>
public sealed record Enquiry(
    string Id, string BuyerId, string BuyerName, string ProducerId, string ProducerName, string Province,
    string ProductId, string ProductName, EnquiryKind Kind, int Quantity, string? Message, string? EventId,
    EnquiryStatus Status, string? Answer, DateTimeOffset CreatedAt, DateTimeOffset? AnsweredAt) : IScopedRecord
{
    /// <summary>Its two parties, the department of the producer's province, and an admin.</summary>
    public bool VisibleTo(Caller caller) => caller.Role switch
    {
        Role.Buyer => caller.BuyerId == BuyerId,
        Role.Producer or Role.Department or Role.Admin => caller.Manages(ProducerId, Province),
        _ => false,
    };

    /// <summary>Only the producer addressed answers, and only once.</summary>
    public StateChange<Enquiry> AnswerBy(Caller caller, EnquiryStatus? status, string? text, DateTimeOffset now)
    {
        if (caller.Role != Role.Producer || caller.ProducerId != ProducerId)
            return StateChange<Enquiry>.NotYours("Only the producer the enquiry is addressed to answers it.");
        if (status is not (EnquiryStatus.Answered or EnquiryStatus.Declined))
            return StateChange<Enquiry>.Invalid("status", "Choose one: answered, declined.");
        if (text is null) return StateChange<Enquiry>.Invalid("text", "This field is required.");
        if (Status != EnquiryStatus.Open)
            return StateChange<Enquiry>.Conflict($"The enquiry was already {Status.ToString().ToLowerInvariant()}.");
        return StateChange<Enquiry>.To(this with { Status = status.Value, Answer = text, AnsweredAt = now });
    }
}

public static class EnquiryRules
{
    public const int MaxQuantity = 10_000_000;

    public static EnquiryFields? Validate(EnquiryFields input, FieldErrors errors)
    {
        var productId = errors.Text("productId", input.ProductId, 64, required: true);
        if (input.Kind is null) errors.Add("kind", "Choose one: sample, quote, trialOrder.");
        if (input.Quantity is not (>= 1 and <= MaxQuantity))
            errors.Add("quantity", $"Between 1 and {MaxQuantity:N0} units.");
        var message = errors.Text("message", input.Message, 2000, multiline: true);
        var eventId = EventIds.Read("eventId", input.EventId, errors);
        return errors.Any ? null : new EnquiryFields(productId, input.Kind, input.Quantity, message, eventId);
    }
}

/// <summary>An event named by an enquiry or a deal: the trade-promotion event's id, as its API gives it.</summary>
public static class EventIds
{
    public static string? Read(string field, string? value, FieldErrors errors)
    {
        var id = errors.Text(field, value, 64);
        if (id is null || id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return id;
        errors.Add(field, "An event id is letters, digits, '-' or '_'.");
        return null;
    }
}

/// <summary>Which products a buyer may enquire about: those it can see, published and holding a certificate in force.
/// </summary>
public static class Enquirable
{
    public static bool Product(Products.Product product, DateOnly today) =>
        product.Status == Products.ProductStatus.Published
        && product.CertificateOn(today)?.State is Products.CertificateState.Valid or Products.CertificateState.Expiring;
}

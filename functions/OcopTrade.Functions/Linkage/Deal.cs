using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Linkage;

public enum DealKind { Contract, PurchaseOrder }

public enum DealStatus { AwaitingConfirmation, Confirmed, Disputed }

/// <summary>The two sides of a deal.</summary>
public enum DealSide { Producer, Buyer }

/// <summary>What one side records: the other side's id (<c>buyerId</c> from a producer, <c>producerId</c> from a buyer;
/// taken from the enquiry when one is named), the kind, value, period and the document's reference.</summary>
public sealed record DealFields(
    string? EnquiryId, string? ProducerId, string? BuyerId, DealKind? Kind, long? ValueVnd, DateOnly? PeriodFrom,
    DateOnly? PeriodTo, string? EventId, string? Reference);

/// <summary>The other side's answer: <c>confirmed</c>, or <c>disputed</c> with a reason.</summary>
public sealed record DealDecisionFields(DealStatus? Status, string? Reason);

/// <summary>A signed contract or purchase order between a producer and a buyer. It counts (in linkage figures and
/// the plans' "subjects in linkage") only once the side that did not record it has confirmed it.</summary>
public sealed record Deal(
    string Id, string ProducerId, string ProducerName, string BuyerId, string BuyerName, string Province,
    string? EnquiryId, DealKind Kind, long ValueVnd, DateOnly PeriodFrom, DateOnly PeriodTo, string? EventId,
    string Reference, DealSide RecordedBy, DealStatus Status, string? Reason, DateTimeOffset CreatedAt,
    DateTimeOffset? DecidedAt) : IScopedRecord
{
    public bool VisibleTo(Caller caller) => caller.Role switch
    {
        Role.Buyer => caller.BuyerId == BuyerId,
        Role.Producer or Role.Department or Role.Admin => caller.Manages(ProducerId, Province),
        _ => false,
    };

    /// <summary>Which side of this deal the caller is, if either.</summary>
    public DealSide? SideOf(Caller caller) => caller.Role switch
    {
        Role.Producer when caller.ProducerId == ProducerId => DealSide.Producer,
        Role.Buyer when caller.BuyerId == BuyerId => DealSide.Buyer,
        _ => null,
    };

    public bool Counts => Status == DealStatus.Confirmed;

    /// <summary>Shares at least one day with the period from <paramref name="from"/> to <paramref
    /// name="to"/>.</summary>
    public bool Overlaps(DateOnly from, DateOnly to) => PeriodFrom <= to && PeriodTo >= from;

    /// <summary>The side that did not record the deal confirms or disputes it, once.</summary>
    public StateChange<Deal> DecideBy(DealSide? side, DealStatus? status, string? reason, DateTimeOffset now)
    {
        if (side is null) return StateChange<Deal>.NotYours("Only the two sides of a deal confirm or dispute it.");
        if (side == RecordedBy)
            return StateChange<Deal>.NotYours("The side that recorded a deal cannot confirm it; the other side does.");
        if (status is not (DealStatus.Confirmed or DealStatus.Disputed))
            return StateChange<Deal>.Invalid("status", "Choose one: confirmed, disputed.");
        if (status == DealStatus.Disputed && reason is null)
            return StateChange<Deal>.Invalid("reason", "Say what is wrong with the deal.");
        if (Status != DealStatus.AwaitingConfirmation)
            return StateChange<Deal>.Conflict($"The deal was already {Status.ToString().ToLowerInvariant()}.");
        return StateChange<Deal>.To(this with { Status = status.Value, Reason = reason, DecidedAt = now });
    }
}

public static class DealRules
{
    public const long MaxValueVnd = 10_000_000_000_000;

    /// <summary>Validates what does not depend on storage; the other side's id is checked by whoever records
    /// it.</summary>
    public static DealFields? Validate(DealFields input, FieldErrors errors)
    {
        var enquiryId = errors.Text("enquiryId", input.EnquiryId, 64);
        var producerId = errors.Text("producerId", input.ProducerId, 64);
        var buyerId = errors.Text("buyerId", input.BuyerId, 64);
        if (input.Kind is null) errors.Add("kind", "Choose one: contract, purchaseOrder.");
        if (input.ValueVnd is not (> 0 and <= MaxValueVnd))
            errors.Add("valueVnd", $"A value in whole đồng, above 0 and at most {MaxValueVnd:N0}.");
        ValidatePeriod(input.PeriodFrom, input.PeriodTo, errors);
        var eventId = EventIds.Read("eventId", input.EventId, errors);
        var reference = errors.Text("reference", input.Reference, 100, required: true);
        return errors.Any ? null
            : input with
            {
                EnquiryId = enquiryId,
                ProducerId = producerId,
                BuyerId = buyerId,
                EventId = eventId,
                Reference = reference
            };
    }

    private static void ValidatePeriod(DateOnly? from, DateOnly? to, FieldErrors errors)
    {
        if (from is null) errors.Add("periodFrom", "This field is required (yyyy-MM-dd).");
        if (to is null) errors.Add("periodTo", "This field is required (yyyy-MM-dd).");
        if (from is not { } f || to is not { } t) return;
        if (t < f) errors.Add("periodTo", "The period must end on or after its first day.");
        else if (t > f.AddYears(10)) errors.Add("periodTo", "A deal's period is at most ten years.");
        else if (f.Year < 2015) errors.Add("periodFrom", "Deals from 2015 onwards.");
    }
}

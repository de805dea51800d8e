using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.TradeEvents;

/// <summary>The kinds of trade-promotion event the provincial plans name (seed plans 002 and 004).</summary>
public enum EventKind { Fair, Exhibition, OcopWeek, HonourEvent, BuyerSellerMeeting }

/// <summary>Where an event is held, as the plans count them: in the province, elsewhere in Vietnam, abroad.</summary>
public enum PlaceKind { InProvince, OtherProvince, Abroad }

/// <summary>Planned, then open for applications, then closed; cancelled at any point, keeping everything.</summary>
public enum EventStatus { Planned, Open, Closed, Cancelled }

/// <summary>What the department means the event to achieve; each is optional.</summary>
public sealed record EventTargets(
    int? Producers = null, int? Products = null, long? RevenueVnd = null, int? Deals = null);

/// <summary>What a client sends to create or replace an event. <c>Status</c> moves between planned, open and
/// closed; cancelling is its own request, with a reason.</summary>
public sealed record EventFields(
    EventKind? Kind, string? Name, DateOnly? From, DateOnly? To, PlaceKind? PlaceKind, string? Place, string? Organiser,
    string? Province, int? StallCount, string? Support, EventTargets? Targets, EventStatus? Status);

/// <summary>A trade-promotion event of one province's department. Nothing of it is ever deleted: a cancelled event
/// keeps its fields, its applications and its reason.</summary>
public sealed record TradeEvent(
    string Id, EventKind Kind, string Name, DateOnly From, DateOnly To, PlaceKind PlaceKind, string Place,
    string Organiser, string Province, int StallCount, string? Support, EventTargets Targets, EventStatus Status,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? CancelReason = null, DateTimeOffset? CancelledAt = null)
{
    public const int MaxStalls = 2000;
    public const int MaxDays = 60;

    public static TradeEvent Create(string id, EventFields f, DateTimeOffset now) => new(
        id, f.Kind!.Value, f.Name!, f.From!.Value, f.To!.Value, f.PlaceKind!.Value, f.Place!, f.Organiser!, f.Province!,
        f.StallCount!.Value, f.Support, f.Targets ?? new EventTargets(), f.Status ?? EventStatus.Planned, now, now);

    /// <summary>The event with new fields.</summary>
    public TradeEvent With(EventFields f, DateTimeOffset now) =>
        Create(Id, f, now) with { CreatedAt = CreatedAt };

    /// <summary>Why these fields may not replace the event's, or null: a cancelled event changes no more, and the
    /// stalls cannot shrink below one already assigned.</summary>
    public string? ChangeRefusal(EventFields f, int highestStallAssigned) =>
        Status == EventStatus.Cancelled ? "The event is cancelled; it changes no more."
        : f.StallCount < highestStallAssigned
            ? $"Stall {highestStallAssigned} is assigned already; the event needs at least that many stalls."
        : null;

    /// <summary>Cancelled with a reason; everything else stays as it was.</summary>
    public TradeEvent Cancel(string reason, DateTimeOffset now) =>
        this with { Status = EventStatus.Cancelled, CancelReason = reason, CancelledAt = now, UpdatedAt = now };

    /// <summary>Producers may apply only while the department has the event open.</summary>
    public bool TakesApplications => Status == EventStatus.Open;

    public bool IsHeldOn(DateOnly day) => day >= From && day <= To;

    /// <summary>Admin and the department of the event's province manage it; to them and to the province's producers
    /// (who may apply) it is visible; to anyone else it does not exist.</summary>
    public bool ManagedBy(Caller caller) => caller.Role switch
    {
        Role.Admin => true,
        Role.Department => Provinces.Same(caller.Province, Province),
        _ => false,
    };

    public bool VisibleTo(Caller caller) =>
        ManagedBy(caller) || (caller.Role == Role.Producer && Provinces.Same(caller.Province, Province));
}

public static class EventRules
{
    /// <summary>Validates and normalises every field at once; the clean fields, or null with the errors.</summary>
    public static EventFields? Validate(EventFields input, FieldErrors errors)
    {
        if (input.Kind is null)
            errors.Add("kind", "Choose one: fair, exhibition, ocopWeek, honourEvent, buyerSellerMeeting.");
        var name = errors.Text("name", input.Name, 200, required: true);
        CheckDays(input.From, input.To, errors);
        if (input.PlaceKind is null) errors.Add("placeKind", "Choose one: inProvince, otherProvince, abroad.");
        var place = errors.Text("place", input.Place, 300, required: true);
        var organiser = errors.Text("organiser", input.Organiser, 200, required: true);
        var province = errors.Text("province", input.Province, 100, required: true);
        if (input.StallCount is not (>= 1 and <= TradeEvent.MaxStalls))
            errors.Add("stallCount", $"Between 1 and {TradeEvent.MaxStalls} stalls.");
        var support = errors.Text("support", input.Support, 1000, multiline: true);
        CheckTargets(input.Targets, errors);
        if (input.Status == EventStatus.Cancelled)
            errors.Add("status", "Cancel an event with POST …/cancel and a reason; status is planned, open or closed.");
        return errors.Any ? null : input with
        {
            Name = name,
            Place = place,
            Organiser = organiser,
            Province = province,
            Support = support,
        };
    }

    private static void CheckDays(DateOnly? from, DateOnly? to, FieldErrors errors)
    {
        if (from is null) errors.Add("from", "This field is required (yyyy-MM-dd).");
        if (to is null) errors.Add("to", "This field is required (yyyy-MM-dd).");
        if (from is not { } f || to is not { } t) return;
        if (f.Year is < 2000 or > 2100) errors.Add("from", "Use a date between 2000 and 2100.");
        else if (t < f) errors.Add("to", "The last day cannot be before the first.");
        else if (t.DayNumber - f.DayNumber >= TradeEvent.MaxDays)
            errors.Add("to", $"An event lasts at most {TradeEvent.MaxDays} days.");
    }

    private static void CheckTargets(EventTargets? targets, FieldErrors errors)
    {
        if (targets is null) return;
        if (targets.Producers is < 0 or > 100_000) errors.Add("targets.producers", "Between 0 and 100,000.");
        if (targets.Products is < 0 or > 1_000_000) errors.Add("targets.products", "Between 0 and 1,000,000.");
        if (targets.RevenueVnd is < 0 or > Revenue.Money.EntryCapVnd)
            errors.Add("targets.revenueVnd", "Whole đồng, at most 10,000,000,000,000.");
        if (targets.Deals is < 0 or > 100_000) errors.Add("targets.deals", "Between 0 and 100,000.");
    }

    public static string KindLabel(EventKind kind) => kind switch
    {
        EventKind.Fair => "Hội chợ",
        EventKind.Exhibition => "Triển lãm",
        EventKind.OcopWeek => "Tuần lễ OCOP",
        EventKind.HonourEvent => "Sự kiện tôn vinh",
        _ => "Hội nghị kết nối cung cầu",
    };
}

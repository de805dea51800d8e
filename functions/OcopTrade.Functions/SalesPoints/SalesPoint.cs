using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.SalesPoints;

/// <summary>Where OCOP products are sold: showrooms under Decision 950/QĐ-BCT, supermarkets, convenience stores,
/// fair stalls, tourism sites.</summary>
public enum SalesPointKind { OcopShowroom, Supermarket, ConvenienceStore, FairStall, TourismSite }

public sealed record SalesPointFields(string? Name, SalesPointKind? Kind, string? Province, string? Commune, string? Address);

/// <summary>A sales point. A fair stall made for an accepted event application also names its event and producer,
/// and sells only on the event's days (<see cref="ValidFrom"/>–<see cref="ValidTo"/>, Vietnam's calendar).</summary>
public sealed record SalesPoint(string Id, string Name, SalesPointKind Kind, string Province, string? Commune, string? Address,
    DateTimeOffset CreatedAt, string? EventId = null, string? ProducerId = null, DateOnly? ValidFrom = null,
    DateOnly? ValidTo = null)
{
    /// <summary>Why this sales point may not sell a product of <paramref name="producerId"/> on
    /// <paramref name="today"/>, or null. Only an event's stall is bounded: its producer's products, its days.</summary>
    public string? StallRefusal(string producerId, DateOnly today)
    {
        if (ProducerId is not null && ProducerId != producerId)
            return "This event stall sells only its own producer's products.";
        if (ValidFrom is { } from && today < from || ValidTo is { } to && today > to)
            return $"This event stall sells only on the event's days ({ValidFrom:yyyy-MM-dd} to {ValidTo:yyyy-MM-dd}).";
        return null;
    }

    /// <summary>Admin, the department of its province, and the sales point itself; to anyone else it does not exist.</summary>
    public bool VisibleTo(Access.Caller caller) => caller.Role switch
    {
        Access.Role.Admin => true,
        Access.Role.Department => Access.Provinces.Same(caller.Province, Province),
        Access.Role.SalesPoint => caller.SalesPointId == Id,
        _ => false,
    };
}

public static class SalesPointRules
{
    public static SalesPointFields? Validate(SalesPointFields input, FieldErrors errors)
    {
        var name = errors.Text("name", input.Name, 200, required: true);
        if (input.Kind is null) errors.Add("kind", "Choose one: ocopShowroom, supermarket, convenienceStore, fairStall, tourismSite.");
        var province = errors.Text("province", input.Province, 100, required: true);
        var commune = errors.Text("commune", input.Commune, 100);
        var address = errors.Text("address", input.Address, 300);
        return errors.Any ? null : new SalesPointFields(name, input.Kind, province, commune, address);
    }
}

public enum ScanKind { Verify, Sale }

/// <summary>A sales point's scan: verify a code, or record a sale of it. <c>Id</c> is the client's own id, so a
/// sale sent twice over a bad connection is recorded once.</summary>
public sealed record ScanRequest(string? Id, string? Code, ScanKind? Kind, long? Quantity, long? UnitPrice);

public sealed record ScanAnswer(
    bool Genuine, string? Reason, string? ProductName, string? ProducerName, Products.CertificateState? CertificateState,
    string? LotNumber, SaleRecord? Sale, bool DoNotSell = false, Traceability.LotNotice? Lot = null);

/// <summary>A sale as recorded. <c>Province</c> is the producer's: the sale counts in that province's revenue, and
/// that province's department reviews it when it is <see cref="SaleStatus.Held"/>.</summary>
public sealed record SaleRecord(
    string Id, string SalesPointId, string ProductId, string ProducerId, string Province, string TraceCode, long Quantity,
    long UnitPriceVnd, long AmountVnd, string Month, DateTimeOffset At, SaleStatus Status = SaleStatus.Counted,
    string? HoldReason = null, long? ListingPriceVnd = null, string? ReviewedBy = null, DateTimeOffset? ReviewedAt = null);

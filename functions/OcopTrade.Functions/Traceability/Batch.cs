using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Traceability;

/// <summary>What a producer sends for a production lot.</summary>
public sealed record BatchFields(
    string? LotNumber, DateOnly? ProductionDate, DateOnly? BestBefore, long? Quantity,
    string? OriginArea, string? OriginCommune, string? Notes);

public sealed record Batch(
    string Id, string ProductId, string LotNumber, DateOnly ProductionDate, DateOnly BestBefore, long Quantity,
    string? OriginArea, string? OriginCommune, string? Notes, string TraceCode, DateTimeOffset CreatedAt);

public static class BatchRules
{
    public const long MaxQuantity = 10_000_000;

    public static BatchFields? Validate(BatchFields input, DateOnly today, FieldErrors errors)
    {
        // GS1 AI (10) allows up to 20 characters. A lot is the producer's own text ("Lô 5", "A/B"): the label's link
        // percent-encodes it (TraceLink) and the file name keeps only its letters and digits (LabelFileName).
        var lot = errors.Text("lotNumber", input.LotNumber, 20, required: true);
        if (input.ProductionDate is not { } made) errors.Add("productionDate", "This field is required (yyyy-MM-dd).");
        else if (made > today) errors.Add("productionDate", "The production date cannot be in the future.");
        if (input.BestBefore is not { } until) errors.Add("bestBefore", "This field is required (yyyy-MM-dd).");
        else if (input.ProductionDate is { } p && until <= p) errors.Add("bestBefore", "Best-before must come after the production date.");
        else if (input.ProductionDate is { } p2 && until > p2.AddYears(10)) errors.Add("bestBefore", "Best-before is more than 10 years after production.");
        if (input.Quantity is not { } quantity) errors.Add("quantity", "This field is required.");
        else if (quantity is < 1 or > MaxQuantity) errors.Add("quantity", $"Between 1 and {MaxQuantity:N0} units.");
        var area = errors.Text("originArea", input.OriginArea, 300);
        var commune = errors.Text("originCommune", input.OriginCommune, 100);
        var notes = errors.Text("notes", input.Notes, 1000, multiline: true);
        return errors.Any ? null : new BatchFields(lot, input.ProductionDate, input.BestBefore, input.Quantity, area, commune, notes);
    }
}

namespace OcopTrade.Functions.Traceability;

/// <summary>Whether a product's lots still leave something to sell: the marketplace jobs ask before they list it,
/// so a product whose every lot is held or recalled comes down and stays down until a lot is cleared.</summary>
public sealed class LotAvailability(BatchStore batches, LotStatusStore statuses)
{
    public async Task<bool> WithdrawnAsync(string productId, DateOnly today, CancellationToken ct)
    {
        var standings = await statuses.ForProductAsync(productId, ct);
        if (standings.Count == 0) return false; // no lot ever held: nothing to read further
        var lots = await batches.ListAsync(productId, ct);
        return LotStatus.WithdrawsProduct(
            lots.Select(b => (standings.GetValueOrDefault(b.Id, LotStatus.OnSale).State, b.BestBefore)), today);
    }
}

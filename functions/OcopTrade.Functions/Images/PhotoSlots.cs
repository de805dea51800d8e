using Azure;
using Azure.Data.Tables;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Images;

/// <summary>The per-product photo cap, held under parallel uploads. Counting photos and then storing one lets every
/// upload that counted at the same moment through; instead each photo first inserts a slot row numbered below the
/// cap (partition = product), and an insert fails when its number is taken, so there are never more slots than the
/// cap allows. A photo's slot goes when the photo does; a slot whose upload died before its record was written is
/// taken back once it is old enough that no upload can still be writing it. Photos stored before slots existed
/// hold numbers at the top of the range, so they count too.</summary>
public sealed class PhotoSlots(TableServiceClient tables, ImageLimits limits, TimeProvider clock)
{
    private static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(15);
    private readonly TableClient _table = tables.GetTableClient(StorageNames.PhotoSlotsTable);

    private sealed record Slot(int Number, string ImageId, DateTimeOffset At, ETag ETag);

    /// <summary>Takes a free slot for <paramref name="imageId"/>; false when the product has all its photos.</summary>
    public async Task<bool> TryReserveAsync(string productId, string imageId, IReadOnlyList<ProductImage> photos, CancellationToken cancellationToken)
    {
        while (true)
        {
            var slots = await ReadAsync(productId, cancellationToken);
            var slotted = slots.Select(s => s.ImageId).ToHashSet();
            var range = limits.MaxPerProduct - photos.Count(p => !slotted.Contains(p.Id));
            var held = new HashSet<int>();
            foreach (var slot in slots)
                if (!await TryTakeBackAsync(productId, slot, photos, cancellationToken)) held.Add(slot.Number);
            var free = Enumerable.Range(0, Math.Max(0, range)).Where(n => !held.Contains(n)).ToList();
            if (free.Count == 0) return false;
            // A random free number, so parallel uploads rarely aim at the same one.
            var number = free[Random.Shared.Next(free.Count)];
            try
            {
                await _table.AddEntityAsync(new TableEntity(productId, Key(number)) { ["ImageId"] = imageId, ["At"] = clock.GetUtcNow() },
                    cancellationToken);
                return true;
            }
            catch (RequestFailedException e) when (e.Status == 409) { /* another upload took it: look again */ }
        }
    }

    /// <summary>Frees the slot of a photo that was not stored after all, or was deleted.</summary>
    public async Task ReleaseAsync(string productId, string imageId, CancellationToken cancellationToken)
    {
        foreach (var slot in await ReadAsync(productId, cancellationToken))
            if (slot.ImageId == imageId)
                try { await _table.DeleteEntityAsync(productId, Key(slot.Number), slot.ETag, cancellationToken); }
                catch (RequestFailedException e) when (e.Status is 404 or 412) { }
    }

    /// <summary>True when the slot belonged to an upload that died before writing its record (and is now free).</summary>
    private async Task<bool> TryTakeBackAsync(string productId, Slot slot, IReadOnlyList<ProductImage> photos, CancellationToken cancellationToken)
    {
        if (clock.GetUtcNow() - slot.At < Abandoned || photos.Any(p => p.Id == slot.ImageId)) return false;
        try { await _table.DeleteEntityAsync(productId, Key(slot.Number), slot.ETag, cancellationToken); }
        catch (RequestFailedException e) when (e.Status is 404 or 412) { return false; }
        return true;
    }

    private async Task<List<Slot>> ReadAsync(string productId, CancellationToken cancellationToken)
    {
        var slots = new List<Slot>();
        await foreach (var e in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {productId}"), cancellationToken: cancellationToken))
            slots.Add(new Slot(int.Parse(e.RowKey, System.Globalization.CultureInfo.InvariantCulture), e.GetString("ImageId"),
                e.GetDateTimeOffset("At") ?? default, e.ETag));
        return slots;
    }

    private static string Key(int number) => number.ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
}

using Azure;
using Azure.Data.Tables;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.SalesPoints;

public enum SaleOutcome { Recorded, Replayed, IdReused, ExceedsLot }

public sealed record SaleWrite(SaleOutcome Outcome, SaleRecord? Sale = null, long Remaining = 0);

/// <summary>The sales table holds three kinds of partition. A sales point's own (its id): its sales, keyed by the
/// client's id, so the department sees who recorded what. A lot's (<c>lot|{trace code}</c>): the lot's tally and one
/// claim per sale, written in one transaction guarded by the tally's ETag, so two tills selling a lot's last units
/// cannot both succeed and a resent sale finds its claim instead of counting twice; the claim is the truth of a
/// sale's status. And <c>held</c>: a copy of each sale waiting for review, so a department's list is one query.</summary>
public sealed class SaleLedger(TableServiceClient service, TimeProvider clock)
{
    private const string Fingerprint = "RequestFingerprint";
    private const string TallyRow = "";
    private const string HeldPartition = "held";
    private readonly TableClient _sales = service.GetTableClient(StorageNames.SalesTable);

    public async Task<(SaleRecord Sale, string Fingerprint)?> FindAsync(string salesPointId, string saleId, CancellationToken cancellationToken)
    {
        if (!Ids.LooksValid(salesPointId) || saleId.Length is 0 or > 64) return null;
        var found = await _sales.GetEntityIfExistsAsync<TableEntity>(salesPointId, saleId, cancellationToken: cancellationToken);
        return found.HasValue ? (ToSale(found.Value!), found.Value!.GetString(Fingerprint)) : null;
    }

    /// <summary>Claims the units from the lot, then writes the sale (and its review copy when held). A sale sent
    /// again after a crash between the two finds its claim and completes the write without counting again. The
    /// caller has looked for the sale first (<see cref="FindAsync"/>); two copies racing meet at the claim.</summary>
    public async Task<SaleWrite> RecordAsync(SaleRecord sale, long lotQuantity, string fingerprint, CancellationToken cancellationToken)
    {
        var claim = await ClaimAsync(sale, lotQuantity, fingerprint, cancellationToken);
        if (claim.Outcome is not SaleOutcome.Recorded) return claim;
        var decided = claim.Sale!;
        if (decided.Status == SaleStatus.Held)
            await _sales.UpsertEntityAsync(HeldCopy(decided), TableUpdateMode.Replace, cancellationToken);
        var (stored, _, created, same) = await IdempotentInsert.AddAsync(_sales, ToEntity(decided), fingerprint, cancellationToken);
        var outcome = !same ? SaleOutcome.IdReused : created ? SaleOutcome.Recorded : SaleOutcome.Replayed;
        return new SaleWrite(outcome, ToSale(stored), claim.Remaining);
    }

    private async Task<SaleWrite> ClaimAsync(SaleRecord sale, long lotQuantity, string fingerprint, CancellationToken cancellationToken)
    {
        var lot = LotPartition(sale.TraceCode);
        while (true)
        {
            var read = await _sales.GetEntityIfExistsAsync<TableEntity>(lot, TallyRow, cancellationToken: cancellationToken);
            var tally = new LotTally(lotQuantity, read.HasValue ? read.Value!.GetInt64("Sold") ?? 0 : 0);
            if (!tally.Allows(sale.Quantity))
                return await ExistingClaimAsync(sale, fingerprint, cancellationToken) ?? new SaleWrite(SaleOutcome.ExceedsLot, Remaining: tally.Remaining);
            var next = new TableEntity(lot, TallyRow) { ["Sold"] = tally.After(sale.Quantity).Sold };
            TableTransactionAction[] actions =
            [
                read.HasValue ? new(TableTransactionActionType.UpdateReplace, next, read.Value!.ETag) : new(TableTransactionActionType.Add, next),
                new(TableTransactionActionType.Add, ClaimRow(sale, fingerprint)),
            ];
            try
            {
                await _sales.SubmitTransactionAsync(actions, cancellationToken);
                return new SaleWrite(SaleOutcome.Recorded, sale, tally.After(sale.Quantity).Remaining);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Either this sale was claimed already (a resend), or another till moved the tally first: read again.
                if (await ExistingClaimAsync(sale, fingerprint, cancellationToken) is { } existing) return existing;
            }
        }
    }

    /// <summary>A claim made by an earlier attempt of this sale: its status was decided then and stays.</summary>
    private async Task<SaleWrite?> ExistingClaimAsync(SaleRecord sale, string fingerprint, CancellationToken cancellationToken)
    {
        var claim = await _sales.GetEntityIfExistsAsync<TableEntity>(LotPartition(sale.TraceCode), ClaimKey(sale), cancellationToken: cancellationToken);
        if (!claim.HasValue) return null;
        if (claim.Value!.GetString(Fingerprint) != fingerprint) return new SaleWrite(SaleOutcome.IdReused);
        var status = Enum.Parse<SaleStatus>(claim.Value.GetString("Status"));
        return new SaleWrite(SaleOutcome.Recorded, sale with { Status = status, HoldReason = claim.Value.GetString("HoldReason") });
    }

    /// <summary>Moves a held sale to <paramref name="to"/> (counted or rejected) on its claim; a rejected sale gives
    /// its units back to the lot in the same transaction. Settling it the same way again only repeats the mirror
    /// writes (a retry after a crash); null when the sale was already settled the other way.</summary>
    public async Task<SaleRecord?> SettleAsync(SaleRecord sale, SaleStatus to, string reviewer, CancellationToken cancellationToken)
    {
        if (sale.Status == to) return sale;
        var lot = LotPartition(sale.TraceCode);
        while (true)
        {
            var read = await _sales.GetEntityIfExistsAsync<TableEntity>(lot, ClaimKey(sale), cancellationToken: cancellationToken);
            if (!read.HasValue) return null; // a sale from before claims: it was counted, and stays so
            var claim = read.Value!;
            var status = Enum.Parse<SaleStatus>(claim.GetString("Status"));
            if (status == to) break;
            if (status != SaleStatus.Held) return null;
            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.UpdateMerge, new TableEntity(lot, claim.RowKey) { ["Status"] = to.ToString() }, claim.ETag),
            };
            if (to == SaleStatus.Rejected) actions.Add(await GiveBackAsync(lot, sale.Quantity, cancellationToken));
            try
            {
                await _sales.SubmitTransactionAsync(actions, cancellationToken);
                break;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412) { /* settled or sold meanwhile: read again */ }
        }
        var settled = sale with { Status = to, ReviewedBy = reviewer, ReviewedAt = clock.GetUtcNow() };
        await _sales.UpdateEntityAsync(ToEntity(settled), ETag.All, TableUpdateMode.Merge, cancellationToken);
        return settled;
    }

    private async Task<TableTransactionAction> GiveBackAsync(string lot, long quantity, CancellationToken cancellationToken)
    {
        var tally = (await _sales.GetEntityAsync<TableEntity>(lot, TallyRow, cancellationToken: cancellationToken)).Value;
        var sold = Math.Max(0, (tally.GetInt64("Sold") ?? 0) - quantity);
        return new(TableTransactionActionType.UpdateReplace, new TableEntity(lot, TallyRow) { ["Sold"] = sold }, tally.ETag);
    }

    /// <summary>Takes a settled sale off the review list: last, so a crash before it leaves the sale listed for a retry.</summary>
    public async Task UnlistHeldAsync(SaleRecord sale, CancellationToken cancellationToken)
    {
        try { await _sales.DeleteEntityAsync(HeldPartition, HeldKey(sale), ETag.All, cancellationToken); }
        catch (RequestFailedException e) when (e.Status == 404) { /* never held, or unlisted by an earlier attempt */ }
    }

    /// <summary>What one sales point recorded, every status, a page at a time.</summary>
    public Task<ItemPage<SaleRecord>> ListAsync(string salesPointId, string? continuation, int pageSize, CancellationToken cancellationToken) =>
        PageAsync(TableClient.CreateQueryFilter($"PartitionKey eq {salesPointId}"), continuation, pageSize, cancellationToken);

    /// <summary>Sales recorded in [<paramref name="from"/>, <paramref name="to"/>), every sales point, a page at a
    /// time (review copies are left out: each sale is read once, from its sales point's partition).</summary>
    public Task<ItemPage<SaleRecord>> BetweenAsync(
        DateTimeOffset from, DateTimeOffset to, string? continuation, int pageSize,
        CancellationToken cancellationToken) =>
        PageAsync(TableClient.CreateQueryFilter($"At ge {from} and At lt {to} and PartitionKey ne {HeldPartition}"),
            continuation, pageSize, cancellationToken);

    /// <summary>Sales waiting for review: a department's are those of its province's producers.</summary>
    public async Task<ItemPage<SaleRecord>> ListHeldAsync(Caller caller, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {HeldPartition}");
        if (caller.Role == Role.Department) filter += " and " + TableClient.CreateQueryFilter($"ProvinceKey eq {Provinces.Key(caller.Province!)}");
        return await PageAsync(filter, continuation, pageSize, cancellationToken);
    }

    private async Task<ItemPage<SaleRecord>> PageAsync(string filter, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        await foreach (var page in _sales.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: cancellationToken).AsPages(continuation, pageSize))
            return new ItemPage<SaleRecord>(page.Values.Select(ToSale).ToList(), page.ContinuationToken);
        return new ItemPage<SaleRecord>([], null);
    }

    private static string LotPartition(string traceCode) => "lot|" + traceCode;

    private static string ClaimKey(SaleRecord sale) => $"sale|{sale.SalesPointId}|{sale.Id}";

    private static string HeldKey(SaleRecord sale) => $"{sale.SalesPointId}|{sale.Id}";

    private static TableEntity ClaimRow(SaleRecord sale, string fingerprint) => new(LotPartition(sale.TraceCode), ClaimKey(sale))
    {
        ["Quantity"] = sale.Quantity, ["Status"] = sale.Status.ToString(), ["HoldReason"] = sale.HoldReason, [Fingerprint] = fingerprint,
    };

    private static TableEntity HeldCopy(SaleRecord sale)
    {
        var copy = ToEntity(sale);
        copy.PartitionKey = HeldPartition;
        copy.RowKey = HeldKey(sale);
        copy["SalesPointId"] = sale.SalesPointId;
        copy["SaleId"] = sale.Id;
        copy["ProvinceKey"] = Provinces.Key(sale.Province);
        return copy;
    }

    private static TableEntity ToEntity(SaleRecord sale) => new(sale.SalesPointId, sale.Id)
    {
        ["ProductId"] = sale.ProductId, ["ProducerId"] = sale.ProducerId, ["Province"] = sale.Province, ["TraceCode"] = sale.TraceCode,
        ["Quantity"] = sale.Quantity, ["UnitPriceVnd"] = sale.UnitPriceVnd, ["AmountVnd"] = sale.AmountVnd, ["Month"] = sale.Month,
        ["At"] = sale.At, ["Status"] = sale.Status.ToString(), ["HoldReason"] = sale.HoldReason, ["ListingPriceVnd"] = sale.ListingPriceVnd,
        ["ReviewedBy"] = sale.ReviewedBy, ["ReviewedAt"] = sale.ReviewedAt,
    };

    /// <summary>Sales written before statuses existed were all counted.</summary>
    private static SaleRecord ToSale(TableEntity e) => new(
        e.GetString("SaleId") ?? e.RowKey, e.GetString("SalesPointId") ?? e.PartitionKey, e.GetString("ProductId"), e.GetString("ProducerId"),
        e.GetString("Province"), e.GetString("TraceCode"), e.GetInt64("Quantity")!.Value, e.GetInt64("UnitPriceVnd")!.Value,
        e.GetInt64("AmountVnd")!.Value, e.GetString("Month"), e.GetDateTimeOffset("At")!.Value,
        Enum.TryParse<SaleStatus>(e.GetString("Status"), out var status) ? status : SaleStatus.Counted,
        e.GetString("HoldReason"), e.GetInt64("ListingPriceVnd"), e.GetString("ReviewedBy"), e.GetDateTimeOffset("ReviewedAt"));
}

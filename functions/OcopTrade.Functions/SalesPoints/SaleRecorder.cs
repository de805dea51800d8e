using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Products;
using OcopTrade.Functions.Traceability;

namespace OcopTrade.Functions.SalesPoints;

/// <summary>What recording a sale came to: the sale (new or resent), or the problem that refused it.</summary>
public sealed record SaleResult(SaleRecord? Sale, bool Created = false, ProblemHttpResult? Problem = null);

/// <summary>Records a till's sale within the business bounds (a product on sale, no more than the lot has left, a
/// price near the listing's or else held for review) and carries counted sales into the producer's revenue.</summary>
public sealed class SaleRecorder(
    SaleLedger ledger, SalesPointStore points, ProductStore products, Revenue.RevenueStore revenue, PriceBand band,
    LotStatusStore lots, ProductStock stock, TimeProvider clock)
{
    public async Task<SaleResult> SellAsync(string salesPointId, ScanRequest body, Batch batch, CancellationToken cancellationToken)
    {
        var fingerprint = Ids.Fingerprint(body with { Code = batch.TraceCode });
        // A resend returns the sale as it was recorded, even if the listing has changed since.
        if (await ledger.FindAsync(salesPointId, body.Id!, cancellationToken) is { } earlier)
            return earlier.Fingerprint == fingerprint ? await CountAsync(earlier.Sale, false, cancellationToken) : IdReused();
        // Read afresh, not from the trace cache: a hold, a recall or a suspension must stop sales at once.
        var (lot, _) = await lots.FindAsync(batch.ProductId, batch.Id, cancellationToken);
        if (!lot.Sellable) return DoNotSell(lot);
        if (await products.FindAsync(batch.ProductId, cancellationToken) is not { } current) return Refused("The product is no longer listed.");
        var today = CertificateValidity.TodayInVietnam(clock);
        if (SaleRules.Refusal(current.Product, today) is { } why) return Refused(why);
        if (await points.FindAsync(salesPointId, cancellationToken) is { } point
            && point.StallRefusal(current.Product.ProducerId, today) is { } outOfStall) return NotAtThisStall(outOfStall);
        var sale = NewSale(salesPointId, body, batch, current.Product);
        if (!await revenue.MonthHasRoomAsync(sale.ProducerId, sale.Month, sale.AmountVnd, cancellationToken)) return OverMonthCap();
        var write = await ledger.RecordAsync(sale, batch.Quantity, fingerprint, cancellationToken);
        return write.Outcome switch
        {
            SaleOutcome.IdReused => IdReused(),
            SaleOutcome.ExceedsLot => Exceeds(write.Remaining, batch.Quantity),
            _ => await SoldAsync(write, cancellationToken),
        };
    }

    /// <summary>A new sale also comes off the product's one stock figure, which re-syncs its marketplace
    /// listings.</summary>
    private async Task<SaleResult> SoldAsync(SaleWrite write, CancellationToken cancellationToken)
    {
        var created = write.Outcome == SaleOutcome.Recorded;
        if (created) await stock.LowerAsync(write.Sale!.ProductId, (int)Math.Min(write.Sale.Quantity, int.MaxValue),
            cancellationToken);
        return await CountAsync(write.Sale!, created, cancellationToken);
    }

    /// <summary>The department approves a held sale: from then on it counts in the producer's revenue.</summary>
    public async Task<SaleRecord?> ApproveAsync(SaleRecord sale, string reviewer, CancellationToken cancellationToken)
    {
        if (await ledger.SettleAsync(sale, SaleStatus.Counted, reviewer, cancellationToken) is not { } approved) return null;
        await CountInRevenueAsync(approved, cancellationToken);
        await ledger.UnlistHeldAsync(approved, cancellationToken);
        return approved;
    }

    /// <summary>The department rejects a held sale: it never counts, and its units go back to the lot.</summary>
    public async Task<SaleRecord?> RejectAsync(SaleRecord sale, string reviewer, CancellationToken cancellationToken)
    {
        if (await ledger.SettleAsync(sale, SaleStatus.Rejected, reviewer, cancellationToken) is not { } rejected) return null;
        await ledger.UnlistHeldAsync(rejected, cancellationToken);
        return rejected;
    }

    private SaleRecord NewSale(string salesPointId, ScanRequest body, Batch batch, Product product)
    {
        var now = clock.GetUtcNow();
        var (quantity, unitPrice) = (body.Quantity!.Value, body.UnitPrice!.Value);
        var hold = band.HoldReason(unitPrice, product.Fields.PriceVnd);
        return new SaleRecord(body.Id!, salesPointId, product.Id, product.ProducerId, product.Province, batch.TraceCode, quantity,
            unitPrice, checked(quantity * unitPrice), now.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM", CultureInfo.InvariantCulture), now,
            hold is null ? SaleStatus.Counted : SaleStatus.Held, hold, product.Fields.PriceVnd);
    }

    private async Task<SaleResult> CountAsync(SaleRecord sale, bool created, CancellationToken cancellationToken)
    {
        // Also on a resend: a crash between the sale and its revenue entry is completed by the till's retry.
        if (sale.Status == SaleStatus.Counted) await CountInRevenueAsync(sale, cancellationToken);
        return new SaleResult(sale, created);
    }

    /// <summary>The sale's revenue entry, under the sales point's channel. Its id is derived from the sale's, so a
    /// resent sale, a repeated approval or a retry after a crash lands on the same entry.</summary>
    private async Task CountInRevenueAsync(SaleRecord sale, CancellationToken cancellationToken)
    {
        if (await points.FindAsync(sale.SalesPointId, cancellationToken) is not { } point) return;
        await revenue.RecordAsync(new Revenue.RevenueFields(
            $"sp-{point.Id}-{sale.Id}", sale.ProducerId, sale.ProductId, SalesPointEndpoints.ChannelOf(point.Kind), null, sale.Month,
            sale.AmountVnd, sale.Quantity, null, null, "Bán tại " + point.Name), sale.Province, "salesPoint:" + point.Id, cancellationToken,
            point.EventId);
    }

    /// <summary>An event stall sells its own producer's products on the event's days; nothing else is recorded.</summary>
    private static SaleResult NotAtThisStall(string why) => new(null, Problem: Problems.Unprocessable(
        "Gian hàng sự kiện không được bán sản phẩm này lúc này", "This sale may not be recorded at this stall: " + why,
        new Dictionary<string, string[]> { ["code"] = [why] }));

    private static SaleResult Refused(string why) => new(null, Problem: Problems.Unprocessable("Sản phẩm không được phép bán",
        "This product may not be sold now: " + why, new Dictionary<string, string[]> { ["code"] = [why] }));

    /// <summary>409: the lot's state, not the request, forbids the sale; nothing is recorded.</summary>
    private static SaleResult DoNotSell(LotStatus lot) => new(null, Problem: TypedResults.Problem(
        new Microsoft.AspNetCore.Mvc.ValidationProblemDetails(
            new Dictionary<string, string[]> { ["code"] = [$"{lot.Notice} Lý do: {lot.Reason}"] })
        {
            Status = StatusCodes.Status409Conflict,
            Title = lot.State == LotState.Recall ? "Không được bán: lô hàng đã bị thu hồi"
                : "Không được bán: lô hàng đang bị tạm dừng lưu thông",
            Detail = $"This lot is {(lot.State == LotState.Recall ? "recalled" : "on hold")} since {lot.Since:u}; " +
                "no sale of it may be recorded.",
            Type = "https://ocoptrade.vn/problems/lot-withdrawn",
        }));

    /// <summary>A sale feeds revenue: one that would take the producer's month past the cap is refused before anything
    /// of it is written.</summary>
    private static SaleResult OverMonthCap() => new(null, Problem: Problems.Unprocessable("Doanh thu tháng vượt mức trần",
        "This sale would take the producer's revenue for the month past the cap; nothing was recorded.",
        new Dictionary<string, string[]> { ["quantity"] = [Revenue.RevenueStore.Reason(Revenue.RecordOutcome.OverMonthCap)] }));

    private static SaleResult IdReused() => new(null, Problem: Problems.Unprocessable("Mã giao dịch đã được dùng",
        "This scan id was already used for a different sale.", new Dictionary<string, string[]> { ["id"] = ["Already used for another sale."] }));

    private static SaleResult Exceeds(long remaining, long lot) => new(null, Problem: Problems.Unprocessable("Vượt quá số lượng của lô",
        $"The lot had {lot:N0} units and {remaining:N0} are left unsold; a sale cannot take more.",
        new Dictionary<string, string[]> { ["quantity"] = [$"At most {remaining:N0} (what is left of this lot)."] }));
}

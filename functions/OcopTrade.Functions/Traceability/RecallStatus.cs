using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Traceability;

/// <summary>A lift as the public reads it: when, why, and whether the producer or the department lifted it.</summary>
public sealed record RecallLift(DateTimeOffset At, string Reason, Role By);

/// <summary>The answer behind a label's <c>gs1:recallStatus</c> link: public, for shoppers' apps and
/// retailers.</summary>
public sealed record RecallStatusView(
    string Gtin, string Lot, LotState Status, string? Reason, DateTimeOffset? Since, Role? IssuedBy, string? Notice,
    RecallLift? Lifted);

/// <summary><c>GET /api/recall-status?gtin={gtin14}&amp;lot={lot}</c>. A lot is found by its product's GTIN (any
/// of its 8/12/13/14-digit forms) and its lot number; when several lots of a product share the number, the most
/// serious standing answers.</summary>
public sealed class RecallStatus(TableServiceClient service, BatchStore batches, LotStatusStore statuses)
{
    private readonly TableClient _products = service.GetTableClient(StorageNames.ProductsTable);

    public static IEndpointRouteBuilder MapRecallStatus(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/recall-status", async Task<Results<Ok<RecallStatusView>, ProblemHttpResult>> (
                string? gtin, string? lot, RecallStatus recalls, CancellationToken ct) =>
            {
                var errors = new FieldErrors();
                if (!Gtin.IsValid(gtin)) errors.Add("gtin", "A GTIN-8, -12, -13 or -14 with its check digit.");
                var lotNumber = errors.Text("lot", lot, 20, required: true);
                if (errors.Any) return Problems.Invalid(errors.ToDictionary());
                return await recalls.FindAsync(Gtin.ToGtin14(gtin!), lotNumber!, ct) is { } found
                    ? TypedResults.Ok(found)
                    : Problems.Problem(404, "Không tìm thấy lô hàng", "No lot with this GTIN and lot number.",
                        "not-found");
            })
            .RequireRateLimiting(RateLimits.PublicPages).WithTags("Lot recalls and holds")
            .WithSummary("Whether a lot is held or recalled (public; the label's gs1:recallStatus link).")
            .Produces<RecallStatusView>(200).ProducesProblem(400).ProducesProblem(404);
        return app;
    }

    public async Task<RecallStatusView?> FindAsync(string gtin14, string lot, CancellationToken ct)
    {
        var found = new List<LotStatus>();
        await foreach (var productId in ProductsWithGtinAsync(gtin14, ct))
        {
            var lots = (await batches.ListAsync(productId, ct)).Where(b => Gs1Lot.Names(lot, b.LotNumber)).ToList();
            if (lots.Count == 0) continue;
            var standings = await statuses.ForProductAsync(productId, ct);
            found.AddRange(lots.Select(b => standings.GetValueOrDefault(b.Id, LotStatus.OnSale)));
        }
        if (found.Count == 0) return null;
        var s = found.OrderByDescending(x => x.State).ThenByDescending(x => x.Lifted is not null).First();
        var lifted = s.Lifted is { } l ? new RecallLift(l.At, l.Reason, l.Actor.Role) : null;
        return new RecallStatusView(gtin14, lot, s.State, s.Reason, s.Since, s.By?.Role, s.Notice, lifted);
    }

    /// <summary>Every product, published or not, whose GTIN is a form of this GTIN-14.</summary>
    private async IAsyncEnumerable<string> ProductsWithGtinAsync(
        string gtin14, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var rows = _products.QueryAsync<TableEntity>(
            Resolver.GtinProducts.Filter(gtin14), select: ["PartitionKey"], cancellationToken: ct);
        await foreach (var e in rows)
            yield return e.PartitionKey;
    }
}

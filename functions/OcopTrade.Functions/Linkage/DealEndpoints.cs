using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Buyers;
using OcopTrade.Functions.Notifications;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Platform.Contract;
using OcopTrade.Functions.Producers;
using OcopTrade.Functions.TradeEvents;

namespace OcopTrade.Functions.Linkage;

/// <summary>Deals recorded by one side and confirmed or disputed by the other.</summary>
public static class DealEndpoints
{
    private sealed record Parties(Producer Producer, Buyer Buyer, string? EnquiryId);

    public static RouteGroupBuilder MapDeals(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/deals").WithTags("Deals").RequireAuthorization(AccessEndpoints.AnyCallerPolicy);
        group.MapPost("/", RecordAsync).Accepts<DealFields>("application/json").ProducesProblem(422)
            .WithSummary("Record a deal (contract or purchase order) with the other side, who is asked to confirm " +
                "it. " +
                "Honours Idempotency-Key.");
        RecordEndpoints.MapReads<Deal, DealStatus, DealStore>(group, "deal",
            "List deals: a producer's or a buyer's own, a department's with producers of its province.",
            "Read one deal (its two sides and their department).");
        group.MapPost("/{id}/decision", (string id, HttpRequest request, DealStore store, TimeProvider clock,
                CancellationToken cancellationToken) =>
                RecordEndpoints.ChangeAsync<Deal, DealDecisionFields>(id, request, store, "deal", ("reason", 500),
                    b => b.Reason, (deal, caller, b, reason) => deal.DecideBy(deal.SideOf(caller), b.Status, reason,
                        clock.GetUtcNow()), cancellationToken))
            .Accepts<DealDecisionFields>("application/json").RequiresIfMatch()
            .ProducesProblem(409)
            .WithSummary("Confirm or dispute a deal the other side recorded, once; needs If-Match.");
        return group;
    }

    private static async Task<Results<Created<Deal>, Ok<Deal>, ProblemHttpResult>> RecordAsync(
        HttpRequest request, HttpResponse response, DealStore store, EnquiryStore enquiries, BuyerStore buyers,
        ProducerStore producers, EventStore events, INotifier notifier, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(request.HttpContext.User);
        if (caller.Role is not (Role.Producer or Role.Buyer))
            return Problems.Forbidden("Only a producer or a verified buyer records a deal.");
        var (idempotencyKey, keyProblem) = IdempotencyKey.Read(request);
        if (keyProblem is not null) return keyProblem;
        var (body, problem) = await JsonBody.ReadAsync<DealFields>(request, cancellationToken);
        if (problem is not null) return problem;
        var errors = new FieldErrors();
        var fields = DealRules.Validate(body!, errors);
        if (fields is null) return Problems.Invalid(errors.ToDictionary());
        if (caller.Role == Role.Buyer && await EnquiryEndpoints.VerifiedBuyerAsync(caller, buyers,
            cancellationToken) is null)
            return Problems.Forbidden("Your registration as a buyer is not verified.");

        var (parties, partiesProblem) = await PartiesAsync(caller, fields, enquiries, buyers, producers,
            cancellationToken);
        if (partiesProblem is not null) return partiesProblem;
        if (await EventLinks.CheckAsync(fields.EventId, parties!.Producer.Province, events, cancellationToken) is { } noEvent)
            return noEvent;
        var side = caller.Role == Role.Producer ? DealSide.Producer : DealSide.Buyer;
        var id = idempotencyKey is null ? Ids.New()
            : Ids.FromIdempotencyKey($"deal|{side}|{caller.ProducerId ?? caller.BuyerId}", idempotencyKey);
        var deal = NewDeal(id, parties!, fields, side, clock.GetUtcNow());
        var (stored, etag, created, same) = await store.AddAsync(deal, Ids.Fingerprint(fields), cancellationToken);
        if (!same) return Problems.IdempotencyKeyReused();
        await (side == DealSide.Producer
            ? LinkageNotices.DealAwaitingAsync(notifier, stored, parties!.Buyer.Email, parties.Buyer.ContactName,
                cancellationToken)
            : LinkageNotices.DealAwaitingAsync(notifier, stored, parties!.Producer.Email, parties.Producer.LegalName,
                cancellationToken));
        Concurrency.WriteETag(response, etag);
        return created ? TypedResults.Created($"/api/deals/{stored.Id}", stored) : TypedResults.Ok(stored);
    }

    private static Deal NewDeal(string id, Parties parties, DealFields f, DealSide side, DateTimeOffset now) => new(
        id, parties.Producer.Id, parties.Producer.LegalName, parties.Buyer.Id, parties.Buyer.CompanyName,
        parties.Producer.Province, parties.EnquiryId, f.Kind!.Value, f.ValueVnd!.Value, f.PeriodFrom!.Value,
        f.PeriodTo!.Value, f.EventId, f.Reference!, side, DealStatus.AwaitingConfirmation, null, now, null);

    /// <summary>The caller is one side; the other comes from the body or from the enquiry the deal grew from. A
    /// named enquiry must be the caller's, and between the same two sides.</summary>
    private static async Task<(Parties?, ProblemHttpResult?)> PartiesAsync(
        Caller caller, DealFields fields, EnquiryStore enquiries, BuyerStore buyers, ProducerStore producers,
        CancellationToken cancellationToken)
    {
        Enquiry? enquiry = null;
        if (fields.EnquiryId is { } enquiryId)
        {
            enquiry = (await enquiries.FindVisibleAsync(enquiryId, caller, cancellationToken))?.Record;
            if (enquiry is null)
                return (null, Problems.Invalid("enquiryId", "No enquiry of yours has this id."));
        }
        var producerId = caller.Role == Role.Producer ? caller.ProducerId! : fields.ProducerId ?? enquiry?.ProducerId;
        var buyerId = caller.Role == Role.Buyer ? caller.BuyerId! : fields.BuyerId ?? enquiry?.BuyerId;
        if (caller.Role == Role.Producer && fields.ProducerId is { } p && p != producerId)
            return (null, Problems.Invalid("producerId", "A producer records deals of its own only."));
        if (caller.Role == Role.Buyer && fields.BuyerId is { } b && b != buyerId)
            return (null, Problems.Invalid("buyerId", "A buyer records deals of its own only."));
        if (enquiry is not null && (enquiry.ProducerId != producerId || enquiry.BuyerId != buyerId))
            return (null, Problems.Invalid("enquiryId", "The enquiry is between other parties."));

        var producer = producerId is null ? null : await producers.FindAsync(producerId, cancellationToken);
        if (producer is null) return (null, Problems.Invalid("producerId", "No producer has this id."));
        var buyer = buyerId is null ? null : (await buyers.FindAsync(buyerId, cancellationToken))?.Record;
        if (buyer is not { Status: BuyerStatus.Verified })
            return (null, Problems.Invalid("buyerId", "No verified buyer has this id."));
        return (new Parties(producer, buyer, enquiry?.Id), null);
    }
}

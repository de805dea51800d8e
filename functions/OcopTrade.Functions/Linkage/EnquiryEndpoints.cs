using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Buyers;
using OcopTrade.Functions.Notifications;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Platform.Contract;
using OcopTrade.Functions.Producers;
using OcopTrade.Functions.Products;
using OcopTrade.Functions.TradeEvents;

namespace OcopTrade.Functions.Linkage;

/// <summary>A verified buyer's enquiries about published products, and the producers' answers.</summary>
public static class EnquiryEndpoints
{
    public static RouteGroupBuilder MapEnquiries(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/enquiries").WithTags("Enquiries")
            .RequireAuthorization(AccessEndpoints.AnyCallerPolicy);
        group.MapPost("/", SendAsync).Accepts<EnquiryFields>("application/json").ProducesProblem(422)
            .WithSummary("Send an enquiry (sample, quote, trial order) about a published product (verified buyer). " +
                "Honours Idempotency-Key.");
        RecordEndpoints.MapReads<Enquiry, EnquiryStatus, EnquiryStore>(group, "enquiry",
            "List enquiries: a producer those addressed to it, a buyer its own, a department its province's.",
            "Read one enquiry (its buyer, its producer, their department).");
        // Another producer's or buyer's enquiry is not found, so its id cannot be probed.
        group.MapPost("/{id}/answer", (string id, HttpRequest request, EnquiryStore store, TimeProvider clock,
                CancellationToken cancellationToken) =>
                RecordEndpoints.ChangeAsync<Enquiry, EnquiryAnswerFields>(id, request, store, "enquiry", ("text", 2000),
                    b => b.Text, (enquiry, caller, b, text) => enquiry.AnswerBy(caller, b.Status, text,
                        clock.GetUtcNow()),
                    cancellationToken))
            .Accepts<EnquiryAnswerFields>("application/json").RequiresIfMatch()
            .ProducesProblem(409)
            .WithSummary("Answer or decline an enquiry (the producer it is addressed to), once; needs If-Match.");
        return group;
    }

    private static async Task<Results<Created<Enquiry>, Ok<Enquiry>, ProblemHttpResult>> SendAsync(
        HttpRequest request, HttpResponse response, EnquiryStore store, BuyerStore buyers, ProductStore products,
        ProducerStore producers, EventStore events, INotifier notifier, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(request.HttpContext.User);
        if (caller.Role != Role.Buyer) return Problems.Forbidden("Only a verified buyer sends enquiries.");
        var (idempotencyKey, keyProblem) = IdempotencyKey.Read(request);
        if (keyProblem is not null) return keyProblem;
        var (body, problem) = await JsonBody.ReadAsync<EnquiryFields>(request, cancellationToken);
        if (problem is not null) return problem;
        var errors = new FieldErrors();
        var fields = EnquiryRules.Validate(body!, errors);
        if (fields is null) return Problems.Invalid(errors.ToDictionary());

        if (await VerifiedBuyerAsync(caller, buyers, cancellationToken) is not { } buyer)
            return Problems.Forbidden("Your registration as a buyer is not verified.");
        var product = (await products.FindAsync(fields.ProductId!, cancellationToken))?.Product;
        if (product is null || !Enquirable.Product(product, CertificateValidity.TodayInVietnam(clock)))
            return Problems.Invalid("productId", "No published, certified product has this id.");
        var producer = await producers.FindAsync(product.ProducerId, cancellationToken);
        if (producer is null) return Problems.Invalid("productId", "No published, certified product has this id.");
        if (await EventLinks.CheckAsync(fields.EventId, producer.Province, events, cancellationToken) is { } noEvent)
            return noEvent;

        var id = idempotencyKey is null ? Ids.New() : Ids.FromIdempotencyKey("enquiry|" + buyer.Id, idempotencyKey);
        var enquiry = new Enquiry(id, buyer.Id, buyer.CompanyName, producer.Id, producer.LegalName, producer.Province,
            product.Id, product.Fields.Name ?? product.Id, fields.Kind!.Value, fields.Quantity!.Value, fields.Message,
            fields.EventId, EnquiryStatus.Open, null, clock.GetUtcNow(), null);
        var (stored, etag, created, same) = await store.AddAsync(enquiry, Ids.Fingerprint(fields), cancellationToken);
        if (!same) return Problems.IdempotencyKeyReused();
        // Also on a replay: the mailer sends one mail per notification id, and a first attempt may have failed here.
        await LinkageNotices.EnquiryArrivedAsync(notifier, stored, producer, cancellationToken);
        Concurrency.WriteETag(response, etag);
        return created ? TypedResults.Created($"/api/enquiries/{stored.Id}", stored) : TypedResults.Ok(stored);
    }

    public static async Task<Buyer?> VerifiedBuyerAsync(Caller caller, BuyerStore buyers,
        CancellationToken cancellationToken) =>
        caller.BuyerId is { } id && (await buyers.FindAsync(id,
            cancellationToken))?.Record is { Status: BuyerStatus.Verified } b
            ? b : null;
}

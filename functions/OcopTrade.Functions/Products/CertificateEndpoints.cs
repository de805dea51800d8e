using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Products;

/// <summary>Why the department revokes a certificate or rejects a claim.</summary>
public sealed record DecisionReason(string? Reason);

/// <summary>The department's decisions about a product's certificate (revoke; confirm or reject a producer's claim) and
/// the history of every change to it. Anyone not managing the product gets 404; a producer deciding, 403.</summary>
public static class CertificateEndpoints
{
    public static void MapCertificates(this RouteGroupBuilder group)
    {
        group.MapPost("/{id}/certificate/revocation", RevokeAsync).ProducesProblem(412).ProducesProblem(422)
            .Accepts<DecisionReason>("application/json")
            .WithSummary("Record that the OCOP certificate was revoked (department or admin); a published listing is suspended.");
        group.MapPost("/{id}/certificate/confirm", ConfirmAsync).ProducesProblem(412).ProducesProblem(422)
            .WithSummary("Put the producer's pendingCertificate in force, unrevoked (department or admin).");
        group.MapPost("/{id}/certificate/reject", RejectAsync).ProducesProblem(412).ProducesProblem(422)
            .Accepts<DecisionReason>("application/json")
            .WithSummary("Turn down the producer's pendingCertificate, with a reason (department or admin).");
        group.MapGet("/{id}/certificate/history", HistoryAsync)
            .WithSummary("Every certificate change, oldest first: who (role, id), when (UTC), before, after, reason.");
    }

    /// <summary>What one decision needs: who is refused, whether it takes a reason, what it does, and how its refusal
    /// is answered.</summary>
    private sealed record Decision(
        string Forbidden, bool NeedsReason, Func<Product, string, DateTimeOffset, ListingChange> Apply,
        Func<ListingChange, ProblemHttpResult> Refused);

    private static readonly Decision Revocation = new("Only the department or an administrator records a revocation.",
        true, (product, reason, now) => product.Revoke(reason, now), change => Problems.Invalid(change.Refusals));

    private static readonly Decision Confirmation = new(
        "Only the department of the product's province or an administrator confirms.",
        false, (product, _, now) => product.ConfirmCertificate(now), NothingToDecide);

    private static readonly Decision Rejection = new(
        "Only the department of the product's province or an administrator rejects.",
        true, (product, reason, now) => product.RejectCertificate(reason, now), NothingToDecide);

    private static Task<Results<Ok<ProductView>, ProblemHttpResult>> RevokeAsync(
        string id, HttpRequest request, ProductStore products, TimeProvider clock, CancellationToken cancellationToken)
        => DecideAsync(id, request, products, clock, Revocation, cancellationToken);

    private static Task<Results<Ok<ProductView>, ProblemHttpResult>> ConfirmAsync(
        string id, HttpRequest request, ProductStore products, TimeProvider clock, CancellationToken cancellationToken)
        => DecideAsync(id, request, products, clock, Confirmation, cancellationToken);

    private static Task<Results<Ok<ProductView>, ProblemHttpResult>> RejectAsync(
        string id, HttpRequest request, ProductStore products, TimeProvider clock, CancellationToken cancellationToken)
        => DecideAsync(id, request, products, clock, Rejection, cancellationToken);

    private static async Task<Results<Ok<ProductView>, ProblemHttpResult>> DecideAsync(
        string id, HttpRequest request, ProductStore products, TimeProvider clock, Decision decision,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(request.HttpContext.User);
        var found = await products.FindManagedAsync(id, caller, cancellationToken);
        if (found is not { } current) return Problems.NotFound("product");
        if (!ProductEndpoints.IsCertifier(caller)) return Problems.Forbidden(decision.Forbidden);
        var reason = "";
        if (decision.NeedsReason)
        {
            var (body, problem) = await JsonBody.ReadAsync<DecisionReason>(request, cancellationToken);
            if (problem is not null) return problem;
            var errors = new FieldErrors();
            if (errors.Text("reason", body!.Reason, 500, required: true) is not { } given)
                return Problems.Invalid(errors.ToDictionary());
            reason = given;
        }
        var change = decision.Apply(current.Product, reason, clock.GetUtcNow());
        if (change.Refused) return decision.Refused(change);
        return await ProductEndpoints.ApplyAsync(request, products, caller, change, current.ETag, clock,
            cancellationToken);
    }

    /// <summary>The producer may read it too: it is its own product, and a rejection's reason is for it.</summary>
    private static async Task<Results<Ok<CertificateHistoryView>, ProblemHttpResult>> HistoryAsync(
        string id, HttpContext context, ProductStore products, CertificateHistoryStore history,
        CancellationToken cancellationToken)
    {
        if (await products.FindManagedAsync(id, Caller.From(context.User), cancellationToken) is not { } found)
            return Problems.NotFound("product");
        var entries = await history.ListAsync(found.Product.Id, cancellationToken);
        return TypedResults.Ok(new CertificateHistoryView(found.Product.Id, entries));
    }

    private static ProblemHttpResult NothingToDecide(ListingChange change) => Problems.Unprocessable(
        "Không có giấy chứng nhận chờ xác nhận", "There is no certificate claim waiting for a decision.",
        change.Refusals);
}

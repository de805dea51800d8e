using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Products;

public sealed record Revocation(string? Reason);

public sealed record CertificateRejection(string? Reason);

/// <summary>The department's decisions about a product's certificate (revoke; confirm or reject a producer's claim) and
/// the history of every change to it. Anyone not managing the product gets 404; a producer deciding, 403.</summary>
public static class CertificateEndpoints
{
    public static void MapCertificates(this RouteGroupBuilder group)
    {
        group.MapPost("/{id}/certificate/revocation", RevokeAsync).Accepts<Revocation>("application/json")
            .WithSummary("Record that the OCOP certificate was revoked (department or admin); " +
                "a published listing is suspended.");
        group.MapPost("/{id}/certificate/confirm", ConfirmAsync)
            .WithSummary("Confirm the producer's pendingCertificate (department or admin): " +
                "it becomes the certificate, unrevoked.");
        group.MapPost("/{id}/certificate/reject", RejectAsync).Accepts<CertificateRejection>("application/json")
            .WithSummary("Reject the producer's pendingCertificate with a reason (department or admin); " +
                "nothing else changes.");
        group.MapGet("/{id}/certificate/history", HistoryAsync)
            .WithSummary("Every change to the product's certificate, oldest first: " +
                "who (role, id), when (UTC), before, after, reason.");
    }

    private static async Task<Results<Ok<ProductView>, ProblemHttpResult>> RevokeAsync(
        string id, HttpRequest request, ProductStore products, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = Caller.From(request.HttpContext.User);
        var found = await products.FindManagedAsync(id, caller, cancellationToken);
        if (found is not { } current) return Problems.NotFound("product");
        if (!ProductEndpoints.IsCertifier(caller))
            return Problems.Forbidden("Only the department or an administrator records a revocation.");
        var (body, problem) = await JsonBody.ReadAsync<Revocation>(request, cancellationToken);
        if (problem is not null) return problem;
        var errors = new FieldErrors();
        var reason = errors.Text("reason", body!.Reason, 500, required: true);
        var change = current.Product.Revoke(reason ?? "", clock.GetUtcNow());
        foreach (var (field, messages) in change.Refusals) foreach (var message in messages) errors.Add(field, message);
        if (errors.Any) return Problems.Invalid(errors.ToDictionary());
        return await ProductEndpoints.ApplyAsync(request, products, caller, change, current.ETag, clock,
            cancellationToken);
    }

    private static async Task<Results<Ok<ProductView>, ProblemHttpResult>> ConfirmAsync(
        string id, HttpRequest request, ProductStore products, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = Caller.From(request.HttpContext.User);
        var found = await products.FindManagedAsync(id, caller, cancellationToken);
        if (found is not { } current) return Problems.NotFound("product");
        if (!ProductEndpoints.IsCertifier(caller))
            return Problems.Forbidden("Only the department of the product's province or an administrator confirms.");
        var change = current.Product.ConfirmCertificate(clock.GetUtcNow());
        if (change.Refused) return NothingToDecide(change);
        return await ProductEndpoints.ApplyAsync(request, products, caller, change, current.ETag, clock,
            cancellationToken);
    }

    private static async Task<Results<Ok<ProductView>, ProblemHttpResult>> RejectAsync(
        string id, HttpRequest request, ProductStore products, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = Caller.From(request.HttpContext.User);
        var found = await products.FindManagedAsync(id, caller, cancellationToken);
        if (found is not { } current) return Problems.NotFound("product");
        if (!ProductEndpoints.IsCertifier(caller))
            return Problems.Forbidden("Only the department of the product's province or an administrator rejects.");
        var (body, problem) = await JsonBody.ReadAsync<CertificateRejection>(request, cancellationToken);
        if (problem is not null) return problem;
        var errors = new FieldErrors();
        var reason = errors.Text("reason", body!.Reason, 500, required: true);
        if (reason is null) return Problems.Invalid(errors.ToDictionary());
        var change = current.Product.RejectCertificate(reason, clock.GetUtcNow());
        if (change.Refused) return NothingToDecide(change);
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

using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Platform.Contract;
using OcopTrade.Functions.Producers;

namespace OcopTrade.Functions.Syndication;

/// <summary>One marketplace authorisation as its producer sees it: no token, ever.</summary>
public sealed record MarketplaceAuthorisationView(
    string Channel, string ShopId, AuthorisationState State, DateTimeOffset ExpiresAt,
    DateTimeOffset AccessTokenExpiresAt, DateTimeOffset AuthorisedAt, DateTimeOffset? RefreshedAt, string RenewUrl)
{
    public static MarketplaceAuthorisationView Of(MarketplaceAuthorisation a, DateTimeOffset now) => new(
        a.Channel, a.ShopId, a.StateOn(now), a.LapsesAt, a.AccessExpiresAt, a.AuthorisedAt, a.RefreshedAt,
        MarketplaceAuthorisationEndpoints.StartPath(a.ProducerId));
}

/// <summary>A producer's marketplace authorisations, and Shopee's consent round trip: <c>start</c> sends the
/// producer to Shopee's partner authorisation page with a signed, short-lived <c>state</c> naming the producer;
/// Shopee sends the browser back to <c>callback</c> with a one-time code, exchanged for tokens. The callback is
/// anonymous (it is Shopee's redirect), trusted only through that state.</summary>
public static class MarketplaceAuthorisationEndpoints
{
    private const string StatePurpose = "OcopTrade.ShopeeAuthorisationState.v1";
    private static readonly TimeSpan StateLifetime = TimeSpan.FromMinutes(15);

    public static string StartPath(string producerId) =>
        $"/api/producers/{producerId}/marketplace-authorisations/shopee/start";

    public static IEndpointRouteBuilder MapMarketplaceAuthorisations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/producers/{producerId}/marketplace-authorisations")
            .WithTags("Marketplace authorisations");
        group.MapGet("/", ListAsync).RequireAuthorization().WithSummary(
            "A producer's marketplace authorisations (Shopee): state active, expiring (lapses within 7 days) or " +
            "lapsed, when it lapses, and where to renew it; never a token.");
        group.MapGet("/shopee/start", StartAsync).RequireAuthorization()
            .Produces(StatusCodes.Status302Found).WithSummary(
                "Authorise (or renew) the producer's Shopee shop: 302 to Shopee's partner authorisation page, " +
                "which comes back to the callback.");
        group.MapGet("/shopee/callback", CompleteAsync).AllowAnonymous()
            .Produces(StatusCodes.Status302Found).ProducesProblem(422).WithSummary(
                "Shopee's redirect after the producer consents: the code is exchanged for tokens kept in the " +
                "secret store, then 302 to the portal; 400 for a missing, forged or expired state.");
        return app;
    }

    private static async Task<Results<Ok<List<MarketplaceAuthorisationView>>, ProblemHttpResult>> ListAsync(
        string producerId, HttpContext context, ProducerStore producers, MarketplaceAuthorisationStore store,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await ManagedAsync(producerId, context, producers, cancellationToken) is not { } producer)
            return Problems.NotFound("producer");
        var now = clock.GetUtcNow();
        return TypedResults.Ok((await store.ListAsync(producer.Id, cancellationToken))
            .Select(a => MarketplaceAuthorisationView.Of(a, now)).ToList());
    }

    private static async Task<Results<RedirectHttpResult, ProblemHttpResult>> StartAsync(
        string producerId, HttpContext context, ProducerStore producers, ShopeeConnector shopee,
        IDataProtectionProvider protection, IConfiguration configuration, CancellationToken cancellationToken)
    {
        if (await ManagedAsync(producerId, context, producers, cancellationToken) is not { } producer)
            return Problems.NotFound("producer");
        var state = protection.CreateProtector(StatePurpose).ToTimeLimitedDataProtector()
            .Protect(producer.Id, StateLifetime);
        var callback = Traceability.BatchEndpoints.BaseUrl(context.Request, configuration) +
            $"/api/producers/{producer.Id}/marketplace-authorisations/shopee/callback" +
            $"?state={Uri.EscapeDataString(state)}";
        return TypedResults.Redirect(shopee.ConsentUrl(callback).ToString());
    }

    private static async Task<Results<RedirectHttpResult, ProblemHttpResult>> CompleteAsync(
        string producerId, string? state, string? code, [FromQuery(Name = "shop_id")] string? shopId,
        ShopeeConnector shopee,
        IDataProtectionProvider protection, CancellationToken cancellationToken)
    {
        if (!FromState(protection, state, producerId))
            return Problems.Invalid("state", "The authorisation link is forged or older than 15 minutes; " +
                "start again from the portal.");
        var errors = new FieldErrors();
        if (string.IsNullOrEmpty(code)) errors.Add("code", "Shopee's authorisation code is missing.");
        if (string.IsNullOrEmpty(shopId)) errors.Add("shop_id", "Shopee's shop id is missing.");
        if (QueryValues.Problem(errors) is { } problem) return problem;
        try { await shopee.AuthoriseAsync(producerId, shopId!, code!, cancellationToken); }
        catch (MarketplaceAuthException)
        {
            return Problems.Unprocessable("Shopee không chấp nhận yêu cầu kết nối",
                "Shopee refused the authorisation code (used, expired or for another app); start again.",
                new Dictionary<string, string[]> { ["code"] = ["Shopee refused this authorisation code."] });
        }
        return TypedResults.Redirect("/portal?authorised=shopee");
    }

    /// <summary>The state was made by <see cref="StartAsync"/> for this producer within its lifetime.</summary>
    private static bool FromState(IDataProtectionProvider protection, string? state, string producerId)
    {
        if (string.IsNullOrEmpty(state)) return false;
        try
        {
            return protection.CreateProtector(StatePurpose).ToTimeLimitedDataProtector().Unprotect(state) ==
                producerId;
        }
        catch (CryptographicException) { return false; }
    }

    private static async Task<Producer?> ManagedAsync(string producerId, HttpContext context,
        ProducerStore producers, CancellationToken cancellationToken) =>
        await producers.FindAsync(producerId, cancellationToken) is { } producer
            && Caller.From(context.User).Manages(producer.Id, producer.Province) ? producer : null;
}

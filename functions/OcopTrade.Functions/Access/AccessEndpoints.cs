using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Producers;

namespace OcopTrade.Functions.Access;

public sealed record KeyRequest(
    Role? Role, string? ProducerId, string? SalesPointId, string? Province, string? Label, string? BuyerId = null);

public sealed record KeyIssued(
    string Key, string Id, Role Role, string? ProducerId, string? SalesPointId, string? Province, string? Label,
    string? BuyerId = null);

public static class AccessEndpoints
{
    public const string AdminPolicy = "admin";

    /// <summary>Any signed-in caller, buyers included: for the few endpoints a buyer may call. Every other endpoint
    /// gets the default policy, which admits the four roles that existed before buyers, so an endpoint written
    /// for them never shows a buyer another producer's records.</summary>
    public const string AnyCallerPolicy = "any-caller";

    public static IServiceCollection AddAccess(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddSingleton<AccessKeyStore>();
        services.AddSingleton<FailedAttempts>();
        services.AddAuthentication(Sessions.EitherScheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddPortalSessions();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(null)
            .SetDefaultPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser()
                .RequireRole(nameof(Role.Admin), nameof(Role.Department), nameof(Role.Producer),
                    nameof(Role.SalesPoint))
                .Build())
            .AddPolicy(AnyCallerPolicy, p => p.RequireAuthenticatedUser())
            .AddPolicy(AdminPolicy, p => p.RequireRole(nameof(Role.Admin)));
        return services;
    }

    public static RouteGroupBuilder MapAccess(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/keys").WithTags("Access keys").RequireAuthorization(AdminPolicy);
        group.MapPost("/", IssueAsync)
            .Accepts<KeyRequest>("application/json")
            .WithSummary("Issue an access key (admin). The key is shown only in this answer.");
        group.MapDelete("/{id}", RevokeAsync).WithSummary("Revoke an access key by its id (admin).");
        return group;
    }

    private static async Task<Results<Created<KeyIssued>, ProblemHttpResult>> IssueAsync(
        HttpRequest request, AccessKeyStore keys, ProducerStore producers, SalesPoints.SalesPointStore salesPoints,
        Buyers.BuyerStore buyers, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<KeyRequest>(request, cancellationToken);
        if (problem is not null) return problem;

        var errors = new FieldErrors();
        var label = errors.Text("label", body!.Label, 100);
        Caller? scope = null;
        switch (body.Role)
        {
            case null:
                errors.Add("role", "Choose a role: admin, department, producer, salesPoint or buyer.");
                break;
            case Role.Admin:
                scope = new Caller(Role.Admin);
                break;
            case Role.Department:
                var province = errors.Text("province", body.Province, 100, required: true);
                if (province is not null) scope = new Caller(Role.Department, Province: province);
                break;
            case Role.Producer:
                if (string.IsNullOrWhiteSpace(body.ProducerId)) { errors.Add("producerId", "A producer key needs producerId."); break; }
                var producer = await producers.FindAsync(body.ProducerId, cancellationToken);
                if (producer is null) errors.Add("producerId", "No producer has this id.");
                else scope = new Caller(Role.Producer, ProducerId: producer.Id, Province: producer.Province);
                break;
            case Role.SalesPoint:
                if (string.IsNullOrWhiteSpace(body.SalesPointId)) { errors.Add("salesPointId", "A sales-point key needs salesPointId."); break; }
                var point = await salesPoints.FindAsync(body.SalesPointId, cancellationToken);
                if (point is null) errors.Add("salesPointId", "No sales point has this id.");
                else scope = new Caller(Role.SalesPoint, SalesPointId: point.Id, Province: point.Province);
                break;
            case Role.Buyer:
                scope = await BuyerScopeAsync(body.BuyerId, buyers, errors, cancellationToken);
                break;
        }
        if (errors.Any || scope is null) return Problems.Invalid(errors.ToDictionary());

        var (key, issued) = await keys.IssueAsync(scope, label, cancellationToken);
        return TypedResults.Created($"/api/keys/{issued.Id}",
            new KeyIssued(key, issued.Id, issued.Role, issued.ProducerId, issued.SalesPointId, issued.Province,
                issued.Label,
                issued.BuyerId));
    }

    /// <summary>A buyer key is for a buyer the department verified: a pending or rejected one gets none.</summary>
    private static async Task<Caller?> BuyerScopeAsync(
        string? buyerId, Buyers.BuyerStore buyers, FieldErrors errors, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(buyerId)) { errors.Add("buyerId", "A buyer key needs buyerId."); return null; }
        var buyer = (await buyers.FindAsync(buyerId, cancellationToken))?.Record;
        if (buyer is null) errors.Add("buyerId", "No buyer has this id.");
        else if (buyer.Status != Buyers.BuyerStatus.Verified) errors.Add("buyerId", "The buyer is not verified yet.");
        else return new Caller(Role.Buyer, Province: buyer.Province, BuyerId: buyer.Id);
        return null;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string id, AccessKeyStore keys, CancellationToken cancellationToken) =>
        await keys.RevokeAsync(id, cancellationToken) ? TypedResults.NoContent() : Problems.NotFound("key");
}

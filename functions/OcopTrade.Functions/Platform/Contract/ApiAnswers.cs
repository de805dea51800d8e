using Microsoft.AspNetCore.Authorization;

namespace OcopTrade.Functions.Platform.Contract;

/// <summary>The error statuses an operation can answer, derived from what its endpoint declares, because the
/// policy in <see cref="HttpPolicy"/> answers them from the same metadata: a new endpoint is described truthfully
/// without a line of its own. Statuses only a handler knows (409, 422) are declared on the endpoint with
/// <c>ProducesProblem</c>; If-Match with <see cref="ConditionalWrites.RequiresIfMatch"/>.</summary>
public static class ApiAnswers
{
    /// <summary>What every operation may answer: any caller may present a key, and a throttled address or an
    /// exhausted key budget is refused (429); an unexpected failure is a problem (500); storage down or load shed
    /// is 503.</summary>
    private static readonly int[] Always = [429, 500, 503];

    public static SortedSet<int> Of(OperationShape operation)
    {
        var statuses = new SortedSet<int>(Always);
        if (operation.HasParameters || operation.TakesBody) statuses.Add(400);
        if (operation.TakesBody) statuses.UnionWith([413, 415]);
        if (operation.TakesBody && !operation.RequiresCaller) statuses.Add(408);
        if (operation.RequiresCaller) statuses.UnionWith([401, 403]);
        // A caller sees only its own producers, provinces and products: an id it names (in the route, the query
        // or the body) that is not visible to it is not found.
        if (operation.HasRouteValues || (operation.RequiresCaller && (operation.HasParameters || operation.TakesBody)))
            statuses.Add(404);
        if (operation.RequiresIfMatch) statuses.UnionWith([412, 428]);
        return statuses;
    }

    /// <summary>What the policy reads from an endpoint's metadata, for one operation of it.</summary>
    public static OperationShape Shape(IReadOnlyList<object> metadata, string route, bool hasParameters,
        bool takesBody) => new(
            RequiresCaller: metadata.OfType<IAllowAnonymous>().LastOrDefault() is null
                && metadata.OfType<IAuthorizeData>().Any(),
            HasRouteValues: route.Contains('{'),
            HasParameters: hasParameters || route.Contains('{'),
            TakesBody: takesBody,
            RequiresIfMatch: metadata.OfType<ConditionalWrites.IfMatchRequired>().Any());
}

public sealed record OperationShape(bool RequiresCaller, bool HasRouteValues, bool HasParameters, bool TakesBody,
    bool RequiresIfMatch);

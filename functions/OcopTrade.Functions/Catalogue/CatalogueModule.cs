using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OcopTrade.Functions.Images;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Catalogue;

/// <summary>The buyers' catalogue: published, certified products searched by group, stars, province, standard,
/// monthly capacity and text. Public (anonymous, rate-limited per address like the public pages): it holds only
/// what the products' public pages show, so a buyer can browse before registering.</summary>
public static class CatalogueModule
{
    public const int DefaultPageSize = 24;

    public static IServiceCollection AddCatalogue(this IServiceCollection services)
    {
        services.AddSingleton<CatalogueStore>();
        services.AddSingleton<CatalogueMaintenance>();
        services.AddSingleton<IProductChanges>(sp => sp.GetRequiredService<CatalogueMaintenance>());
        services.AddSingleton<IPhotoChanges>(sp => sp.GetRequiredService<CatalogueMaintenance>());
        return services;
    }

    public static IEndpointRouteBuilder MapCatalogue(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/catalogue", SearchAsync).RequireRateLimiting(RateLimits.PublicPages).WithTags("Catalogue")
            .WithSummary("Search the buyers' catalogue of published, certified products (public).")
            .WithDescription("Filters combine: group, stars (exactly), province, standard, minMonthlyCapacity (in " +
                "the producer's capacity unit) and q, words matched in the name, producer or province without " +
                "regard to accents or case. A page may hold fewer items than pageSize while a continuationToken " +
                "follows: a text search reads a bounded number of entries per page.");
        return app;
    }

    private static async Task<Results<Ok<ItemPage<CatalogueItem>>, ProblemHttpResult>> SearchAsync(
        [AsParameters] CatalogueFilters filters, CatalogueStore catalogue, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (page, problem) = await filters.SearchAsync(catalogue, clock, cancellationToken);
        if (problem is not null) return problem;
        return TypedResults.Ok(new ItemPage<CatalogueItem>(
            page!.Items.Select(CatalogueItem.Of).ToList(), page.ContinuationToken));
    }
}

/// <summary>The query string of a catalogue search, shared by the API and the page.</summary>
public sealed record CatalogueFilters(
    [FromQuery(Name = "group")] string? Group, [FromQuery(Name = "stars")] string? Stars,
    [FromQuery(Name = "province")] string? Province, [FromQuery(Name = "standard")] string? Standard,
    [FromQuery(Name = "minMonthlyCapacity")] string? MinMonthlyCapacity, [FromQuery(Name = "q")] string? Q,
    [FromQuery(Name = "pageSize")] int? PageSize, [FromQuery(Name = "continuationToken")] string? ContinuationToken)
{
    public async Task<(ItemPage<CatalogueEntry>? Page, ProblemHttpResult? Problem)> SearchAsync(
        CatalogueStore catalogue, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var query = CatalogueQuery.Parse(Group, Stars, Province, Standard, MinMonthlyCapacity, Q, ContinuationToken,
            errors);
        if (query is null) return (null, QueryValues.Problem(errors));
        return (await catalogue.SearchAsync(query, PageSize ?? CatalogueModule.DefaultPageSize,
            CertificateValidity.TodayInVietnam(clock), cancellationToken), null);
    }
}

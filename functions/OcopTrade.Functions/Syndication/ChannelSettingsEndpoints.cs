using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Platform.Contract;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Syndication;

/// <summary>A product's own settings on one channel and what its listing there carries once they apply.</summary>
public sealed record ChannelSettingsView(string Channel, string? CategoryId, long? PriceVnd, ListingTerms Effective);

/// <summary>The producer's category and price overrides per channel (the department and admins as for the product
/// itself). A change re-syncs the product's listings through the coalesced re-sync, as a product edit does.</summary>
public static class ChannelSettingsEndpoints
{
    public static IEndpointRouteBuilder MapChannelSettings(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/products/{id}/syndications/{channel}/settings").WithTags("Syndication")
            .RequireAuthorization();
        group.MapGet("/", GetAsync).WithSummary(
            "The product's category and price overrides on one channel, and the category and price its listing " +
            "there carries (override, else the admin's category mapping and the product's price), with an ETag.");
        group.MapPut("/", ReplaceAsync).Accepts<ChannelSettingsBody>("application/json").RequiresIfMatch()
            .WithSummary("Set or clear (null) the product's category and price overrides on one channel (If-Match " +
                "the ETag you read); live listings there are re-synced.");
        return app;
    }

    private static async Task<Results<Ok<ChannelSettingsView>, ProblemHttpResult>> GetAsync(
        string id, string channel, HttpContext context, ProductStore products, ChannelSettingsStore settings,
        ListingTermsSource terms, CancellationToken cancellationToken)
    {
        if (await products.FindManagedAsync(id, Caller.From(context.User), cancellationToken) is not { } found)
            return Problems.NotFound("product");
        if (Channels.Find(channel) is not { } target) return Problems.NotFound("channel");
        var (overrides, etag) = await settings.FindAsync(found.Product.Id, target.Name, cancellationToken);
        Concurrency.WriteETag(context.Response, etag);
        return TypedResults.Ok(await ViewAsync(found.Product, target, overrides, terms, cancellationToken));
    }

    private static async Task<Results<Ok<ChannelSettingsView>, ProblemHttpResult>> ReplaceAsync(
        string id, string channel, HttpRequest request, ProductStore products, ChannelSettingsStore settings,
        ListingTermsSource terms, ResyncOnProductChange resync, CancellationToken cancellationToken)
    {
        if (await products.FindManagedAsync(id, Caller.From(request.HttpContext.User), cancellationToken) is not
            { Product: var product })
            return Problems.NotFound("product");
        if (Channels.Find(channel) is not { } target) return Problems.NotFound("channel");
        var (stored, etag) = await settings.FindAsync(product.Id, target.Name, cancellationToken);
        var (_, stale) = Concurrency.RequireIfMatch(request, etag);
        if (stale is not null) return stale;
        var shown = await ViewAsync(product, target, stored, terms, cancellationToken);
        var (body, problem) = await JsonBody.ReadReplacementAsync<ChannelSettingsBody>(request, shown,
            cancellationToken);
        if (problem is not null) return problem;
        var errors = new FieldErrors();
        if (ChannelTermRules.Overrides(target, body!, errors) is not { } overrides) return Problems.Invalid(errors.ToDictionary());
        if (overrides != stored)
        {
            if (await settings.TryWriteAsync(product.Id, target.Name, overrides, etag, cancellationToken) is not
                { } written)
                return Problems.PreconditionFailed();
            etag = written;
            await resync.ChangedAsync(product.Id, cancellationToken);
        }
        Concurrency.WriteETag(request.HttpContext.Response, etag);
        return TypedResults.Ok(await ViewAsync(product, target, overrides, terms, cancellationToken));
    }

    private static async Task<ChannelSettingsView> ViewAsync(
        Product product, Channel channel, ChannelOverrides overrides, ListingTermsSource terms,
        CancellationToken cancellationToken) =>
        new(channel.Name, overrides.CategoryId, overrides.PriceVnd,
            await terms.WithAsync(product, channel, overrides, cancellationToken));
}

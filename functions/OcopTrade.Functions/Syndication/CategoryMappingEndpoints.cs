using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Platform.Contract;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Syndication;

/// <summary>One OCOP group's category on a channel, as the lookup answers it.</summary>
public sealed record CategoryMappingView(ProductGroup Group, string GroupName, string CategoryId, string CategoryName)
{
    public static CategoryMappingView Of(CategoryMapping m) =>
        new(m.Group, GroupNames.Of(m.Group), m.CategoryId, m.CategoryName);
}

/// <summary>A channel's whole category lookup: every OCOP group with the marketplace category it is listed under.
/// </summary>
public sealed record ChannelCategoriesView(string Channel, IReadOnlyList<CategoryMappingView> Categories);

/// <summary>The admin's category lookup per marketplace: everyone signed in may read it, only an admin edits it.
/// An edit queues the re-sync of that group's live listings on that channel (<see cref="CategoryChangeResync"/>).
/// </summary>
public static class CategoryMappingEndpoints
{
    public static IEndpointRouteBuilder MapCategoryMappings(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/channels/{channel}/categories").WithTags("Syndication").RequireAuthorization();
        group.MapGet("/", ListAsync).WithSummary(
            "The marketplace category each OCOP group is listed under on a channel (voso, postmart, shopee), " +
            "with the lookup's ETag for an edit.");
        group.MapPut("/{group}", ReplaceAsync).RequireAuthorization(AccessEndpoints.AdminPolicy)
            .Accepts<CategoryMappingBody>("application/json").RequiresIfMatch().WithSummary(
                "Map an OCOP group to a marketplace category (admin; If-Match the lookup's ETag). The live listings " +
                "of that group on that channel are re-synced in the background.");
        return app;
    }

    private static async Task<Results<Ok<ChannelCategoriesView>, ProblemHttpResult>> ListAsync(
        string channel, HttpContext context, CategoryMappingStore store, CancellationToken cancellationToken)
    {
        if (Channels.Find(channel) is not { } target) return Problems.NotFound("channel");
        var rows = await store.ListAsync(target, cancellationToken);
        Concurrency.WriteETag(context.Response, CategoryMappingStore.LookupETag(rows));
        return TypedResults.Ok(View(target, rows));
    }

    private static async Task<Results<Ok<ChannelCategoriesView>, ProblemHttpResult>> ReplaceAsync(
        string channel, string group, HttpRequest request, CategoryMappingStore store, CategoryChangeResync resync,
        CancellationToken cancellationToken)
    {
        if (Channels.Find(channel) is not { } target) return Problems.NotFound("channel");
        if (GroupNames.Parse(group) is not { } productGroup)
            return Problems.Invalid("group", "One of: " +
                string.Join(", ", Enum.GetValues<ProductGroup>().Select(GroupNames.Key)) + ".");
        var rows = await store.ListAsync(target, cancellationToken);
        var (_, stale) = Concurrency.RequireIfMatch(request, CategoryMappingStore.LookupETag(rows));
        if (stale is not null) return stale;
        var current = rows.Single(r => r.Mapping.Group == productGroup);
        var (body, problem) = await JsonBody.ReadReplacementAsync<CategoryMappingBody>(
            request, CategoryMappingView.Of(current.Mapping), cancellationToken);
        if (problem is not null) return problem;
        var errors = new FieldErrors();
        if (ChannelTermRules.Mapping(target, productGroup, body!, errors) is not { } mapping)
            return Problems.Invalid(errors.ToDictionary());
        if (mapping != current.Mapping)
        {
            if (await store.TryReplaceAsync(target, mapping, current.ETag, cancellationToken) is null)
                return Problems.PreconditionFailed();
            await resync.QueueAsync(target, productGroup, cancellationToken);
        }
        var after = await store.ListAsync(target, cancellationToken);
        Concurrency.WriteETag(request.HttpContext.Response, CategoryMappingStore.LookupETag(after));
        return TypedResults.Ok(View(target, after));
    }

    private static ChannelCategoriesView View(Channel channel, IEnumerable<(CategoryMapping Mapping, Azure.ETag)> rows) =>
        new(channel.Name, rows.Select(r => CategoryMappingView.Of(r.Mapping)).ToList());
}

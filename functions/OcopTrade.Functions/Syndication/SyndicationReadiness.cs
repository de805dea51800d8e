using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Images;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Syndication;

/// <summary>A product against each channel's <see cref="ChannelRequirements"/>: the checklist the portal shows, and
/// the refusal a request to list gets instead of a job the marketplace would refuse.</summary>
public static class SyndicationReadiness
{
    /// <param name="terms">Each channel's effective category and price (<see cref="ListingTermsSource"/>).</param>
    public static IReadOnlyList<ChannelReadiness> Of(
        Product product, IEnumerable<Channel> channels, IReadOnlyList<ProductImage> photos, DateOnly today,
        SyndicationOptions options, IReadOnlyDictionary<string, ListingTerms> terms) =>
        channels.Select(c => c.Requirements.Check(product, c, photos, today, options.RequirePhotos,
            terms.GetValueOrDefault(c.Name))).ToList();

    /// <summary>422 naming every unmet requirement of every channel that is not ready, keyed
    /// <c>{channel}.{requirement}</c>; null when all are ready.</summary>
    public static ProblemHttpResult? Refusal(IReadOnlyList<ChannelReadiness> readiness)
    {
        var notReady = readiness.Where(r => !r.Ready).ToList();
        if (notReady.Count == 0) return null;
        var errors = notReady.SelectMany(r => r.Unmet.Select(c => (Key: $"{r.Channel}.{c.Requirement}", c.Detail)))
            .ToDictionary(e => e.Key, e => new[] { e.Detail });
        return Problems.Unprocessable("Sản phẩm chưa đáp ứng yêu cầu của sàn",
            $"The product does not meet the requirements of: {string.Join(", ", notReady.Select(r => r.Channel))}. " +
            "Nothing was queued; see errors, keyed channel.requirement, or GET …/syndications/readiness.", errors);
    }

    public static async Task<Results<Ok<IReadOnlyList<ChannelReadiness>>, ProblemHttpResult>> GetAsync(
        string id, HttpContext context, ProductStore products, ImageStore images, IOptions<SyndicationOptions> options,
        ListingTermsSource terms, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await products.FindManagedAsync(id, Caller.From(context.User), cancellationToken) is not { } found)
            return Problems.NotFound("product");
        var photos = images.ListAsync(found.Product.Id, cancellationToken);
        var effective = terms.ForAsync(found.Product, cancellationToken);
        await Task.WhenAll(photos, effective);
        var today = CertificateValidity.TodayInVietnam(clock);
        return TypedResults.Ok(Of(found.Product, Channels.All, await photos, today, options.Value, await effective));
    }
}

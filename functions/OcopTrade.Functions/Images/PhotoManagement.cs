using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Images;

/// <summary><c>{"altText":"…"}</c> and/or <c>{"primary":true}</c>.</summary>
public sealed record ImagePatch(string? AltText, bool? Primary);

public sealed record ImageOrder(List<string>? ImageIds);

/// <summary>Alt text, primary photo, order and deletion. Order and primary touch every photo of a product; they are
/// written in one entity-group transaction guarded by the ETags read, and re-read and retried on a conflict, so two
/// people reordering on two phones end with one of their orders, whole, and exactly one primary photo.</summary>
public static class PhotoManagement
{
    public const int MaxAltText = 250;
    private const int Attempts = 8;

    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/{imageId}", GetAsync).WithSummary("One photo, as in the list (the Location of an upload).");
        group.MapPatch("/{imageId}", PatchAsync).Accepts<ImagePatch>("application/json").ProducesProblem(409)
            .WithSummary("Set a photo's Vietnamese alt text ({\"altText\":\"…\"}, NFC, ≤ 250 characters; \"\" clears it) and/or make it the primary photo ({\"primary\":true}).");
        group.MapPut("/order", ReorderAsync).Accepts<ImageOrder>("application/json")
            .ProducesProblem(409).ProducesProblem(422)
            .WithSummary("Reorder: {\"imageIds\":[…]} lists every photo of the product once, first shown first; 200 with the list.");
        group.MapDelete("/{imageId}", DeleteAsync).WithSummary("Delete a photo, its renditions and its original.");
    }

    private static async Task<Results<Ok<ImageView>, ProblemHttpResult>> GetAsync(
        string id, string imageId, HttpContext context, ProductStore products, ImageStore images, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await products.FindManagedAsync(id, Caller.From(context.User), cancellationToken) is null) return Problems.NotFound("product");
        var listed = (await images.ListAsync(id, cancellationToken)).FirstOrDefault(i => i.Id == imageId);
        return listed is null ? Problems.NotFound("image") : TypedResults.Ok(ImageView.Of(listed, clock.GetUtcNow()));
    }

    private static async Task<Results<Ok<ImageView>, ProblemHttpResult>> PatchAsync(
        string id, string imageId, HttpRequest request, ProductStore products, ImageStore images, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await products.FindManagedAsync(id, Caller.From(request.HttpContext.User), cancellationToken) is null) return Problems.NotFound("product");
        // As GET shows it (the primary arranged), since that is what a client edits and sends back.
        var image = (await images.ListAsync(id, cancellationToken)).FirstOrDefault(i => i.Id == imageId);
        if (image is null) return Problems.NotFound("image");
        var (patch, problem) = await JsonBody.ReadReplacementAsync<ImagePatch>(
            request, ImageView.Of(image, clock.GetUtcNow()), cancellationToken);
        if (problem is not null) return problem;

        var errors = new FieldErrors();
        if (patch!.AltText is null && patch.Primary is null) errors.Add("body", "Send altText and/or primary.");
        var altText = patch.AltText is null ? null : errors.Text("altText", patch.AltText, MaxAltText);
        // "primary":false as read from a photo that is not primary is the photo sent back unchanged.
        if (patch.Primary == false && image.Primary)
            errors.Add("primary", "A product always has one primary photo: make another photo primary instead.");
        if (errors.Any) return Problems.Invalid(errors.ToDictionary());

        if (patch.AltText is not null)
        {
            // One property of one record: the last writer's text wins, and nothing else on the record is touched.
            if (!await RetryAsync(async () => await images.FindAsync(id, imageId, cancellationToken) is not { } current
                    || await images.TryMergeAsync(current, new Dictionary<string, object?> { ["AltText"] = altText ?? "" }, cancellationToken)))
                return Problems.Conflict("The photo changed too often to apply this; try again.");
        }
        if (patch.Primary == true)
        {
            var chosen = await RetryAsync(async () =>
            {
                var all = await images.ListAsync(id, cancellationToken);
                if (all.All(i => i.Id != imageId)) return true; // deleted meanwhile: answered 404 below
                return await images.TryUpdateAllAsync(all, "Primary", i => i.Id == imageId, cancellationToken);
            });
            if (!chosen) return Problems.Conflict("The photos changed too often to apply this; try again.");
        }
        var listed = (await images.ListAsync(id, cancellationToken)).FirstOrDefault(i => i.Id == imageId);
        return listed is null ? Problems.NotFound("image") : TypedResults.Ok(ImageView.Of(listed, clock.GetUtcNow()));
    }

    private static async Task<Results<Ok<List<ImageView>>, ProblemHttpResult>> ReorderAsync(
        string id, HttpRequest request, ProductStore products, ImageStore images, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await products.FindManagedAsync(id, Caller.From(request.HttpContext.User), cancellationToken) is null) return Problems.NotFound("product");
        var (order, problem) = await JsonBody.ReadAsync<ImageOrder>(request, cancellationToken);
        if (problem is not null) return problem;
        if (order!.ImageIds is null) return Problems.Invalid("imageIds", "Send every photo id of the product, in the order to show them.");

        ProblemHttpResult? refusal = null;
        var applied = await RetryAsync(async () =>
        {
            var all = await images.ListAsync(id, cancellationToken);
            var current = all.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
            if (order.ImageIds.Count != current.Count || order.ImageIds.Distinct(StringComparer.Ordinal).Count() != current.Count
                || !order.ImageIds.All(current.Contains))
            {
                refusal = Problems.Unprocessable("Thứ tự ảnh không hợp lệ",
                    "imageIds must list every photo of the product exactly once (read the list again: a photo may have been added or deleted).",
                    new Dictionary<string, string[]> { ["imageIds"] = [$"Expected a permutation of the product's {current.Count} photo ids."] });
                return true;
            }
            var position = order.ImageIds.Select((imageId, index) => (imageId, index)).ToDictionary(p => p.imageId, p => p.index);
            return await images.TryUpdateAllAsync(all, "Position", i => position[i.Id], cancellationToken);
        });
        if (refusal is not null) return refusal;
        if (!applied) return Problems.Conflict("The photos changed too often to apply this order; try again.");
        var now = clock.GetUtcNow();
        return TypedResults.Ok((await images.ListAsync(id, cancellationToken)).Select(i => ImageView.Of(i, now)).ToList());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string id, string imageId, HttpContext context, ProductStore products, ImageStore images, PhotoSlots slots,
        CancellationToken cancellationToken)
    {
        if (await products.FindManagedAsync(id, Caller.From(context.User), cancellationToken) is null) return Problems.NotFound("product");
        if (await images.FindAsync(id, imageId, cancellationToken) is not { } image)
        {
            // A retry of a delete that storage interrupted after the record went: finish it (the renditions are
            // public and the original may carry the farm's GPS position), then answer as the first call would have.
            var purged = await images.PurgeAsync(id, imageId, cancellationToken);
            await slots.ReleaseAsync(id, imageId, cancellationToken);
            return purged ? TypedResults.NoContent() : Problems.NotFound("image");
        }
        await images.DeleteAsync(image, cancellationToken);
        // Last, so the cap never lets a photo in while this one still stands.
        await slots.ReleaseAsync(id, imageId, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>Optimistic concurrency: re-read and try again while someone else's write got in between.</summary>
    private static async Task<bool> RetryAsync(Func<Task<bool>> attempt)
    {
        for (var i = 0; i < Attempts; i++)
        {
            if (await attempt()) return true;
            await Task.Delay(Random.Shared.Next(5, 20 * (i + 1)));
        }
        return false;
    }
}

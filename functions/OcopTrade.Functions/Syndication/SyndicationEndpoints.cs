using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Images;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Platform.Contract;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Syndication;

public static class SyndicationEndpoints
{
    public static IEndpointRouteBuilder MapSyndication(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/products/{id}/syndications").WithTags("Syndication").RequireAuthorization();
        group.MapPost("/", RequestAsync).Accepts<SyndicationRequest>("application/json").ProducesProblem(422)
            .WithSummary("Put a published product on marketplaces (voso, postmart, shopee): one queued job per channel; " +
                "pressing again for the same product version queues nothing new; 422 naming each unmet requirement " +
                "per channel, queuing nothing.");
        group.MapGet("/", ListAsync).WithSummary("Where the product stands on each marketplace: state, listing id and URL, reasons, attempts and history.");
        group.MapGet("/readiness", SyndicationReadiness.GetAsync).WithSummary(
            "Per marketplace, the checklist of what it requires (photos, their size and ratio, title, description, " +
            "category, price bounds, GTIN) and whether the product meets each; ready when all are met.");
        group.MapDelete("/{channel}", DelistAsync).WithSummary("Take the product down from one marketplace.");
        app.MapGet("/api/producers/{producerId}/bulk-exports/{file}", BulkExports.GetAsync).WithTags("Syndication").RequireAuthorization()
            .Answers(200, Revenue.ImportFiles.XlsxType, "application/zip")
            .WithSummary("Seller-centre bulk upload for a channel without API access: {channel}.xlsx (the sheet) or {channel}-images.zip (the photos it names).");
        app.MapCategoryMappings();
        app.MapChannelSettings();
        return app;
    }

    private static async Task<Results<Accepted<List<SyndicationView>>, ProblemHttpResult>> RequestAsync(
        string id, HttpRequest request, ProductStore products, SyndicationStore store, SyndicationQueues queues, ImageStore images,
        IOptions<SyndicationOptions> options, ListingTermsSource termsSource, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (await products.FindManagedAsync(id, Caller.From(request.HttpContext.User), cancellationToken) is not { } found)
            return Problems.NotFound("product");
        var (body, problem) = await JsonBody.ReadAsync<SyndicationRequest>(request, cancellationToken);
        if (problem is not null) return problem;
        if (body!.Channels is not { Count: > 0 } names)
            return Problems.Invalid("channels", "Name at least one channel: " + string.Join(", ", Channels.All.Select(c => c.Name)) + ".");
        var unknown = names.Where(n => Channels.Find(n) is null).ToList();
        if (unknown.Count > 0)
            return Problems.Unprocessable("Sàn thương mại điện tử không được hỗ trợ",
                $"Unknown channel(s): {string.Join(", ", unknown)}. Supported: {string.Join(", ", Channels.All.Select(c => c.Name))}.",
                new Dictionary<string, string[]> { ["channels"] = [.. unknown.Select(u => $"'{u}' is not a supported channel.")] });
        var product = found.Product;
        if (!ListingJobs.Listable(product, CertificateValidity.TodayInVietnam(clock)))
            return Problems.Unprocessable("Sản phẩm chưa thể đưa lên sàn",
                "Only a published product with a valid OCOP certificate can be listed on marketplaces.",
                new Dictionary<string, string[]> { ["product"] = ["Publish the product (with a valid certificate) first."] });

        var listed = store.ListAsync(product.Id, cancellationToken);
        var photos = images.ListAsync(product.Id, cancellationToken);
        var effective = termsSource.ForAsync(product, cancellationToken);
        await Task.WhenAll(listed, photos, effective);
        var requested = names.Distinct().Select(n => Channels.Find(n)!).ToList();
        var terms = await effective;
        var readiness = SyndicationReadiness.Of(product, requested, await photos,
            CertificateValidity.TodayInVietnam(clock), options.Value, terms);
        if (SyndicationReadiness.Refusal(readiness) is { } refusal) return refusal;
        var shown = await photos;
        var (all, _) = await ListingRequests.QueueAsync(product, requested,
            channel => ListingMapper.Version(product, shown, terms[channel.Name]), await listed, store, queues, clock,
            cancellationToken);
        return TypedResults.Accepted($"/api/products/{product.Id}/syndications",
            all.Select(SyndicationView.Of).ToList());
    }

    private static async Task<Results<Ok<List<SyndicationView>>, ProblemHttpResult>> ListAsync(
        string id, HttpContext context, ProductStore products, SyndicationStore store, CancellationToken cancellationToken)
    {
        if (await products.FindManagedAsync(id, Caller.From(context.User), cancellationToken) is not { } found)
            return Problems.NotFound("product");
        var all = await store.ListAsync(found.Product.Id, cancellationToken);
        return TypedResults.Ok(all.Select(x => SyndicationView.Of(x.Record)).ToList());
    }

    private static async Task<Results<Accepted<SyndicationView>, ProblemHttpResult>> DelistAsync(
        string id, string channel, HttpContext context, ProductStore products, SyndicationStore store, SyndicationQueues queues,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await products.FindManagedAsync(id, Caller.From(context.User), cancellationToken) is not { } found)
            return Problems.NotFound("product");
        if (Channels.Find(channel) is not { } target || await store.FindAsync(id, target.Name, cancellationToken) is not { } current)
            return Problems.NotFound("listing on that channel");
        var record = current.Record;
        if (record.Intent == JobAction.Delist)
            return TypedResults.Accepted($"/api/products/{id}/syndications", SyndicationView.Of(record));
        // The record first: the job decides from the record, not the message, and may run the moment the message is
        // sent. A crash between the two leaves a delisting intent with no job, which the sweep queues again.
        var updated = await store.UpdateAsync(id, target.Name, r => r is null ? null : r.Moving(r.State, $"Nhà sản xuất yêu cầu gỡ khỏi {target.DisplayName}.", clock.GetUtcNow()) with
        {
            Intent = JobAction.Delist,
        }, cancellationToken);
        await queues.SendAsync(new SyndicationJob(id, target.Name, JobAction.Delist, ListingMapper.Version(found.Product, []), JobOrigin.Producer), cancellationToken);
        return TypedResults.Accepted($"/api/products/{id}/syndications", SyndicationView.Of(updated?.Record ?? record));
    }
}

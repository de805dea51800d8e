using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Platform.Contract;
using OcopTrade.Functions.Producers;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Revenue;

public static class RevenueEndpoints
{
    public static IServiceCollection AddRevenue(this IServiceCollection services) => services
        .AddSingleton<ProvinceRollups>().AddSingleton<RollupLease>().AddSingleton<RevenueStore>().AddSingleton<RevenueReports>().AddSingleton<ReportExports>();

    public static IEndpointRouteBuilder MapRevenue(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/revenue").WithTags("Revenue").RequireAuthorization();
        group.MapPost("/", RecordAsync).Accepts<RevenueFields>("application/json").ProducesProblem(422)
            .WithSummary("Record a month's revenue of a producer in one channel; idempotent by your 'id'. Corrections replace or adjust an earlier id.");
        group.MapGet("/", ListAsync).WithSummary("List a producer's revenue entries (filters: channel, from, to as YYYY-MM).");
        group.MapGet("/export.csv", ExportAsync).Answers(200, "text/csv")
            .WithSummary("A producer's entries as CSV (formula-safe).");
        group.MapPost("/rebuild-rollups", RebuildAsync).ProducesProblem(409)
            .WithSummary("Admin: recompute every roll-up from the raw entries.");

        app.MapRevenueImports();

        var reports = app.MapGroup("/api/reports").WithTags("Reports").RequireAuthorization();
        reports.MapGet("/revenue", RevenueReports.RevenueAsync)
            .WithSummary("Revenue by channel and year with growth against the previous period and the 5–10 % band.");
        reports.MapGet("/participation", RevenueReports.ParticipationAsync)
            .WithSummary("Share of subjects with a valid certificate that sold through a modern channel, against the 70 % target.");
        reports.MapGet("/growth", RevenueReports.GrowthAsync)
            .WithSummary("Year-on-year growth per province, producer or channel (by=…) against the 5–10 % band; year, half=1|2, or from/to.");
        reports.MapGet("/export.xlsx", ReportExports.XlsxAsync).Answers(200, ImportFiles.XlsxType)
            .WithSummary("The report as a workbook: by channel, by producer, participation, certificates expiring or expired (formula-safe).");
        reports.MapGet("/export.csv", ReportExports.CsvAsync).Answers(200, "text/csv")
            .WithSummary("One sheet of the report as CSV: sheet=channels|producers|participation|certificates (formula-safe).");
        return app;
    }

    private static async Task<Results<Created<RevenueEntry>, Ok<RevenueEntry>, ProblemHttpResult>> RecordAsync(
        HttpRequest request, ProducerStore producers, ProductStore products, RevenueStore store,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(request.HttpContext.User);
        if (caller.Role == Role.SalesPoint)
            return Problems.Forbidden("Sales points' sales are recorded from their sales, not entered here.");
        var (body, problem) = await JsonBody.ReadAsync<RevenueFields>(request, cancellationToken);
        if (problem is not null) return problem;
        var errors = new FieldErrors();
        var fields = RevenueRules.Validate(body!, errors);
        if (fields is null) return Problems.Invalid(errors.ToDictionary());

        // Someone else's producer is "not found", never "forbidden": ids must not be probeable.
        var producer = await producers.FindAsync(fields.ProducerId!, cancellationToken);
        if (producer is null || !caller.Manages(producer.Id, producer.Province)) return Problems.NotFound("producer");
        if (fields.ProductId is { } productId && !await IsProductOfAsync(products, productId, producer.Id, cancellationToken))
            return Problems.Unprocessable("Sản phẩm không thuộc chủ thể",
                "An entry names only a product of its own producer.",
                new Dictionary<string, string[]> { ["productId"] = [NotTheProducersProduct] });

        var (outcome, entry) = await store.RecordAsync(fields, producer.Province, caller.Role + ":" + (caller.ProducerId ?? caller.Province ?? "admin"), cancellationToken);
        var target = fields.Replaces is not null ? "replaces" : "adjusts";
        return outcome switch
        {
            RecordOutcome.Created => TypedResults.Created($"/api/revenue?producerId={entry!.ProducerId}", entry),
            RecordOutcome.Replayed => TypedResults.Ok(entry!),
            RecordOutcome.IdReused => Problems.Unprocessable("Mã chống trùng đã được dùng",
                "This id was already used for a different entry; corrections are new entries that name it in 'replaces' or 'adjusts'.",
                new Dictionary<string, string[]> { ["id"] = ["Already used with another body."] }),
            RecordOutcome.OverMonthCap => Problems.Unprocessable("Doanh thu tháng vượt mức trần",
                $"This entry would take the producer's revenue for {fields.Month} past the cap of "
                + "10,000,000,000,000 VND a month; nothing was recorded.",
                new Dictionary<string, string[]> { ["amountVnd"] = [RevenueStore.Reason(outcome)] }),
            RecordOutcome.TargetMissing => Problems.Unprocessable("Không tìm thấy bản ghi cần sửa",
                "The entry to correct does not exist for this producer.", new Dictionary<string, string[]> { [target] = ["No such entry."] }),
            _ => Problems.Unprocessable("Bản ghi đã được thay thế",
                "That entry was already replaced; correct the entry that replaced it.", new Dictionary<string, string[]> { [target] = ["Already replaced."] }),
        };
    }

    public const string NotTheProducersProduct = "No product of this producer has that id.";

    /// <summary>Whether a product exists and belongs to the producer. Another producer's product is answered like a
    /// missing one, so product ids cannot be probed through revenue.</summary>
    public static async Task<bool> IsProductOfAsync(
        ProductStore products, string productId, string producerId, CancellationToken cancellationToken) =>
        await products.FindAsync(productId, cancellationToken) is { } found && found.Product.ProducerId == producerId;

    private static async Task<Results<Ok<ItemPage<RevenueEntry>>, ProblemHttpResult>> ListAsync(
        HttpContext context, ProducerStore producers, RevenueStore store, string? producerId, string? channel, string? from, string? to,
        string? continuationToken, int? pageSize, CancellationToken cancellationToken)
    {
        var caller = Caller.From(context.User);
        producerId ??= caller.ProducerId;
        var errors = new FieldErrors();
        if (producerId is null) errors.Add("producerId", "Say whose entries to list.");
        var channelValue = QueryValues.Enum<SalesChannel>("channel", channel, errors);
        if (from is not null && RevenueRules.ParseMonth(from) is null) errors.Add("from", "Use YYYY-MM.");
        if (to is not null && RevenueRules.ParseMonth(to) is null) errors.Add("to", "Use YYYY-MM.");
        if (QueryValues.Problem(errors) is { } problem) return problem;
        var producer = await producers.FindAsync(producerId!, cancellationToken);
        if (producer is null || !caller.Manages(producer.Id, producer.Province)) return Problems.NotFound("producer");
        return TypedResults.Ok(await store.ListAsync(producer.Id, channelValue, from, to, continuationToken, Concurrency.PageSize(pageSize), cancellationToken));
    }

    private static async Task<IResult> ExportAsync(
        HttpContext context, ProducerStore producers, RevenueStore store, string? producerId, CancellationToken cancellationToken)
    {
        var caller = Caller.From(context.User);
        producerId ??= caller.ProducerId;
        if (producerId is null) return Problems.Invalid("producerId", "Say whose entries to export.");
        var producer = await producers.FindAsync(producerId, cancellationToken);
        if (producer is null || !caller.Manages(producer.Id, producer.Province)) return Problems.NotFound("producer");
        return TypedResults.Stream(body => Csv.WriteAsync(body, EntryRowsAsync(store, producer.Id, cancellationToken),
            cancellationToken), "text/csv; charset=utf-8");
    }

    /// <summary>The header, then a producer's entries a page of 1 000 at a time, as they are read.</summary>
    private static async IAsyncEnumerable<IEnumerable<object?>> EntryRowsAsync(
        RevenueStore store, string producerId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return [.. RevenueImports.Columns, "replacedBy", "recordedAt"];
        string? continuation = null;
        do
        {
            var page = await store.ListAsync(producerId, null, null, null, continuation, 1000, cancellationToken);
            foreach (var e in page.Items) yield return Row(e);
            continuation = page.ContinuationToken;
        } while (continuation is not null);
    }

    private static object?[] Row(RevenueEntry e) =>
    [
        e.Id, e.ProducerId, e.ProductId, Channels.Name(e.Channel),
        e.Marketplace is { } m ? System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(m.ToString()) : "", e.Month,
        e.AmountVnd, e.Quantity, e.Replaces, e.Adjusts, e.Note, e.ReplacedBy, e.RecordedAt,
    ];

    private static async Task<Results<Ok<RebuildResult>, ProblemHttpResult>> RebuildAsync(
        HttpContext context, RevenueStore store, ProvinceRollups provinces, RollupLease lease, CancellationToken cancellationToken)
    {
        if (!Caller.From(context.User).IsAdmin) return Problems.Forbidden("Only an administrator rebuilds roll-ups.");
        // Writers (entries, imports) finish first and wait meanwhile: a rebuild must read every entry it overwrites.
        await using var rebuilding = await lease.EnterRebuildAsync(cancellationToken);
        if (rebuilding is null) return Problems.Conflict("A roll-up rebuild is already running; nothing was changed. Try again when it has finished.");
        var entries = await store.RebuildAsync(cancellationToken);
        await provinces.RebuildAsync(entries, cancellationToken);
        return TypedResults.Ok(new RebuildResult(entries.Count));
    }
}

public sealed record RebuildResult(int Entries);

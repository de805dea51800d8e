using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Producers;
using OcopTrade.Functions.Runtime;

using OcopTrade.Functions.Observability;

namespace OcopTrade.Functions.Revenue;

public sealed record ImportProblem(int Row, string Field, string Reason);

public sealed record ImportStatus(
    string Id, string Status, bool AllOrNothing, int TotalRows, int ProcessedRows, int RecordedRows, int RejectedRows,
    IReadOnlyList<ImportProblem> Problems, DateTimeOffset CreatedAt);

public sealed record ImportMessage(string ImportId);

/// <summary>CSV uploads of revenue entries. The upload is stored as a blob and queued; <see cref="ProcessRevenueImport"/>
/// validates every row, records the good ones through the same path as <c>POST /api/revenue</c> (so each row is
/// idempotent by its id and a retried message records nothing twice), and reports progress and per-row problems.</summary>
public static class RevenueImports
{
    public const string Queue = "revenue-imports";
    public const long MaxBytes = 1024 * 1024;
    public static readonly string[] Columns = ["id", "producerId", "productId", "channel", "marketplace", "month", "amountVnd", "quantity", "replaces", "adjusts", "note"];
    public const int MaxReportedProblems = 1000;

    public static string Template => Csv.Line(Columns) + Csv.Line("2025-06-htx-001", "producer-id-here", "", "ecommerce", "shopee", "2025-06", "12500000", "50", "", "", "Doanh thu tháng 6");

    public static IEndpointRouteBuilder MapRevenueImports(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/revenue/imports").WithTags("Revenue").RequireAuthorization();
        group.MapPost("/", UploadAsync).WithSummary("Upload a CSV of revenue entries (text/csv, UTF-8); ?allOrNothing=true records nothing unless every row is valid.");
        group.MapGet("/template.csv", () => TypedResults.Text(Template, "text/csv; charset=utf-8", Encoding.UTF8)).WithSummary("The CSV template with its columns.");
        group.MapGet("/{id}", StatusAsync).WithSummary("Progress and per-row report of an import.");
        return app;
    }

    private static async Task<Results<Accepted<ImportStatus>, ProblemHttpResult>> UploadAsync(
        HttpRequest request, bool? allOrNothing, TableServiceClient tables, BlobServiceClient blobs, QueueServiceClient queues,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = Caller.From(request.HttpContext.User);
        if (caller.Role == Role.SalesPoint) return Problems.Forbidden("Sales points do not import revenue.");
        if (request.ContentType is not { } type || !type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
            return Problems.UnsupportedMediaType("text/csv");
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length > MaxBytes) return Problems.TooLarge(MaxBytes);
        string text;
        try { text = new UTF8Encoding(false, true).GetString(buffer.ToArray()); }
        catch (DecoderFallbackException) { return Problems.Invalid("body", "The file is not UTF-8 text; save the CSV as UTF-8."); }
        var rows = Csv.Parse(text);
        if (rows.Count == 0) return Problems.Invalid("body", "The file is empty.");
        var header = rows[0].Select(h => h.Trim()).ToList();
        var missing = new[] { "id", "producerId", "channel", "month", "amountVnd", "quantity" }.Where(c => !header.Contains(c)).ToList();
        var unknown = header.Where(h => !Columns.Contains(h)).ToList();
        // A repeated column would leave its rows ambiguous (and the processor unable to read them): refused here.
        unknown.AddRange(header.GroupBy(h => h).Where(g => g.Count() > 1).Select(g => g.Key + " (repeated)"));
        if (missing.Count > 0 || unknown.Count > 0)
            return Problems.Invalid("header", $"Columns must come from: {string.Join(", ", Columns)}. Missing: {string.Join(", ", missing)}. Unknown: {string.Join(", ", unknown)}.");

        var id = Ids.New();
        var container = blobs.GetBlobContainerClient(StorageNames.RevenueImportsContainer);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        buffer.Position = 0;
        await container.GetBlobClient(id + ".csv").UploadAsync(buffer, overwrite: true, cancellationToken);
        var status = new TableEntity(id, "")
        {
            ["Status"] = "queued", ["AllOrNothing"] = allOrNothing == true, ["TotalRows"] = rows.Count - 1, ["ProcessedRows"] = 0,
            ["RecordedRows"] = 0, ["RejectedRows"] = 0, ["Problems"] = "[]", ["CreatedAt"] = clock.GetUtcNow(),
            ["CallerRole"] = caller.Role.ToString(), ["CallerProducerId"] = caller.ProducerId, ["CallerProvince"] = caller.Province,
        };
        await tables.GetTableClient(StorageNames.RevenueImportsTable).AddEntityAsync(status, cancellationToken);
        await queues.GetQueueClient(Queue).SendJobAsync(new ImportMessage(id), cancellationToken);
        return TypedResults.Accepted($"/api/revenue/imports/{id}", ToStatus(status));
    }

    private static async Task<Results<Ok<ImportStatus>, ProblemHttpResult>> StatusAsync(
        string id, HttpContext context, TableServiceClient tables, CancellationToken cancellationToken)
    {
        if (!Ids.LooksValid(id)) return Problems.NotFound("import");
        var found = await tables.GetTableClient(StorageNames.RevenueImportsTable).GetEntityIfExistsAsync<TableEntity>(id, "", cancellationToken: cancellationToken);
        if (!found.HasValue || CallerOf(found.Value!) != Caller.From(context.User)) return Problems.NotFound("import");
        return TypedResults.Ok(ToStatus(found.Value!));
    }

    public static Caller CallerOf(TableEntity e) =>
        new(Enum.Parse<Role>(e.GetString("CallerRole")), e.GetString("CallerProducerId"), null, e.GetString("CallerProvince"));

    public static ImportStatus ToStatus(TableEntity e) => new(
        e.PartitionKey, e.GetString("Status"), e.GetBoolean("AllOrNothing") ?? false, e.GetInt32("TotalRows") ?? 0,
        e.GetInt32("ProcessedRows") ?? 0, e.GetInt32("RecordedRows") ?? 0, e.GetInt32("RejectedRows") ?? 0,
        JsonSerializer.Deserialize<List<ImportProblem>>(e.GetString("Problems") ?? "[]", Json.Options)!, e.GetDateTimeOffset("CreatedAt") ?? default);
}

/// <summary>Processes one queued import. Safe to run again for the same message: rows are recorded by their ids.</summary>
public sealed class ProcessRevenueImport(TableServiceClient tables, BlobServiceClient blobs, ProducerStore producers, RevenueStore store) : ITriggeredFunction
{
    public const string Name = "ProcessRevenueImport";

    public async Task<InvocationResult> InvokeAsync(InvocationRequest invocation, CancellationToken cancellationToken)
    {
        var message = JsonSerializer.Deserialize<ImportMessage>(invocation.Text("message") ?? "", Json.Options) ?? throw new JsonException("Empty message.");
        var table = tables.GetTableClient(StorageNames.RevenueImportsTable);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(message.ImportId, "", cancellationToken: cancellationToken);
        if (!found.HasValue) return InvocationResult.Done(null, $"{message.ImportId}: no such import.");
        var status = found.Value!;
        var caller = RevenueImports.CallerOf(status);
        var allOrNothing = status.GetBoolean("AllOrNothing") ?? false;
        var blob = await blobs.GetBlobContainerClient(StorageNames.RevenueImportsContainer).GetBlobClient(message.ImportId + ".csv").DownloadContentAsync(cancellationToken);
        var rows = Csv.Parse(blob.Value.Content.ToString());
        var header = rows[0].Select(h => h.Trim()).ToList();

        // First pass: validate every row (fields and who may write for which producer) before anything is written.
        var problems = new List<ImportProblem>();
        var valid = new List<(int Row, RevenueFields Fields, string Province)>();
        for (var r = 1; r < rows.Count; r++)
        {
            var cells = header.Select((h, i) => (h, v: i < rows[r].Count ? rows[r][i].Trim() : "")).ToDictionary(x => x.h, x => x.v.Length == 0 ? null : x.v);
            var errors = new FieldErrors();
            var fields = Parse(cells, errors);
            if (fields is not null) fields = RevenueRules.Validate(fields, errors);
            if (fields is not null)
            {
                var producer = await producers.FindAsync(fields.ProducerId!, cancellationToken);
                if (producer is null || !caller.Manages(producer.Id, producer.Province)) errors.Add("producerId", "No producer with that id is visible to you.");
                else valid.Add((r + 1, fields, producer.Province));
            }
            foreach (var (field, reasons) in errors.ToDictionary()) foreach (var reason in reasons) problems.Add(new(r + 1, field, reason));
        }
        var rejected = problems.Select(p => p.Row).Distinct().Count();
        status["Status"] = "running";
        await table.UpdateEntityAsync(status, Azure.ETag.All, TableUpdateMode.Merge, cancellationToken);

        var recorded = 0;
        if (!allOrNothing || problems.Count == 0)
        {
            var processed = 0;
            foreach (var (row, fields, province) in valid)
            {
                var (outcome, _) = await store.RecordAsync(fields, province, $"{caller.Role}:{caller.ProducerId ?? caller.Province ?? "admin"}:import:{message.ImportId}", cancellationToken);
                if (outcome is RecordOutcome.Created or RecordOutcome.Replayed) recorded++;
                else { problems.Add(new(row, outcome == RecordOutcome.IdReused ? "id" : fields.Replaces is not null ? "replaces" : "adjusts", outcome.ToString())); rejected++; }
                if (++processed % 50 == 0)
                {
                    status["ProcessedRows"] = processed; status["RecordedRows"] = recorded;
                    await table.UpdateEntityAsync(status, Azure.ETag.All, TableUpdateMode.Merge, cancellationToken);
                }
            }
        }
        status["Status"] = allOrNothing && problems.Count > 0 ? "rejected" : "completed";
        status["ProcessedRows"] = rows.Count - 1;
        status["RecordedRows"] = recorded;
        status["RejectedRows"] = rejected;
        status["Problems"] = JsonSerializer.Serialize(problems.OrderBy(p => p.Row).Take(RevenueImports.MaxReportedProblems), Json.Options);
        await table.UpdateEntityAsync(status, Azure.ETag.All, TableUpdateMode.Merge, cancellationToken);
        return InvocationResult.Done(new JsonObject { ["recorded"] = recorded, ["rejected"] = rejected }, $"{message.ImportId}: {recorded} recorded, {rejected} rejected.");
    }

    private static RevenueFields? Parse(Dictionary<string, string?> c, FieldErrors errors)
    {
        SalesChannel? channel = null; Marketplace? marketplace = null; long? amount = null, quantity = null;
        if (c.GetValueOrDefault("channel") is { } ch)
            channel = QueryValues.Enum<SalesChannel>("channel", ch, errors);
        if (c.GetValueOrDefault("marketplace") is { } m)
            marketplace = QueryValues.Enum<Marketplace>("marketplace", m, errors);
        if (c.GetValueOrDefault("amountVnd") is { } a)
        {
            if (long.TryParse(a, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var v)) amount = v;
            else errors.Add("amountVnd", "Whole VND without separators, e.g. 12500000.");
        }
        if (c.GetValueOrDefault("quantity") is { } q)
        {
            if (long.TryParse(q, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var v)) quantity = v;
            else errors.Add("quantity", "A whole number.");
        }
        if (errors.Any) return null;
        return new RevenueFields(c.GetValueOrDefault("id"), c.GetValueOrDefault("producerId"), c.GetValueOrDefault("productId"), channel, marketplace,
            c.GetValueOrDefault("month"), amount, quantity, c.GetValueOrDefault("replaces"), c.GetValueOrDefault("adjusts"), c.GetValueOrDefault("note"));
    }
}

using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Observability;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Platform.Contract;
using OcopTrade.Functions.Producers;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Revenue;

public sealed record ImportProblem(int Row, string Field, string Reason);

public sealed record ImportStatus(
    string Id, string Status, bool AllOrNothing, int TotalRows, int ProcessedRows, int RecordedRows, int RejectedRows,
    IReadOnlyList<ImportProblem> Problems, DateTimeOffset CreatedAt);

public sealed record ImportMessage(string ImportId);

/// <summary>CSV and XLSX uploads of revenue entries. The upload is stored as a blob and queued; <see cref="ProcessRevenueImport"/>
/// validates every row, records the good ones (idempotent by their ids, so a retried message records nothing twice),
/// and reports progress and per-row problems.</summary>
public static class RevenueImports
{
    public const string Queue = "revenue-imports";
    public const long MaxBytes = ImportFiles.MaxBytes;
    public static readonly string[] Columns = ["id", "producerId", "productId", "channel", "marketplace", "month", "amountVnd", "quantity", "replaces", "adjusts", "note"];
    public static readonly string[] ExampleRow = ["2025-06-htx-001", "producer-id-here", "", "ecommerce", "shopee", "2025-06", "12500000", "50", "", "", "Doanh thu tháng 6"];
    public const int MaxReportedProblems = 1000;

    public static string Template => Csv.Line(Columns) + Csv.Line(ExampleRow);

    public static IEndpointRouteBuilder MapRevenueImports(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/revenue/imports").WithTags("Revenue").RequireAuthorization();
        group.MapPost("/", UploadAsync).TakesFile("text/csv", ImportFiles.XlsxType).ProducesProblem(422)
            .WithSummary($"Upload revenue entries as CSV (text/csv, UTF-8) or XLSX ({ImportFiles.XlsxType}), up to {ImportFiles.MaxRows} rows; ?allOrNothing=true records nothing unless every row is valid.");
        group.MapGet("/template.csv", () => TypedResults.Text(Template, "text/csv; charset=utf-8", Encoding.UTF8))
            .Answers(200, "text/csv").WithSummary("The CSV template with its columns.");
        group.MapGet("/template.xlsx", () => TypedResults.File(ImportFiles.XlsxTemplate(), ImportFiles.XlsxType, "mau-doanh-thu.xlsx"))
            .Answers(200, ImportFiles.XlsxType)
            .WithSummary("The XLSX template with its columns.");
        group.MapGet("/{id}", StatusAsync).WithSummary("Progress and per-row report of an import.");
        return app;
    }

    private static async Task<Results<Accepted<ImportStatus>, ProblemHttpResult>> UploadAsync(
        HttpRequest request, bool? allOrNothing, TableServiceClient tables, BlobServiceClient blobs, QueueServiceClient queues,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = Caller.From(request.HttpContext.User);
        if (caller.Role == Role.SalesPoint) return Problems.Forbidden("Sales points do not import revenue.");
        // The content type decides how the bytes are read; the bytes must agree (a zip is an XLSX, nothing else is).
        if (ImportFiles.FormatOf(request.ContentType) is not { } format) return Problems.UnsupportedMediaType("text/csv or " + ImportFiles.XlsxType);
        if (request.ContentLength > ImportFiles.MaxBytes) return Problems.TooLarge(ImportFiles.MaxBytes);
        // Department files are larger than the app's 1 MiB default for bodies.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = ImportFiles.MaxBytes;
        if (request.ContentLength == 0) return Problems.Invalid("body", "The file is empty.");

        // The body streams into its blob and is surveyed from there: an upload never holds the file.
        var id = Ids.New();
        var container = blobs.GetBlobContainerClient(StorageNames.RevenueImportsContainer);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var blob = container.GetBlobClient(id + ImportFiles.Extension(format));
        if (await ImportUploads.StoreAsync(request.Body, blob, ImportFiles.MaxBytes, cancellationToken) is { } tooLarge)
            return tooLarge;
        // Only the header and a count: the rows are read again, bounded, when the import is processed.
        var (survey, refused) = await ImportUploads.SurveyAsync(blob, format, cancellationToken);
        if (refused is not null) return refused;
        var (header, total) = survey!.Value;
        if (HeaderProblem(header) is { } problem)
        {
            await blob.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            return problem;
        }
        var status = new TableEntity(id, "")
        {
            ["Status"] = "queued", ["AllOrNothing"] = allOrNothing == true, ["TotalRows"] = total,
            ["ProcessedRows"] = 0,
            ["RecordedRows"] = 0, ["RejectedRows"] = 0, ["Problems"] = "[]", ["CreatedAt"] = clock.GetUtcNow(),
            ["CallerRole"] = caller.Role.ToString(), ["CallerProducerId"] = caller.ProducerId, ["CallerProvince"] = caller.Province,
            ["Format"] = format.ToString(),
        };
        await tables.GetTableClient(StorageNames.RevenueImportsTable).AddEntityAsync(status, cancellationToken);
        await queues.GetQueueClient(Queue).SendJobAsync(new ImportMessage(id), cancellationToken);
        return TypedResults.Accepted($"/api/revenue/imports/{id}", ToStatus(status));
    }

    /// <summary>The header's columns must come from the template, each once: a repeated column would leave its rows
    /// ambiguous (and the processor unable to read them).</summary>
    private static ProblemHttpResult? HeaderProblem(List<string> header)
    {
        header = [.. header.Select(h => h.Trim())];
        var missing = new[] { "id", "producerId", "channel", "month", "amountVnd", "quantity" }.Where(c => !header.Contains(c)).ToList();
        var unknown = header.Where(h => !Columns.Contains(h)).ToList();
        unknown.AddRange(header.GroupBy(h => h).Where(g => g.Count() > 1).Select(g => g.Key + " (repeated)"));
        return missing.Count > 0 || unknown.Count > 0
            ? Problems.Invalid("header", $"Columns must come from: {string.Join(", ", Columns)}. Missing: {string.Join(", ", missing)}. Unknown: {string.Join(", ", unknown)}.")
            : null;
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

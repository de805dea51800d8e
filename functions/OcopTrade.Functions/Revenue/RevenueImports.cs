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
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length > ImportFiles.MaxBytes) return Problems.TooLarge(ImportFiles.MaxBytes);
        // Only the header and a count: the rows are read again, bounded, when the import is processed.
        List<string> header;
        int total;
        buffer.Position = 0;
        try { (header, total) = ImportFiles.Survey(buffer, format, cancellationToken); }
        catch (ImportFileException e) { return ImportFiles.Problem(e); }
        header = [.. header.Select(h => h.Trim())];
        var missing = new[] { "id", "producerId", "channel", "month", "amountVnd", "quantity" }.Where(c => !header.Contains(c)).ToList();
        var unknown = header.Where(h => !Columns.Contains(h)).ToList();
        // A repeated column would leave its rows ambiguous (and the processor unable to read them): refused here.
        unknown.AddRange(header.GroupBy(h => h).Where(g => g.Count() > 1).Select(g => g.Key + " (repeated)"));
        if (missing.Count > 0 || unknown.Count > 0)
            return Problems.Invalid("header", $"Columns must come from: {string.Join(", ", Columns)}. Missing: {string.Join(", ", missing)}. Unknown: {string.Join(", ", unknown)}.");

        var id = Ids.New();
        var container = blobs.GetBlobContainerClient(StorageNames.RevenueImportsContainer);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await container.GetBlobClient(id + ImportFiles.Extension(format))
            .UploadAsync(Rewound(buffer), overwrite: true, cancellationToken);
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

    private static MemoryStream Rewound(MemoryStream buffer)
    {
        buffer.Position = 0;
        return buffer;
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

/// <summary>Processes one queued import. Safe to run again for the same message: rows are recorded by their ids, and
/// the province cells of batched rows under per-transaction markers.</summary>
public sealed class ProcessRevenueImport(
    TableServiceClient tables, BlobServiceClient blobs, ProducerStore producers, ProductStore products, RevenueStore store,
    ProvinceRollups provinceRollups, RollupLease lease)
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromMilliseconds(500);

    [Function(nameof(ProcessRevenueImport))]
    public async Task<JobResult> Run(
        [QueueTrigger(RevenueImports.Queue)] ImportMessage message, FunctionContext context)
    {
        var cancellationToken = context.CancellationToken;
        var table = tables.GetTableClient(StorageNames.RevenueImportsTable);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(message.ImportId, "", cancellationToken: cancellationToken);
        if (!found.HasValue) return JobResult.Done(null, $"{message.ImportId}: no such import.");
        var status = found.Value!;
        var caller = RevenueImports.CallerOf(status);
        var allOrNothing = status.GetBoolean("AllOrNothing") ?? false;
        var format = Enum.TryParse<ImportFormat>(status.GetString("Format"), out var f) ? f : ImportFormat.Csv;
        await using var file = await blobs.GetBlobContainerClient(StorageNames.RevenueImportsContainer)
            .GetBlobClient(message.ImportId + ImportFiles.Extension(format))
            .OpenReadAsync(cancellationToken: cancellationToken);
        List<List<string>> rows;
        // The stored file passed these bounds at upload; read again as it streams in, it is held to them again.
        try { rows = ImportFiles.Read(file, format, cancellationToken); }
        catch (ImportFileException e) { return await RejectFileAsync(table, status, e, cancellationToken); }
        var columns = rows[0].Select((h, i) => (Name: h.Trim(), i)).GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);

        // First pass: validate every row (fields and who may write for which producer) before anything is written.
        var problems = new List<ImportProblem>();
        var valid = new List<(int Row, RevenueFields Fields, string Province)>();
        HashSet<string> Named(string column) => rows.Skip(1)
            .Select(r => columns.TryGetValue(column, out var i) && i < r.Count ? r[i].Trim() : "")
            .Where(v => v.Length > 0).ToHashSet(StringComparer.Ordinal);
        var visible = await VisibleProducersAsync(caller, Named("producerId"), cancellationToken);
        var owners = await ProductOwnersAsync(Named("productId"), cancellationToken);
        for (var r = 1; r < rows.Count; r++)
        {
            var row = rows[r];
            string? Cell(string column) => columns.TryGetValue(column, out var i) && i < row.Count && row[i].Trim() is { Length: > 0 } v ? v : null;
            var errors = new FieldErrors();
            var fields = Parse(Cell, errors);
            if (fields is not null) fields = RevenueRules.Validate(fields, errors);
            if (fields is not null)
            {
                if (visible.GetValueOrDefault(fields.ProducerId!) is not { } producer) errors.Add("producerId", "No producer with that id is visible to you.");
                else if (fields.ProductId is { } productId && owners.GetValueOrDefault(productId) != producer.Id)
                    errors.Add("productId", RevenueEndpoints.NotTheProducersProduct);
                else valid.Add((r + 1, fields, producer.Province));
            }
            if (errors.Any) foreach (var (field, reasons) in errors.ToDictionary()) foreach (var reason in reasons) problems.Add(new(r + 1, field, reason));
        }
        // All or nothing means nothing: what writing would refuse (ids reused, corrections without a target) is found now.
        if (allOrNothing && problems.Count == 0) problems.AddRange(await store.ConflictsAsync(valid.Select(v => (v.Row, v.Fields)).ToList(), cancellationToken));
        // Rejected on a later delivery: an earlier one may have written part of the file and been stopped, maybe while
        // taking it back. Unless it had written all its plain rows (then corrections and province cells may rest on
        // them), what it wrote goes now.
        if (allOrNothing && problems.Count > 0 && context.DequeueCount() > 1 && status.GetString("Phase") != PlainRowsWritten)
            await WithdrawAsync(valid.Select(v => v.Fields.ProducerId!), message.ImportId, cancellationToken);
        status["Status"] = "running";
        await table.UpdateEntityAsync(status, Azure.ETag.All, TableUpdateMode.Merge, cancellationToken);

        var recorded = 0;
        if (!allOrNothing || problems.Count == 0)
        {
            var recordedBy = $"{caller.Role}:{caller.ProducerId ?? caller.Province ?? "admin"}:import:{message.ImportId}";
            var processed = 0;
            // Entries and every roll-up they move are written under one writer's lease: a rebuild waits for all of it.
            await using var writing = await lease.EnterWriterAsync(cancellationToken);
            using var stopProgress = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var progress = ReportProgressAsync(table, message.ImportId, () => Volatile.Read(ref processed), stopProgress.Token);

            try
            {
                // Plain rows take the batched path, a producer at a time (one partition each, in parallel).
                var plain = valid.Where(v => v.Fields.Replaces is null && v.Fields.Adjusts is null).GroupBy(v => v.Fields.ProducerId!).ToList();
                var outcomes = new System.Collections.Concurrent.ConcurrentBag<(ImportedRow Row, string Province)>();
                await Parallel.ForEachAsync(plain, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (producer, ct) =>
                {
                    var province = producer.First().Province;
                    var done = await store.RecordImportAsync(producer.Key, province, producer.Select(v => new ImportedRow(v.Row, v.Fields)).ToList(),
                        recordedBy, message.ImportId, n => Interlocked.Add(ref processed, n), ct, assumeNew: true);
                    foreach (var row in done) outcomes.Add((row, province));
                });
                foreach (var (row, _) in outcomes)
                {
                    if (row.Outcome is RecordOutcome.IdReused or RecordOutcome.OverMonthCap)
                    {
                        var field = row.Outcome == RecordOutcome.IdReused ? "id" : "amountVnd";
                        problems.Add(new(row.Row, field, RevenueStore.Reason(row.Outcome)));
                    }
                    else recorded++;
                }
                Volatile.Write(ref processed, outcomes.Count);
                if (allOrNothing && problems.Count > 0)
                {
                    // Someone took one of the file's ids (or room in a month) after the check above: take back what
                    // this import wrote. Its plain rows were not all written, so no delivery reached its province
                    // cells, which come after them.
                    await WithdrawAsync(outcomes.Where(o => o.Row.Counts).Select(o => o.Row.Fields.ProducerId!), message.ImportId, cancellationToken);
                    recorded = 0;
                }
                else
                {
                    if (allOrNothing)
                        await table.UpdateEntityAsync(new TableEntity(message.ImportId, "") { ["Phase"] = PlainRowsWritten }, Azure.ETag.All, TableUpdateMode.Merge, cancellationToken);
                    // Corrections name earlier entries (maybe rows above): one at a time, in file order, after the plain rows.
                    foreach (var (row, fields, province) in valid.Where(v => v.Fields.Replaces is not null || v.Fields.Adjusts is not null))
                    {
                        var (outcome, _) = await store.RecordHeldAsync(fields, province, recordedBy, cancellationToken);
                        if (outcome is RecordOutcome.Created or RecordOutcome.Replayed) recorded++;
                        else problems.Add(new(row, outcome switch
                        {
                            RecordOutcome.IdReused => "id",
                            RecordOutcome.OverMonthCap => "amountVnd",
                            _ => fields.Replaces is not null ? "replaces" : "adjusts",
                        }, RevenueStore.Reason(outcome)));
                        Interlocked.Increment(ref processed);
                    }
                    await provinceRollups.ApplyImportAsync(message.ImportId,
                        outcomes.Where(o => o.Row.Counts).Select(o => (o.Row.Fields.ProducerId!, o.Province,
                            new RollupDelta(o.Row.Fields.Channel!.Value, o.Row.Fields.Month!, o.Row.Fields.AmountVnd!.Value, o.Row.Fields.Quantity!.Value))),
                        cancellationToken);
                }
            }
            finally
            {
                await stopProgress.CancelAsync();
                await progress;
            }
        }
        var rejected = problems.Select(p => p.Row).Distinct().Count();
        status["Status"] = allOrNothing && problems.Count > 0 ? "rejected" : "completed";
        status["ProcessedRows"] = rows.Count - 1;
        status["RecordedRows"] = recorded;
        status["RejectedRows"] = rejected;
        status["Problems"] = JsonSerializer.Serialize(problems.OrderBy(p => p.Row).Take(RevenueImports.MaxReportedProblems), Json.Options);
        await table.UpdateEntityAsync(status, Azure.ETag.All, TableUpdateMode.Merge, cancellationToken);
        return JobResult.Done(new JsonObject { ["recorded"] = recorded, ["rejected"] = rejected }, $"{message.ImportId}: {recorded} recorded, {rejected} rejected.");
    }

    /// <summary>A stored file that cannot be read within the bounds ends the import rejected, naming why: retrying
    /// would read it the same way.</summary>
    private static async Task<JobResult> RejectFileAsync(
        TableClient table, TableEntity status, ImportFileException refusal, CancellationToken cancellationToken)
    {
        status["Status"] = "rejected";
        status["RejectedRows"] = status.GetInt32("TotalRows") ?? 0;
        var problems = new[] { new ImportProblem(1, refusal.Field, refusal.Message) };
        status["Problems"] = JsonSerializer.Serialize(problems, Json.Options);
        await table.UpdateEntityAsync(status, Azure.ETag.All, TableUpdateMode.Merge, cancellationToken);
        var result = new JsonObject { ["recorded"] = 0, ["rejected"] = status.GetInt32("RejectedRows") };
        return JobResult.Done(result, $"{status.PartitionKey}: {refusal.Message}");
    }

    /// <summary>Above this many producers in one file, reading the caller's producers page by page (1 000 a request)
    /// is cheaper than a point read per producer: a national file names ten thousand.</summary>
    private const int ListProducersAbove = 200;

    /// <summary>The producers a file names that the caller may write for (those it may not, or that do not exist, are
    /// absent), each looked up once.</summary>
    private async Task<Dictionary<string, Producer>> VisibleProducersAsync(Caller caller, HashSet<string> ids, CancellationToken cancellationToken)
    {
        var visible = new System.Collections.Concurrent.ConcurrentDictionary<string, Producer>(StringComparer.Ordinal);
        if (ids.Count <= ListProducersAbove)
            await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (id, ct) =>
            {
                if (await producers.FindAsync(id, ct) is { } p && caller.Manages(p.Id, p.Province)) visible[id] = p;
            });
        else
        {
            string? continuation = null;
            do
            {
                var page = await producers.ListAsync(caller, new ProducerFilter(null, null, null), continuation, 1000, cancellationToken);
                foreach (var p in page.Items) if (ids.Contains(p.Id) && caller.Manages(p.Id, p.Province)) visible[p.Id] = p;
                continuation = page.ContinuationToken;
            } while (continuation is not null);
        }
        return new(visible, StringComparer.Ordinal);
    }

    /// <summary>The producer of each product a file names (products that do not exist are absent), each looked up
    /// once.</summary>
    private async Task<Dictionary<string, string>> ProductOwnersAsync(HashSet<string> ids, CancellationToken cancellationToken)
    {
        var owners = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var options = new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(ids, options, async (id, ct) =>
        {
            if (await products.FindAsync(id, ct) is { } found) owners[id] = found.Product.ProducerId;
        });
        return new(owners, StringComparer.Ordinal);
    }

    /// <summary>Written on the import once all its plain rows are: corrections and province cells follow, and from then
    /// on nothing it wrote is taken back.</summary>
    private const string PlainRowsWritten = "plainRowsWritten";

    private Task WithdrawAsync(IEnumerable<string> producers, string importId, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(producers.Distinct(StringComparer.Ordinal), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (producer, ct) => await store.WithdrawImportAsync(producer, importId, ct));

    /// <summary>Writes the count of written rows twice a second while the import runs: what a progress bar polls.</summary>
    private static async Task ReportProgressAsync(TableClient table, string importId, Func<int> processed, CancellationToken stop)
    {
        var last = -1;
        while (!stop.IsCancellationRequested)
        {
            try { await Task.Delay(ProgressEvery, stop); } catch (OperationCanceledException) { return; }
            var now = processed();
            if (now == last) continue;
            last = now;
            try
            {
                await table.UpdateEntityAsync(new TableEntity(importId, "") { ["ProcessedRows"] = now }, Azure.ETag.All, TableUpdateMode.Merge, stop);
            }
            catch (OperationCanceledException) { return; }
        }
    }

    private static RevenueFields? Parse(Func<string, string?> cell, FieldErrors errors)
    {
        SalesChannel? channel = null; Marketplace? marketplace = null; long? amount = null, quantity = null;
        if (cell("channel") is { } ch)
            channel = QueryValues.Enum<SalesChannel>("channel", ch, errors);
        if (cell("marketplace") is { } m)
            marketplace = QueryValues.Enum<Marketplace>("marketplace", m, errors);
        if (cell("amountVnd") is { } a)
        {
            if (long.TryParse(a, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var v)) amount = v;
            else errors.Add("amountVnd", "Whole VND without separators, e.g. 12500000.");
        }
        if (cell("quantity") is { } q)
        {
            if (long.TryParse(q, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var v)) quantity = v;
            else errors.Add("quantity", "A whole number.");
        }
        if (errors.Any) return null;
        return new RevenueFields(cell("id"), cell("producerId"), cell("productId"), channel, marketplace,
            cell("month"), amount, quantity, cell("replaces"), cell("adjusts"), cell("note"));
    }
}

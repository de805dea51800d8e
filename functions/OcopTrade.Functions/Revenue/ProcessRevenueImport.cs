using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Producers;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Revenue;

/// <summary>
/// Processes one queued import, reading the stored file in passes instead of holding it: the first finds what must be
/// looked up, the second checks every row (keeping problems and a bit per valid row), an all-or-nothing file is then
/// checked against what is stored, and the writing passes record plain rows a chunk at a time, then corrections.
/// Safe to run again for the same message: rows are recorded by their ids, and the province cells of batched rows
/// under per-transaction markers.
/// </summary>
public sealed class ProcessRevenueImport(
    TableServiceClient tables, BlobServiceClient blobs, ProducerStore producers, ProductStore products, RevenueStore store,
    ProvinceRollups provinceRollups, RollupLease lease, IConfiguration configuration)
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromMilliseconds(500);

    /// <summary>Plain rows written per chunk (setting <c>Revenue:ImportChunkRows</c>): a national file's chunk still
    /// gives each of its few hundred producers close to a full transaction (smaller chunks split them into many small
    /// ones), and holds some tens of MiB of fields and entities, not the file's hundreds.</summary>
    public const int DefaultChunkRows = 20_000;

    private readonly int _chunkRows =
        Math.Clamp(configuration.GetValue("Revenue:ImportChunkRows", DefaultChunkRows), 100, ImportFiles.MaxRows);

    /// <summary>One run of an import: the stored file, read again for each pass, and what the passes found.</summary>
    private sealed record ImportRun(
        string ImportId, string RecordedBy, bool AllOrNothing, StoredImportFile File, ImportValidation Validation,
        ImportReport Report)
    {
        public IEnumerable<ValidRow> ValidRows() => Validation.ValidRows(ImportSurvey.Numbered(File.Rows()));
    }

    /// <summary>What the plain rows' writing left: rows written or met, recorded, and whose cells to apply.</summary>
    private sealed class PlainRows
    {
        public int Met;
        public int Recorded;
        public ImportRollup Rollup { get; } = new();
        public HashSet<string> Counted { get; } = new(StringComparer.Ordinal);
    }

    [Function(nameof(ProcessRevenueImport))]
    public Task<JobResult> Run([QueueTrigger(RevenueImports.Queue)] ImportMessage message, FunctionContext context) =>
        ProcessAsync(message, context.DequeueCount(), context.CancellationToken);

    /// <summary>The import's processing, given how many times its message has been delivered.</summary>
    public async Task<JobResult> ProcessAsync(ImportMessage message, long deliveries, CancellationToken cancellationToken)
    {
        var table = tables.GetTableClient(StorageNames.RevenueImportsTable);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(message.ImportId, "", cancellationToken: cancellationToken);
        if (!found.HasValue) return JobResult.Done(null, $"{message.ImportId}: no such import.");
        var status = found.Value!;
        var caller = RevenueImports.CallerOf(status);
        var allOrNothing = status.GetBoolean("AllOrNothing") ?? false;
        var format = Enum.TryParse<ImportFormat>(status.GetString("Format"), out var f) ? f : ImportFormat.Csv;
        var file = new StoredImportFile(blobs.GetBlobContainerClient(StorageNames.RevenueImportsContainer)
            .GetBlobClient(message.ImportId + ImportFiles.Extension(format)), format, cancellationToken);
        // The stored file passed these bounds at upload; read again as it streams in, it is held to them again.
        ImportSurvey survey;
        try { survey = ImportSurvey.Of(file.Rows()); }
        catch (ImportFileException e) { return await RejectFileAsync(table, status, e, cancellationToken); }

        // Every row is checked (fields and who may write for which producer) before anything is written.
        var lookups = new ImportLookups(producers, products);
        var visible = await lookups.VisibleProducersAsync(caller, survey.ProducerIds, cancellationToken);
        var owners = await lookups.ProductOwnersAsync(survey.ProductIds, cancellationToken);
        var report = new ImportReport(RevenueImports.MaxReportedProblems);
        var validation = ImportValidation.Of(ImportSurvey.Numbered(file.Rows()), survey.Rows,
            new ImportCheck(survey.Columns, visible, owners), report);
        var recordedBy = $"{caller.Role}:{caller.ProducerId ?? caller.Province ?? "admin"}:import:{message.ImportId}";
        var run = new ImportRun(message.ImportId, recordedBy, allOrNothing, file, validation, report);
        // All or nothing means nothing: what writing would refuse (ids reused, corrections without a target) is found now.
        if (allOrNothing && !report.Any) await CheckConflictsAsync(run, cancellationToken);
        // Rejected on a later delivery: an earlier one may have written part of the file and been stopped, maybe while
        // taking it back. Unless it had written all its plain rows (then corrections and province cells may rest on
        // them), what it wrote goes now.
        if (allOrNothing && report.Any && deliveries > 1 && status.GetString("Phase") != PlainRowsWritten)
            await WithdrawAsync(validation.Producers, message.ImportId, cancellationToken);
        status["Status"] = "running";
        await table.UpdateEntityAsync(status, Azure.ETag.All, TableUpdateMode.Merge, cancellationToken);

        var recorded = !allOrNothing || !report.Any ? await WriteAsync(run, table, cancellationToken) : 0;
        status["Status"] = allOrNothing && report.Any ? "rejected" : "completed";
        status["ProcessedRows"] = survey.Rows;
        status["RecordedRows"] = recorded;
        status["RejectedRows"] = report.RejectedRows;
        status["Problems"] = ImportProblemsColumn.Serialize(report.Reported());
        await table.UpdateEntityAsync(status, Azure.ETag.All, TableUpdateMode.Merge, cancellationToken);
        return JobResult.Done(new JsonObject { ["recorded"] = recorded, ["rejected"] = report.RejectedRows },
            $"{message.ImportId}: {recorded} recorded, {report.RejectedRows} rejected.");
    }

    /// <summary>Passes over the valid rows against what each producer has stored: plain rows first, then corrections,
    /// each in file order, as they would be written.</summary>
    private async Task CheckConflictsAsync(ImportRun run, CancellationToken cancellationToken)
    {
        var conflicts = await store.ConflictCheckAsync(run.Validation.Producers, cancellationToken);
        foreach (var row in run.ValidRows().Where(r => !r.IsCorrection))
            if (conflicts.Check(row.Row, row.Fields) is { } problem) run.Report.Add(problem);
        if (run.Validation.Corrections == 0) return;
        foreach (var row in run.ValidRows().Where(r => r.IsCorrection))
            if (conflicts.Check(row.Row, row.Fields) is { } problem) run.Report.Add(problem);
    }

    /// <summary>Writes the valid rows and the province cells they move; answers how many were recorded.</summary>
    private async Task<int> WriteAsync(ImportRun run, TableClient table, CancellationToken cancellationToken)
    {
        var processed = new StrongBox<int>();
        // Entries and every roll-up they move are written under one writer's lease: a rebuild waits for all of it.
        await using var writing = await lease.EnterWriterAsync(cancellationToken);
        using var stopProgress = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var progress = ReportProgressAsync(table, run.ImportId, () => Volatile.Read(ref processed.Value), stopProgress.Token);
        try
        {
            var plain = await WritePlainRowsAsync(run, processed, cancellationToken);
            Volatile.Write(ref processed.Value, plain.Met);
            if (run.AllOrNothing && run.Report.Any)
            {
                // Someone took one of the file's ids (or room in a month) after the check above: take back what
                // this import wrote. Its plain rows were not all written, so no delivery reached its province
                // cells, which come after them.
                await WithdrawAsync(plain.Counted, run.ImportId, cancellationToken);
                return 0;
            }
            if (run.AllOrNothing)
                await table.UpdateEntityAsync(new TableEntity(run.ImportId, "") { ["Phase"] = PlainRowsWritten },
                    Azure.ETag.All, TableUpdateMode.Merge, cancellationToken);
            var corrections = run.Validation.Corrections == 0 ? 0 : await WriteCorrectionsAsync(run, processed, cancellationToken);
            await provinceRollups.ApplyImportAsync(run.ImportId, plain.Rollup.Contributions, cancellationToken);
            return plain.Recorded + corrections;
        }
        finally
        {
            await stopProgress.CancelAsync();
            await progress;
        }
    }

    /// <summary>Plain rows take the batched path, a chunk of the file at a time and within it a producer at a time
    /// (one partition each, in parallel); each producer's ledger carries what its earlier chunks met.</summary>
    private async Task<PlainRows> WritePlainRowsAsync(ImportRun run, StrongBox<int> processed, CancellationToken cancellationToken)
    {
        var written = new PlainRows();
        var ledgers = new Dictionary<string, ImportLedger>(StringComparer.Ordinal);
        var options = new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken };
        foreach (var chunk in run.ValidRows().Where(r => !r.IsCorrection).Chunk(_chunkRows))
        {
            var outcomes = new ConcurrentBag<(ImportedRow Row, string Province)>();
            var parts = chunk.GroupBy(r => r.Fields.ProducerId!, StringComparer.Ordinal).Select(g => (
                Ledger: LedgerOf(ledgers, g.Key, g.First().Province),
                Rows: (IReadOnlyList<ImportedRow>)[.. g.Select(r => new ImportedRow(r.Row, r.Fields))])).ToList();
            await Parallel.ForEachAsync(parts, options, async (part, ct) =>
            {
                var done = await store.RecordImportAsync(part.Ledger, part.Rows, run.RecordedBy, run.ImportId,
                    n => Interlocked.Add(ref processed.Value, n), ct, assumeNew: true);
                foreach (var row in done) outcomes.Add((row, part.Ledger.Province));
            });
            foreach (var (row, province) in outcomes) Tally(run.Report, written, row, province);
        }
        return written;
    }

    private static ImportLedger LedgerOf(Dictionary<string, ImportLedger> ledgers, string producerId, string province)
    {
        if (!ledgers.TryGetValue(producerId, out var ledger)) ledgers[producerId] = ledger = new(producerId, province);
        return ledger;
    }

    private static void Tally(ImportReport report, PlainRows written, ImportedRow row, string province)
    {
        written.Met++;
        if (row.Outcome is RecordOutcome.IdReused or RecordOutcome.OverMonthCap)
        {
            var field = row.Outcome == RecordOutcome.IdReused ? "id" : "amountVnd";
            report.Add(new ImportProblem(row.Row, field, RevenueStore.Reason(row.Outcome)));
            return;
        }
        written.Recorded++;
        if (!row.Counts) return;
        written.Counted.Add(row.Fields.ProducerId!);
        written.Rollup.Add(row.Fields.ProducerId!, province, row.Fields);
    }

    /// <summary>Corrections name earlier entries (maybe rows above): one at a time, in file order, after the plain
    /// rows.</summary>
    private async Task<int> WriteCorrectionsAsync(ImportRun run, StrongBox<int> processed, CancellationToken cancellationToken)
    {
        var recorded = 0;
        foreach (var (row, fields, province) in run.ValidRows().Where(r => r.IsCorrection))
        {
            var (outcome, _) = await store.RecordHeldAsync(fields, province, run.RecordedBy, cancellationToken);
            if (outcome is RecordOutcome.Created or RecordOutcome.Replayed) recorded++;
            else run.Report.Add(new ImportProblem(row, outcome switch
            {
                RecordOutcome.IdReused => "id",
                RecordOutcome.OverMonthCap => "amountVnd",
                _ => fields.Replaces is not null ? "replaces" : "adjusts",
            }, RevenueStore.Reason(outcome)));
            Interlocked.Increment(ref processed.Value);
        }
        return recorded;
    }

    /// <summary>A stored file that cannot be read within the bounds ends the import rejected, naming why: retrying
    /// would read it the same way.</summary>
    private static async Task<JobResult> RejectFileAsync(
        TableClient table, TableEntity status, ImportFileException refusal, CancellationToken cancellationToken)
    {
        status["Status"] = "rejected";
        status["RejectedRows"] = status.GetInt32("TotalRows") ?? 0;
        var problems = new[] { new ImportProblem(1, refusal.Field, refusal.Message) };
        status["Problems"] = ImportProblemsColumn.Serialize(problems);
        await table.UpdateEntityAsync(status, Azure.ETag.All, TableUpdateMode.Merge, cancellationToken);
        var result = new JsonObject { ["recorded"] = 0, ["rejected"] = status.GetInt32("RejectedRows") };
        return JobResult.Done(result, $"{status.PartitionKey}: {refusal.Message}");
    }

    /// <summary>Written on the import once all its plain rows are: corrections and province cells follow, and from then
    /// on nothing it wrote is taken back.</summary>
    private const string PlainRowsWritten = "plainRowsWritten";

    private Task WithdrawAsync(IEnumerable<string> producers, string importId, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(producers.Distinct(StringComparer.Ordinal), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (producer, ct) => await store.WithdrawImportAsync(producer, importId, ct));

    /// <summary>Writes the count of written rows twice a second while the import runs: what a progress bar polls.</summary>
    public static async Task ReportProgressAsync(TableClient table, string importId, Func<int> processed, CancellationToken stop)
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
}

/// <summary>An import's stored file, read from its start again for every pass: a CSV as it streams from the blob, an
/// XLSX from its zip directory (the blob stream seeks), a row held at a time.</summary>
public sealed class StoredImportFile(BlobClient blob, ImportFormat format, CancellationToken cancellationToken)
{
    public IEnumerable<List<string>> Rows()
    {
        using var content = blob.OpenRead(cancellationToken: cancellationToken);
        foreach (var row in ImportFiles.Rows(content, format, cancellationToken)) yield return row;
    }
}

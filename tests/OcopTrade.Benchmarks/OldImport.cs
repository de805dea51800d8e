using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Producers;
using OcopTrade.Functions.Products;
using OcopTrade.Functions.Revenue;

namespace OcopTrade.Benchmarks;

#pragma warning disable

/// <summary>
/// The list-based import the app had before issue #18's streaming, kept only as the import benchmark's "before": the
/// upload buffered whole in memory, and the worker reading the stored file into a list of rows, validating them into
/// a list of valid rows and writing each producer's rows in one call. Copied from ProcessRevenueImport and
/// RevenueImports.UploadAsync at 4e61893; it calls the same stores, so only the holding of rows differs.
/// </summary>
public sealed class OldImport(
    TableServiceClient tables, BlobServiceClient blobs, ProducerStore producers, ProductStore products, RevenueStore store,
    ProvinceRollups provinceRollups, RollupLease lease)
{
    /// <summary>The upload as it was: the body copied into a memory stream, surveyed, and stored from there.</summary>
    public static async Task UploadAsync(Stream body, BlobClient blob, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        ImportFiles.Survey(buffer, ImportFormat.Csv, cancellationToken);
        buffer.Position = 0;
        await blob.UploadAsync(buffer, overwrite: true, cancellationToken);
    }

    public async Task<int> RunAsync(ImportMessage message, long dequeueCount, CancellationToken cancellationToken)
    {
        var table = tables.GetTableClient(StorageNames.RevenueImportsTable);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(message.ImportId, "", cancellationToken: cancellationToken);
        if (!found.HasValue) return 0;
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
        catch (ImportFileException) { return 0; }
        // First pass: validate every row (fields and who may write for which producer) before anything is written.
        // The row check is the app's own (the same rules); what differs is that every row is held, then every valid one.
        var problems = new List<ImportProblem>();
        var valid = new List<(int Row, RevenueFields Fields, string Province)>();
        var survey = ImportSurvey.Of(rows);
        var lookups = new ImportLookups(producers, products);
        var check = new ImportCheck(survey.Columns, await lookups.VisibleProducersAsync(caller, survey.ProducerIds, cancellationToken),
            await lookups.ProductOwnersAsync(survey.ProductIds, cancellationToken));
        for (var r = 1; r < rows.Count; r++)
        {
            var errors = new FieldErrors();
            if (check.Read(new NumberedRow(r + 1, rows[r]), errors) is { } v) valid.Add((v.Row, v.Fields, v.Province));
            if (errors.Any) foreach (var (field, reasons) in errors.ToDictionary()) foreach (var reason in reasons) problems.Add(new(r + 1, field, reason));
        }
        // All or nothing means nothing: what writing would refuse (ids reused, corrections without a target) is found now.
        if (allOrNothing && problems.Count == 0) problems.AddRange(await store.ConflictsAsync(valid.Select(v => (v.Row, v.Fields)).ToList(), cancellationToken));
        // Rejected on a later delivery: an earlier one may have written part of the file and been stopped, maybe while
        // taking it back. Unless it had written all its plain rows (then corrections and province cells may rest on
        // them), what it wrote goes now.
        if (allOrNothing && problems.Count > 0 && dequeueCount > 1 && status.GetString("Phase") != PlainRowsWritten)
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
            var progress = ProcessRevenueImport.ReportProgressAsync(table, message.ImportId, () => Volatile.Read(ref processed), stopProgress.Token);

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
        return recorded;
    }

    /// <summary>Written on the import once all its plain rows are: corrections and province cells follow, and from then
    /// on nothing it wrote is taken back.</summary>
    private const string PlainRowsWritten = "plainRowsWritten";

    private Task WithdrawAsync(IEnumerable<string> producers, string importId, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(producers.Distinct(StringComparer.Ordinal), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (producer, ct) => await store.WithdrawImportAsync(producer, importId, ct));
}

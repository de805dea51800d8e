using System.Globalization;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Products;

/// <summary>A certificate the watch found expiring (≤ 90 days), expired or revoked, as the lists show it.</summary>
public sealed record CertificateMark(
    string ProductId, string ProducerId, string Province, string? ProductName, int? Stars, ProductGroup? Group, ProductStatus Status,
    string? CertificateNumber, DateOnly IssueDate, DateOnly ValidUntil, CertificateState State, int DaysLeft, DateTimeOffset MarkedAt);

/// <summary>The watch's table. Per province partition: one "w|product" row per certificate needing attention (deleted
/// when it is valid again), and one "c|product|issueDate" row per certificate ever seen, which is how a re-certification
/// (a product with an earlier certificate) is told from a new product. A "~watch" row keeps the time of the last run.</summary>
public sealed class CertificateWatchStore(TableServiceClient service)
{
    private readonly TableClient _table = service.GetTableClient(StorageNames.CertificateWatchTable);
    private const string RunPartition = "~watch";

    public async Task<List<CertificateMark>> MarksAsync(IEnumerable<string> provinceKeys, string? producerId, CancellationToken cancellationToken)
    {
        var marks = new List<CertificateMark>();
        foreach (var key in provinceKeys)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {key} and RowKey ge {"w|"} and RowKey lt {"w}"}");
            if (producerId is not null) filter += " and " + TableClient.CreateQueryFilter($"ProducerId eq {producerId}");
            await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
                marks.Add(new CertificateMark(e.RowKey[2..], e.GetString("ProducerId"), e.GetString("Province"), e.GetString("ProductName"),
                    e.GetInt32("Stars"), e.GetString("Group") is { } g ? Enum.Parse<ProductGroup>(g) : null, Enum.Parse<ProductStatus>(e.GetString("Status")),
                    e.GetString("CertificateNumber"), Day(e.GetString("IssueDate")), Day(e.GetString("ValidUntil")),
                    Enum.Parse<CertificateState>(e.GetString("State")), e.GetInt32("DaysLeft") ?? 0, e.GetDateTimeOffset("MarkedAt")!.Value));
        }
        return marks;
    }

    /// <summary>Issue dates of every certificate the watch has seen, per product.</summary>
    public async Task<Dictionary<string, List<DateOnly>>> HistoryAsync(IEnumerable<string> provinceKeys, CancellationToken cancellationToken)
    {
        var history = new Dictionary<string, List<DateOnly>>(StringComparer.Ordinal);
        foreach (var key in provinceKeys)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {key} and RowKey ge {"c|"} and RowKey lt {"c}"}");
            await foreach (var e in _table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
            {
                var parts = e.RowKey.Split('|');
                if (!history.TryGetValue(parts[1], out var dates)) history[parts[1]] = dates = [];
                dates.Add(Day(parts[2]));
            }
        }
        return history;
    }

    public async Task<DateTimeOffset?> LastRunAsync(CancellationToken cancellationToken)
    {
        var run = await _table.GetEntityIfExistsAsync<TableEntity>(RunPartition, "last", cancellationToken: cancellationToken);
        return run.HasValue ? run.Value!.GetDateTimeOffset("At") : null;
    }

    internal Task NoteRunAsync(DateTimeOffset at, int marked, CancellationToken cancellationToken) =>
        _table.UpsertEntityAsync(new TableEntity(RunPartition, "last") { ["At"] = at, ["Marked"] = marked }, TableUpdateMode.Replace, cancellationToken);

    internal Task SeenAsync(string provinceKey, string productId, DateOnly issueDate, CancellationToken cancellationToken) =>
        _table.UpsertEntityAsync(new TableEntity(provinceKey, $"c|{productId}|{ProductStore.Day(issueDate)}"), TableUpdateMode.Merge, cancellationToken);

    internal Task MarkAsync(Product p, Certificate c, DateOnly today, DateTimeOffset now, CancellationToken cancellationToken) =>
        _table.UpsertEntityAsync(new TableEntity(Provinces.Key(p.Province), "w|" + p.Id)
        {
            ["ProducerId"] = p.ProducerId, ["Province"] = p.Province, ["ProductName"] = p.Fields.Name, ["Stars"] = p.Fields.Stars,
            ["Group"] = p.Fields.Group?.ToString(), ["Status"] = p.Status.ToString(), ["CertificateNumber"] = c.Number,
            ["IssueDate"] = ProductStore.Day(c.IssueDate), ["ValidUntil"] = ProductStore.Day(c.ValidUntil), ["State"] = c.State.ToString(),
            ["DaysLeft"] = c.ValidUntil.DayNumber - today.DayNumber, ["MarkedAt"] = now,
        }, TableUpdateMode.Replace, cancellationToken);

    /// <summary>Removes marks of products that no longer need attention (re-certified, deleted, moved).</summary>
    internal async Task<int> UnmarkAllExceptAsync(HashSet<(string Province, string Product)> keep, CancellationToken cancellationToken)
    {
        var removed = 0;
        var filter = TableClient.CreateQueryFilter($"RowKey ge {"w|"} and RowKey lt {"w}"}");
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            if (keep.Contains((e.PartitionKey, e.RowKey[2..]))) continue;
            try { await _table.DeleteEntityAsync(e.PartitionKey, e.RowKey, ETag.All, cancellationToken); removed++; }
            catch (RequestFailedException x) when (x.Status == 404) { }
        }
        return removed;
    }

    private static DateOnly Day(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>Every night at 00:10 Vietnam time, after the lapse sweep: marks each certificate expiring within 90 days,
/// expired or revoked, so the department's and producers' lists read one partition instead of every product; and notes
/// each certificate it sees, so re-certifications can be counted. Idempotent: a rerun writes the same rows.</summary>
public sealed class CertificateWatch(TableServiceClient service, CertificateWatchStore watch, TimeProvider clock)
{
    public const string Schedule = "0 10 17 * * *";

    [Function(nameof(CertificateWatch))]
    public async Task<JobResult> Run(
        [TimerTrigger("%CertificateWatchSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var today = CertificateValidity.TodayInVietnam(clock);
        var now = clock.GetUtcNow();
        var marked = new HashSet<(string, string)>();
        var seen = 0;
        var products = service.GetTableClient(StorageNames.ProductsTable);
        await foreach (var entity in products.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"CertificateIssueDate ne {""}"), cancellationToken: cancellationToken))
        {
            var product = ProductEntity.ToProduct(entity);
            if (product.CertificateOn(today) is not { } certificate) continue;
            var province = Provinces.Key(product.Province);
            await watch.SeenAsync(province, product.Id, certificate.IssueDate, cancellationToken);
            seen++;
            if (certificate.State == CertificateState.Valid) continue;
            await watch.MarkAsync(product, certificate, today, now, cancellationToken);
            marked.Add((province, product.Id));
        }
        var cleared = await watch.UnmarkAllExceptAsync(marked, cancellationToken);
        await watch.NoteRunAsync(now, marked.Count, cancellationToken);
        return JobResult.Done(new JsonObject { ["certificates"] = seen, ["marked"] = marked.Count, ["cleared"] = cleared },
            $"Watched {seen} certificates: {marked.Count} expiring, expired or revoked; {cleared} marks cleared.");
    }
}

using System.Text.RegularExpressions;
using Azure.Data.Tables;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Traceability;

/// <summary>One row per scan of a trace page: when, which code, which sales point (the <c>sp</c> query parameter
/// printed on shelf labels), and a coarse device class. No IP, no user agent, nothing personal is kept.</summary>
public sealed partial class ScanLog(TableServiceClient service, TimeProvider clock)
{
    private readonly TableClient _table = service.GetTableClient(StorageNames.ScansTable);

    public async Task RecordAsync(string code, string? salesPoint, string? userAgent, CancellationToken cancellationToken, string? province = null)
    {
        var now = clock.GetUtcNow();
        // Newest first within the code's partition: inverted ticks sort descending as text.
        var row = (DateTimeOffset.MaxValue.UtcTicks - now.UtcTicks).ToString("D19") + Ids.New();
        await _table.AddEntityAsync(new TableEntity(code, row)
        {
            ["At"] = now,
            ["SalesPoint"] = salesPoint is not null && SalesPointId().IsMatch(salesPoint) ? salesPoint : null,
            ["Device"] = DeviceClass(userAgent),
            ["Province"] = province,
        }, cancellationToken);
    }

    /// <summary>Scans made from <paramref name="sinceUtc"/> on, as (code, time, province) for the counterfeit signals.</summary>
    public async IAsyncEnumerable<(string Code, DateTimeOffset At, string? Province)> SinceAsync(
        DateTimeOffset sinceUtc, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"At ge {sinceUtc}");
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "At", "Province"], cancellationToken: cancellationToken))
            yield return (e.PartitionKey, e.GetDateTimeOffset("At")!.Value, e.GetString("Province"));
    }

    public static string DeviceClass(string? userAgent) => userAgent switch
    {
        null or "" => "unknown",
        _ when Bots().IsMatch(userAgent) => "bot",
        _ when userAgent.Contains("Mobi", StringComparison.Ordinal) || userAgent.Contains("Android", StringComparison.Ordinal) => "phone",
        _ when userAgent.Contains("iPad", StringComparison.Ordinal) || userAgent.Contains("Tablet", StringComparison.Ordinal) => "tablet",
        _ => "desktop",
    };

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex SalesPointId();

    [GeneratedRegex("bot|crawl|spider|preview|curl|wget", RegexOptions.IgnoreCase)]
    private static partial Regex Bots();
}

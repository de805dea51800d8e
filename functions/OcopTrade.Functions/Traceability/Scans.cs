using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Traceability;

/// <summary>A scan as the EPCIS log reads it: the code, its row, when, and the sales point whose till scanned
/// it.</summary>
public sealed record ObservedScan(string Code, string RowKey, DateTimeOffset At, string? SalesPointId);

/// <summary>A scan as the counterfeit signals read it: at a sales point's till (with its province), or a view of the
/// trace page by some client (a daily tag, see <see cref="ScanLog"/>).</summary>
public sealed record ScanSeen(string Code, DateTimeOffset At, bool AtSalesPoint, string? Province, string? Client);

/// <summary>One row per scan of a trace page: when, which code, which sales point (the <c>sp</c> query parameter
/// printed on shelf labels, or the sales point's own scan), and a coarse device class. No IP, no user agent, nothing
/// personal is kept: a page view carries only a client tag, a keyed hash of address, device class and day, so views by
/// one client on one day are counted once, yet the tag cannot be turned back into an address and changes daily.</summary>
public sealed partial class ScanLog(TableServiceClient service, TraceCodeKeys keys, TimeProvider clock)
{
    private const string SalesPointKind = "salesPoint";
    private readonly TableClient _table = service.GetTableClient(StorageNames.ScansTable);
    private readonly byte[] _tagKey = HMACSHA256.HashData(keys.Current, "ocop-scan-client"u8);

    /// <summary>A view of the trace page, from the address the request came from.</summary>
    public Task RecordViewAsync(
        string code, string? salesPoint, string address, string? userAgent, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var device = DeviceClass(userAgent);
        return AddAsync(now, new TableEntity
        {
            PartitionKey = code,
            ["Kind"] = "view",
            ["SalesPoint"] = salesPoint is not null && SalesPointId().IsMatch(salesPoint) ? salesPoint : null,
            ["Device"] = device,
            ["Client"] = ClientTag(address, device, now),
        }, cancellationToken);
    }

    /// <summary>A scan at a registered sales point's till, made with its own key; at an event's stall, with the
    /// event.</summary>
    public Task RecordSalesPointScanAsync(
        string code, string salesPointId, string? province, CancellationToken cancellationToken, string? eventId = null)
    {
        var scan = new TableEntity
        {
            PartitionKey = code, ["Kind"] = SalesPointKind, ["SalesPoint"] = salesPointId, ["Device"] = SalesPointKind,
            ["Province"] = province,
        };
        if (eventId is not null) scan["Event"] = eventId;
        return AddAsync(clock.GetUtcNow(), scan, cancellationToken);
    }

    /// <summary>Views of a code's trace page by people in [<paramref name="from"/>, <paramref name="to"/>): tills'
    /// own scans and bots are left out. One partition, read only within the window.</summary>
    public async Task<int> ViewsBetweenAsync(
        string code, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {code} and At ge {from} and At lt {to} and Kind eq {"view"} and Device ne {"bot"}");
        var count = 0;
        await foreach (var _ in _table.QueryAsync<TableEntity>(filter, select: ["PartitionKey"],
            cancellationToken: cancellationToken)) count++;
        return count;
    }

    private async Task AddAsync(DateTimeOffset now, TableEntity scan, CancellationToken cancellationToken)
    {
        // Newest first within the code's partition: inverted ticks sort descending as text.
        scan.RowKey = (DateTimeOffset.MaxValue.UtcTicks - now.UtcTicks).ToString("D19") + Ids.New();
        scan["At"] = now;
        await _table.AddEntityAsync(scan, cancellationToken);
    }

    /// <summary>Scans made from <paramref name="sinceUtc"/> on, for the counterfeit signals. Rows written before scans
    /// had a kind are told apart by their province, which only sales points' scans carry.</summary>
    public async IAsyncEnumerable<ScanSeen> SinceAsync(
        DateTimeOffset sinceUtc, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"At ge {sinceUtc}");
        string[] columns = ["PartitionKey", "At", "Kind", "Province", "Client"];
        var rows = _table.QueryAsync<TableEntity>(filter, select: columns, cancellationToken: cancellationToken);
        await foreach (var e in rows)
        {
            var province = e.GetString("Province");
            var atSalesPoint = e.GetString("Kind") is { } kind ? kind == SalesPointKind : province is not null;
            var at = e.GetDateTimeOffset("At")!.Value;
            yield return new ScanSeen(e.PartitionKey, at, atSalesPoint, province, e.GetString("Client"));
        }
    }

    /// <summary>How often a code was scanned from <paramref name="sinceUtc"/> on, counted up to <paramref name="cap"/>.
    /// One partition, newest rows first: the count reads only the rows it counts.</summary>
    public async Task<int> CountSinceAsync(
        string code, DateTimeOffset sinceUtc, int cap, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {code} and At ge {sinceUtc}");
        var count = 0;
        var rows = _table.QueryAsync<TableEntity>(filter, select: ["PartitionKey"], cancellationToken: cancellationToken);
        await foreach (var _ in rows)
            if (++count >= cap) break;
        return count;
    }

    /// <summary>A page of scans made in [<paramref name="from"/>, <paramref name="to"/>), for the EPCIS log: the code,
    /// when, and the sales point when the scan was its till's own (a page view's <c>sp</c> is only what a link
    /// said).</summary>
    public async Task<(IReadOnlyList<ObservedScan> Scans, string? Continuation)> PageAsync(
        DateTimeOffset from, DateTimeOffset to, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"At ge {from} and At lt {to}");
        string[] columns = ["PartitionKey", "RowKey", "At", "Kind", "Province", "SalesPoint"];
        var rows = _table.QueryAsync<TableEntity>(filter, pageSize, columns, cancellationToken);
        await foreach (var page in rows.AsPages(continuation, pageSize))
            return (page.Values.Select(e =>
            {
                var atTill = e.GetString("Kind") is { } kind
                    ? kind == SalesPointKind
                    : e.GetString("Province") is not null;
                return new ObservedScan(e.PartitionKey, e.RowKey, e.GetDateTimeOffset("At")!.Value,
                    atTill ? e.GetString("SalesPoint") : null);
            }).ToList(), page.ContinuationToken);
        return ([], null);
    }

    private string ClientTag(string address, string device, DateTimeOffset now)
    {
        var day = now.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var tag = HMACSHA256.HashData(_tagKey, Encoding.UTF8.GetBytes($"{day}|{address}|{device}"));
        return Convert.ToHexString(tag, 0, 12);
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

using System.Net;
using System.Text;
using OcopTrade.Functions.Revenue;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Hardening;

/// <summary>What the fault tests check after each fault: the entries as stored (by id), and the roll-ups the reports
/// read, which must equal what a rebuild from the raw entries computes.</summary>
public static class RevenueTruth
{
    /// <summary>Entry ids and amounts of a producer, from the CSV export (every entry, one row each).</summary>
    public static async Task<List<(string Id, long Amount)>> EntriesAsync(HttpClient admin, string producerId)
    {
        var csv = await (await admin.GetAsync($"/api/revenue/export.csv?producerId={producerId}")).Content.ReadAsStringAsync();
        var rows = Csv.Parse(csv);
        var header = rows[0];
        int id = header.IndexOf("id"), amount = header.IndexOf("amountVnd");
        return [.. rows.Skip(1).Select(r => (r[id], long.Parse(r[amount])))];
    }

    /// <summary>The province and producer reports before and after a rebuild must read the same.</summary>
    public static async Task AssertRollupsEqualRebuildAsync(HttpClient admin, string province, string producerId, int year)
    {
        var reports = new[]
        {
            $"/api/reports/revenue?province={Uri.EscapeDataString(province)}&year={year}",
            $"/api/reports/revenue?producerId={producerId}&year={year}",
            $"/api/reports/participation?province={Uri.EscapeDataString(province)}&year={year}",
        };
        async Task<string> ReadAsync()
        {
            var text = new StringBuilder();
            foreach (var report in reports) text.AppendLine(await (await admin.GetAsync(report)).Content.ReadAsStringAsync());
            return text.ToString();
        }
        var before = await ReadAsync();
        await (await admin.PostAsync("/api/revenue/rebuild-rollups", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(await ReadAsync(), before);
    }

    public static string ImportCsv(string producerId, string prefix, int rows, int month = 3)
    {
        var csv = new StringBuilder("id,producerId,channel,month,amountVnd,quantity\r\n");
        for (var i = 0; i < rows; i++) csv.Append($"{prefix}-{i},{producerId},{(i % 2 == 0 ? "supermarket" : "fair")},2025-{month:00},{1000 + i},1\r\n");
        return csv.ToString();
    }

    public static long ImportTotal(int rows) => Enumerable.Range(0, rows).Sum(i => 1000L + i);
}

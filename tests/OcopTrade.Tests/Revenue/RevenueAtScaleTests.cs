using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Revenue;

/// <summary>
/// A generated province imported through the API; its reports are checked against an independent computation over
/// the same CSV by Debian's <c>sqlite3</c> (installed by scripts/setup.sh).
/// Size: the issue's province is 300 subjects × 12 channels (nine channels and e-commerce on three marketplaces, see
/// <see cref="GeneratedProvince"/>) × 60 months = 216 000 rows; it passes, but takes minutes on 2 shared cores (see the
/// revenue benchmark). The suite runs the same 300 subjects and 12 channels over two years of six months (43 200 rows,
/// growth and halves still compare like with like); <c>OCOP_REVENUE_FULL_SCALE=1</c> runs the full 60 months.
/// </summary>
public class RevenueAtScaleTests : ImportAppTests
{
    private static readonly GeneratedProvince Province = Environment.GetEnvironmentVariable("OCOP_REVENUE_FULL_SCALE") == "1"
        ? new(subjects: 300, firstYear: 2021, years: 5)
        : new(subjects: 300, firstYear: 2024, years: 2, monthsPerYear: 6);
    private const string Name = "Tỉnh Quy Mô";

    [Fact]
    public async Task Reports_of_a_generated_province_equal_sqlite_over_the_same_csv()
    {
        var admin = App.Client();
        var ids = new string[Province.Subjects];
        var certificates = new StringBuilder("producer_id,issue_date\n");
        await Parallel.ForEachAsync(Enumerable.Range(0, Province.Subjects), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            ids[i] = await admin.CreateProducerAsync(Name);
            if (Province.CertificateIssued(i) is { } issued)
                await (await admin.PostAsync("/api/products", Api.JsonBody(Api.Product(ids[i], issued.ToString("yyyy-MM-dd"))))).ExpectAsync(HttpStatusCode.Created);
        });
        for (var i = 0; i < Province.Subjects; i++)
            if (Province.CertificateIssued(i) is { } issued) certificates.Append($"{ids[i]},{issued:yyyy-MM-dd}\n");
        var csv = Province.Csv(ids);
        var folder = Directory.CreateTempSubdirectory("ocop-scale-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "revenue.csv"), csv);
        await File.WriteAllTextAsync(Path.Combine(folder, "certs.csv"), certificates.ToString());

        var department = App.Client(await admin.IssueKeyAsync(new JsonObject { ["role"] = "department", ["province"] = Name }));
        var upload = await department.PostAsync("/api/revenue/imports", new StringContent(csv, Encoding.UTF8, "text/csv"));
        await upload.ExpectAsync(HttpStatusCode.Accepted);
        var status = await Eventually.HoldsAsync(async () => await (await department.GetAsync(upload.Headers.Location!.ToString())).ExpectAsync(HttpStatusCode.OK),
            s => s["status"]!.GetValue<string>() is "completed" or "rejected", within: TimeSpan.FromMinutes(5), because: "the import finishes");
        Assert.Equal(Province.Rows, status["recordedRows"]!.GetValue<int>());
        Assert.Equal(0, status["rejectedRows"]!.GetValue<int>());

        // The independent side: sqlite3 over the same files.
        string Sql(string query) => Sqlite(folder, query);
        var last = Province.LastYear;

        // Revenue by channel, the year against the year before.
        var report = await (await department.GetAsync($"/api/reports/revenue?year={last}")).ExpectAsync(HttpStatusCode.OK);
        var expectedByChannel = Sql($"""
            select channel, coalesce(sum(case when month like '{last}-%' then amount end), 0), coalesce(sum(case when month like '{last - 1}-%' then amount end), 0)
            from revenue group by channel order by channel;
            """);
        var actualByChannel = report["byChannel"]!.AsArray()
            .Select(c => $"{c!["channel"]},{c["revenueVnd"]},{c["previousRevenueVnd"]}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expectedByChannel.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal), actualByChannel);
        Assert.Equal(Sql($"select coalesce(sum(amount), 0) from revenue where month like '{last}-%';"), report["revenueVnd"]!.ToString());

        // Growth per producer: every producer's two figures, and its percentage to the cent.
        var growth = await (await department.GetAsync($"/api/reports/growth?by=producer&year={last}")).ExpectAsync(HttpStatusCode.OK);
        var expectedGrowth = Sql($"""
            select producer_id, coalesce(sum(case when month like '{last}-%' then amount end), 0), coalesce(sum(case when month like '{last - 1}-%' then amount end), 0)
            from revenue group by producer_id;
            """).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).ToDictionary(f => f[0], f => (Now: long.Parse(f[1]), Before: long.Parse(f[2])));
        var rows = growth["rows"]!.AsArray();
        Assert.Equal(Province.Subjects, rows.Count);
        foreach (var row in rows)
        {
            var expected = expectedGrowth[row!["key"]!.GetValue<string>()];
            Assert.Equal(expected, (row["revenueVnd"]!.GetValue<long>(), row["previousRevenueVnd"]!.GetValue<long>()));
            Assert.Equal(Math.Round((expected.Now - expected.Before) * 100m / expected.Before, 2, MidpointRounding.AwayFromZero), row["growthPercent"]!.GetValue<decimal>());
        }

        // A first half, and any range across years.
        var half = await (await department.GetAsync($"/api/reports/growth?by=channel&year={last - 1}&half=1")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(Sql($"select coalesce(sum(amount), 0) from revenue where month between '{last - 1}-01' and '{last - 1}-06';"), half["revenueVnd"]!.ToString());
        Assert.Equal(Sql($"select coalesce(sum(amount), 0) from revenue where month between '{last - 2}-01' and '{last - 2}-06';"), half["previousRevenueVnd"]!.ToString());
        var range = await (await department.GetAsync($"/api/reports/revenue?from={last - 3}-07&to={last - 1}-03")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(Sql($"select coalesce(sum(amount), 0) from revenue where month between '{last - 3}-07' and '{last - 1}-03';"), range["revenueVnd"]!.ToString());

        // Participation each year: subjects with a certificate valid at some time in the year, and those with modern revenue.
        for (var year = Province.FirstYear; year <= last; year++)
        {
            var participation = await (await department.GetAsync($"/api/reports/participation?year={year}")).ExpectAsync(HttpStatusCode.OK);
            var expected = Sql($"""
                select count(*), coalesce(sum(modern > 0), 0) from (
                  select c.producer_id, (select coalesce(sum(amount), 0) from revenue r where r.producer_id = c.producer_id
                    and r.channel in ('supermarket', 'convenienceStore', 'ecommerce') and r.month like '{year}-%') as modern
                  from certs c where c.issue_date <= '{year}-12-31' and date(c.issue_date, '+36 months') >= '{year}-01-01');
                """);
            Assert.Equal(expected, $"{participation["subjectsTotal"]},{participation["subjectsInModernChannels"]}");
        }
    }

    /// <summary>Runs one query over revenue.csv and certs.csv in a fresh in-memory database; CSV out, no header.</summary>
    private static string Sqlite(string folder, string query)
    {
        var script = $"""
            create table revenue(id text, producer_id text, channel text, marketplace text, month text, amount integer, quantity integer);
            create table certs(producer_id text, issue_date text);
            .mode csv
            .import --skip 1 revenue.csv revenue
            .import --skip 1 certs.csv certs
            create index revenue_producer on revenue(producer_id, channel, month);
            {query}
            """;
        var start = new ProcessStartInfo("sqlite3", [":memory:"]) { WorkingDirectory = folder, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("sqlite3 is not installed: run ./scripts/setup.sh sqlite");
        process.StandardInput.Write(script);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0 && error.Length == 0, $"sqlite3: {error}");
        return output.Replace("\r", "").Trim();
    }
}

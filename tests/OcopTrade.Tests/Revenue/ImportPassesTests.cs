using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Producers;
using OcopTrade.Functions.Revenue;

namespace OcopTrade.Tests.Revenue;

/// <summary>The passes an import reads its stored file in (issue #18): each pass takes the rows as they come and
/// keeps none of them. The file here is a reader that hands out one list, refilled for every row, as a streaming
/// reader may: anything that held rows (a list of them) would find every row turned into the last one.</summary>
public class ImportPassesTests
{
    private const string ProducerId = "producer-1";

    private static readonly Producer Producer = new(ProducerId, "HTX Chè Shan Tuyết", ProducerKind.Cooperative,
        "0101234567", "Lai Châu", null, "Xã Bản Lang", null, null, null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    /// <summary>A file of <paramref name="rows"/> data rows, read again for every pass into one reused list; it
    /// counts the passes and how far the current one has read.</summary>
    private sealed class ReusedRowFile(int rows, Func<int, string[]> row)
    {
        public int Passes { get; private set; }
        public int ReadInPass { get; private set; }

        public IEnumerable<List<string>> Rows()
        {
            Passes++;
            ReadInPass = 0;
            var cells = new List<string>();
            for (var i = 0; i <= rows; i++)
            {
                cells.Clear();
                cells.AddRange(i == 0 ? ["id", "producerId", "channel", "month", "amountVnd", "quantity", "adjusts"] : row(i));
                ReadInPass++;
                yield return cells;
            }
        }
    }

    /// <summary>Row <c>i</c> of the file (report row <c>i + 1</c>): a plain entry, every 1000th a correction of the
    /// row before it, and row 2500 with a month that is no month.</summary>
    private static string[] Row(int i) =>
    [
        $"r-{i}", ProducerId, "supermarket", i == 2500 ? "2025-13" : $"2025-{1 + i % 12:D2}", $"{1000 + i}", "1",
        i % 1000 == 0 ? $"r-{i - 1}" : "",
    ];

    private static (ImportValidation Validation, ImportReport Report, ImportSurvey Survey) Validate(ReusedRowFile file)
    {
        var survey = ImportSurvey.Of(file.Rows());
        var check = new ImportCheck(survey.Columns, new Dictionary<string, Producer> { [ProducerId] = Producer },
            new Dictionary<string, string>());
        var report = new ImportReport(RevenueImports.MaxReportedProblems);
        return (ImportValidation.Of(ImportSurvey.Numbered(file.Rows()), survey.Rows, check, report), report, survey);
    }

    [Fact]
    public void The_survey_and_the_check_read_each_row_as_it_comes_and_report_the_bad_one_by_its_number()
    {
        var file = new ReusedRowFile(5000, Row);
        var (validation, report, survey) = Validate(file);

        Assert.Equal(5000, survey.Rows);
        Assert.Equal(ProducerId, Assert.Single(survey.ProducerIds));
        Assert.Equal(2, file.Passes);
        Assert.Equal(1, report.RejectedRows);
        var problem = Assert.Single(report.Reported());
        Assert.Equal((2501, "month"), (problem.Row, problem.Field));
        Assert.Equal(5, validation.Corrections);
    }

    [Fact]
    public void The_valid_rows_of_a_later_pass_are_read_again_from_the_file_each_as_it_was()
    {
        var file = new ReusedRowFile(5000, Row);
        var (validation, _, _) = Validate(file);

        var valid = validation.ValidRows(ImportSurvey.Numbered(file.Rows()))
            .Select(r => (r.Row, r.Fields.Id, r.Fields.AmountVnd, r.IsCorrection)).ToList();

        var expected = Enumerable.Range(1, 5000).Where(i => i != 2500)
            .Select(i => (i + 1, (string?)$"r-{i}", (long?)(1000 + i), i % 1000 == 0)).ToList();
        Assert.Equal(expected, valid);
        Assert.Equal(3, file.Passes);
    }

    [Fact]
    public void A_later_pass_hands_out_its_valid_rows_while_it_reads_not_after()
    {
        var file = new ReusedRowFile(50_000, Row);
        var (validation, _, _) = Validate(file);

        // What the writer does: a chunk of rows, then the next; the file is read no further than the chunk.
        var first = validation.ValidRows(ImportSurvey.Numbered(file.Rows())).Chunk(100).First();

        Assert.Equal(100, first.Length);
        Assert.InRange(file.ReadInPass, 101, 102);
    }

    [Fact]
    public void The_report_counts_every_rejected_row_and_keeps_only_the_first_problems_by_row()
    {
        var report = new ImportReport(max: 10);
        for (var row = 500; row >= 2; row--)
        {
            var errors = new FieldErrors();
            errors.Add("month", "A month such as 2025-06.");
            if (row % 2 == 0) errors.Add("quantity", "A whole number.");
            report.Add(row, errors);
        }

        Assert.Equal(499, report.RejectedRows);
        Assert.Equal([(2, "month"), (2, "quantity"), (3, "month"), (4, "month"), (4, "quantity"), (5, "month"),
            (6, "month"), (6, "quantity"), (7, "month"), (8, "month")],
            report.Reported().Select(p => (p.Row, p.Field)).ToList());
    }

    [Fact]
    public void The_province_cells_of_written_rows_are_summed_per_producer_channel_and_month()
    {
        var rollup = new ImportRollup();
        RevenueFields Entry(string month, long amount) =>
            new($"e-{month}-{amount}", ProducerId, null, SalesChannel.Fair, null, month, amount, 2, null, null, null);
        rollup.Add(ProducerId, "Lai Châu", Entry("2025-01", 1000));
        rollup.Add(ProducerId, "Lai Châu", Entry("2025-01", 500));
        rollup.Add(ProducerId, "Lai Châu", Entry("2025-02", 7));

        Assert.Equal([("2025-01", 1500L, 4L), ("2025-02", 7L, 2L)],
            rollup.Contributions.Select(c => (c.Delta.Month, c.Delta.AmountVnd, c.Delta.Quantity)).OrderBy(c => c).ToList());
    }
}

using System.Globalization;
using OcopTrade.Functions.Revenue;
using static OcopTrade.Tests.Revenue.CraftedWorkbook;

namespace OcopTrade.Tests.Revenue;

/// <summary>The bounded readers under every import (security issue #19): sheets and CSV are streamed, stop at the
/// row and column limits and at cancellation, and read what MiniExcel read before them.</summary>
public class ImportReaderTests
{
    [Theory]
    [InlineData("A1", 1, 1)]
    [InlineData("K12", 11, 12)]
    [InlineData("Z250001", 26, 250_001)]
    [InlineData("XFD4", 16_384, 4)]
    [InlineData("xfd1048576", 16_384, 1_048_576)]
    public void A_cell_reference_names_its_column_and_row(string text, int column, int row)
    {
        Assert.Equal(new CellReference(column, row), CellReference.Parse(text));
        Assert.Equal(text.ToUpperInvariant(), CellReference.Parse(text).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("A")]
    [InlineData("12")]
    [InlineData("A0")]
    [InlineData("ABCD1")]
    [InlineData("A99999999")]
    [InlineData("A1:B2")]
    public void Anything_else_is_no_cell_reference(string text) => Assert.Null(CellReference.Parse(text));

    [Fact]
    public void A_sheet_reaching_past_column_Z_or_the_row_limit_is_refused_and_one_inside_is_not()
    {
        var bounds = ImportFiles.Bounds;
        Assert.Null(bounds.Refusal(new CellReference(26, ImportFiles.MaxRows + 1), "DoanhThu"));
        Assert.Contains("XFD4", bounds.Refusal(new CellReference(16_384, 4), "DoanhThu"));
        Assert.Contains("'DoanhThu'", bounds.Refusal(new CellReference(27, 1), "DoanhThu"));
        Assert.Contains("250002", bounds.Refusal(new CellReference(1, ImportFiles.MaxRows + 2), "DoanhThu"));
        Assert.NotNull(bounds.RefusalOfExtent("A1:XFD1048576", "DoanhThu"));
        Assert.NotNull(bounds.RefusalOfExtent("A1:K1048576", "DoanhThu"));
        Assert.Null(bounds.RefusalOfExtent("A1:K250001", "DoanhThu"));
        Assert.Null(bounds.RefusalOfExtent("A1", "DoanhThu"));
    }

    [Theory]
    [InlineData(14, null, true)]           // m/d/yyyy
    [InlineData(17, null, true)]           // mmm-yy
    [InlineData(0, null, false)]           // General
    [InlineData(3, null, false)]           // #,##0
    [InlineData(164, "yyyy-mm", true)]
    [InlineData(165, "[$-42A]mmmm yyyy", true)]
    [InlineData(166, "#,##0 \"đồng\"", false)]
    [InlineData(167, "[Red]#,##0.00", false)]
    [InlineData(168, "0.00E+00", false)]
    public void A_style_shows_a_date_when_its_format_has_days_months_or_years(int format, string? code, bool isDate) =>
        Assert.Equal(isDate, XlsxDateStyles.IsDate(format, code));

    /// <summary>The same text forever ("r,1\r\n": rows; ",": one endless row), counting the times it began it again.
    /// </summary>
    private sealed class EndlessCsv(string text) : TextReader
    {
        private int _at;
        public long Repeats { get; private set; }

        public override int Read()
        {
            if (_at == text.Length) { _at = 0; Repeats++; }
            return text[_at++];
        }
    }

    private static ImportFileException RefusedOverLimit(TextReader text)
    {
        var refused = Assert.Throws<ImportFileException>(() => ImportFiles.CsvRows(text, default).Count());
        Assert.True(refused.OverLimit);
        return refused;
    }

    private static List<List<string>> ReadXlsx(byte[] workbook) =>
        ImportFiles.Read(workbook, ImportFormat.Xlsx, CancellationToken.None);

    private static ImportFileException RefusedXlsx(byte[] workbook) =>
        Assert.Throws<ImportFileException>(() => ReadXlsx(workbook));

    /// <summary>Sep reads its text a buffer at a time (16 Ki characters, doubled at most a few times for a long
    /// row): what any reader stopped at a row may have read past it.</summary>
    private const int ReadAhead = 128 * 1024;

    /// <summary>Sep's longest row; a longer one (a quote never closed) is refused, not held.</summary>
    private const int LongestRow = 16 * 1024 * 1024;

    [Fact]
    public void A_csv_reader_over_endless_text_stops_at_the_first_row_past_the_limit()
    {
        var text = new EndlessCsv("r,1\r\n");
        Assert.Contains($"{ImportFiles.MaxRows} rows", RefusedOverLimit(text).Message);
        // The header, the limit and the one row that broke it: nothing read beyond the buffer holding that row.
        Assert.InRange(text.Repeats, ImportFiles.MaxRows + 1, ImportFiles.MaxRows + 2 + ReadAhead / "r,1\r\n".Length);
    }

    [Fact]
    public void A_csv_row_wider_than_an_import_reads_is_refused_before_it_is_held_whole()
    {
        var columns = ImportFiles.MaxColumns;
        var wide = "id,note\r\n" + new string(',', columns) + "\r\nr1,fine\r\n";
        Assert.Equal($"Row 2 has more than {columns} columns: an import reads at most {columns}.",
            RefusedOverLimit(new StringReader(wide)).Message);
    }

    [Fact]
    public void An_endless_csv_row_is_refused_at_the_readers_longest_row_having_read_no_further()
    {
        var text = new EndlessCsv(",");
        Assert.Contains("longer than 16 Mi characters", RefusedOverLimit(text).Message);
        Assert.InRange(text.Repeats, LongestRow - ReadAhead, LongestRow + ReadAhead);
    }

    [Fact]
    public void A_cancelled_request_stops_the_sheet_reader_at_the_next_row()
    {
        var workbook = With("A1:B3", Row(1, ("A1", "id"), ("B1", "note")), Row(2, ("A2", "r1")), Row(3, ("A3", "r2")));
        using var cancellation = new CancellationTokenSource();
        using var rows = XlsxSheet.Rows(workbook, ImportFiles.Bounds, cancellation.Token).GetEnumerator();
        Assert.True(rows.MoveNext());
        Assert.Equal(["id", "note"], rows.Current);
        cancellation.Cancel();
        Assert.Throws<OperationCanceledException>(() => rows.MoveNext());
    }

    [Theory]
    [InlineData("A1:XFD1048576")]
    [InlineData(null)]
    public void A_sheet_with_one_cell_at_XFD4_is_refused_naming_the_sheet_and_the_cell(string? dimension)
    {
        var refused = RefusedXlsx(With(dimension, Row(1, ("A1", "id")), Row(4, ("XFD4", "x"))));
        Assert.True(refused.OverLimit);
        Assert.Contains("'DoanhThu'", refused.Message);
        Assert.Contains(dimension is null ? "XFD4" : "XFD1048576", refused.Message);
    }

    [Fact]
    public void A_sheet_reaching_past_the_row_limit_is_refused_at_that_row_and_one_ending_on_it_is_read()
    {
        var refused = RefusedXlsx(With(null, Row(1, ("A1", "id")), Row(ImportFiles.MaxRows + 2, ("A250002", "x"))));
        Assert.Contains("reaches row 250002", refused.Message);

        var full = With("A1:A250001", Row(1, ("A1", "id")), Row(ImportFiles.MaxRows + 1, ("A250001", "x")));
        Assert.Equal([["id"], ["x"]], ReadXlsx(full));
    }

    [Fact]
    public void A_workbook_whose_sheet_unpacks_over_a_hundred_fold_is_refused_from_its_zip_directory()
    {
        Assert.InRange(Bomb.Value.Length, 1, 1024 * 1024);
        var refused = RefusedXlsx(Bomb.Value);
        Assert.Contains("xl/worksheets/sheet1.xml unpacks to 200 MiB", refused.Message);
    }

    [Fact]
    public void A_workbook_whose_shared_strings_unpack_past_64_MiB_is_refused_before_they_are_held()
    {
        var workbook = Build(
            sheet => Write(sheet, SheetStart("A1:A1") + "<row><c t=\"s\"><v>0</v></c></row>" + SheetEnd),
            strings =>
            {
                Write(strings, "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");
                // Distinct strings, so the part compresses like text people write, not like a bomb.
                for (var i = 0; i < 3_400_000; i++) Write(strings, $"<si><t>{i * 7919L % 1_000_003:x}</t></si>");
                Write(strings, "</sst>");
            });
        var refused = RefusedXlsx(workbook);
        Assert.Equal("The workbook's shared strings unpack to more than 64 MiB.", refused.Message);
    }

    [Fact]
    public void The_sheet_reader_reads_a_workbook_as_MiniExcel_read_it()
    {
        var rows = new List<Dictionary<string, object?>>
        {
            new() { ["id"] = "x1", ["note"] = "Siêu thị, Lai Châu", ["month"] = "2025-01", ["amountVnd"] = 1_200_000L,
                ["ratio"] = 2.5, ["paid"] = true },
            new() { ["id"] = "x2", ["note"] = null, ["month"] = new DateTime(2025, 2, 1), ["amountVnd"] = -800_000L,
                ["ratio"] = 0.1, ["paid"] = false },
            new() { ["id"] = null, ["note"] = null, ["month"] = null, ["amountVnd"] = null, ["ratio"] = null,
                ["paid"] = null },
            new() { ["id"] = "x3", ["note"] = "  ", ["month"] = "", ["amountVnd"] = 12_500_000_000L, ["ratio"] = 1e-7,
                ["paid"] = null },
        };
        using var workbook = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(workbook, rows);

        var read = ReadXlsx(workbook.ToArray());
        Assert.Equal(AsMiniExcelRead(workbook.ToArray()), read);
        Assert.Equal(["x2", "", "2025-02", "-800000", "0.1", "false"], read[2]);
    }

    /// <summary>What the import made of a workbook when MiniExcel read it: cells by column, numbers without ".0", dates
    /// as their month, trailing blanks and blank rows left out.</summary>
    private static List<List<string>> AsMiniExcelRead(byte[] workbook) =>
    [
        .. MiniExcelLibs.MiniExcel.Query(new MemoryStream(workbook), useHeaderRow: false)
            .Cast<IDictionary<string, object?>>()
            .Select(row => row.Values.Select(v => v switch
            {
                null => "",
                double d when d == Math.Floor(d) && Math.Abs(d) < 1e17 =>
                    ((long)d).ToString(CultureInfo.InvariantCulture),
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                DateTime t => t.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                bool b => b ? "true" : "false",
                _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
            }).ToList())
            .Select(cells => cells[..(cells.FindLastIndex(c => c.Length > 0) + 1)])
            .Where(cells => cells.Count > 0),
    ];

    [Fact]
    public async Task A_csv_written_a_chunk_at_a_time_reads_back_whole_after_its_byte_order_mark()
    {
        // Enough rows for many chunks, with cells that need quoting, Vietnamese text and a number below zero.
        const string note = "Hội chợ \"Tinh hoa\", Lai Châu\nđợt 2";
        var rows = Enumerable.Range(0, 5_000)
            .Select(i => new object?[] { $"r{i}", note, -100_000L + i, null, "=1+1" })
            .ToList();
        using var body = new MemoryStream();
        await Csv.WriteAsync(body, rows.ToAsyncEnumerable(), CancellationToken.None);

        var bytes = body.ToArray();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.Contains("\r\nr1,", text);
        var read = Csv.Parse(text);
        Assert.Equal(rows.Count, read.Count);
        Assert.All(read.Select((row, i) => (row, i)), r => Assert.Equal(
            [$"r{r.i}", note, (-100_000L + r.i).ToString(CultureInfo.InvariantCulture), "", "'=1+1"],
            r.row));
    }
}

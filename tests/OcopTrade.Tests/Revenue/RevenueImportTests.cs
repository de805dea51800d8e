using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using OcopTrade.Functions.Revenue;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Revenue;

public class RevenueImportTests : ImportAppTests
{
    private static StringContent CsvBody(string text) => new(text, Encoding.UTF8, "text/csv");

    private static Task<JsonObject> FinishedAsync(HttpClient client, string location) =>
        Eventually.HoldsAsync(async () => await (await client.GetAsync(location)).ExpectAsync(HttpStatusCode.OK),
            status => status["status"]!.GetValue<string>() is "completed" or "rejected", because: "the import finishes");

    [Fact]
    public async Task A_csv_import_records_good_rows_reports_bad_ones_and_all_or_nothing_records_none()
    {
        var admin = App.Client();
        var producerId = await admin.CreateProducerAsync("Lai Châu");
        var foreign = await admin.CreateProducerAsync("Bắc Kạn");
        var department = App.Client(await admin.IssueKeyAsync(new JsonObject { ["role"] = "department", ["province"] = "Lai Châu" }));
        var csv = "id,producerId,channel,marketplace,month,amountVnd,quantity,note\r\n" +
                  $"r1,{producerId},supermarket,,2025-01,1000000,10,\"Siêu thị, Lai Châu\"\r\n" +
                  $"r2,{producerId},ecommerce,shopee,2025-02,500000,5,\r\n" +
                  $"r3,{producerId},ecommerce,,2025-02,1,1,\r\n" +          // row 4: no marketplace
                  $"r4,{producerId},supermarket,,2025-13,1,1,\r\n" +        // row 5: bad month
                  $"r5,{foreign},supermarket,,2025-01,1,1,\r\n";            // row 6: another province

        var strict = await department.PostAsync("/api/revenue/imports?allOrNothing=true", CsvBody(csv));
        var strictStatus = await FinishedAsync(department, strict.Headers.Location!.ToString());
        Assert.Equal("rejected", strictStatus["status"]!.GetValue<string>());
        Assert.Equal(0, strictStatus["recordedRows"]!.GetValue<int>());
        var report = await (await department.GetAsync($"/api/reports/revenue?producerId={producerId}&year=2025")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, report["revenueVnd"]!.GetValue<long>());

        var upload = await department.PostAsync("/api/revenue/imports", CsvBody(csv));
        await upload.ExpectAsync(HttpStatusCode.Accepted);
        var status = await FinishedAsync(department, upload.Headers.Location!.ToString());
        Assert.Equal("completed", status["status"]!.GetValue<string>());
        Assert.Equal(5, status["totalRows"]!.GetValue<int>());
        Assert.Equal(2, status["recordedRows"]!.GetValue<int>());
        Assert.Equal(3, status["rejectedRows"]!.GetValue<int>());
        var problems = status["problems"]!.AsArray().Select(p => (p!["row"]!.GetValue<int>(), p["field"]!.GetValue<string>())).ToList();
        Assert.Equal([(4, "marketplace"), (5, "month"), (6, "producerId")], problems);

        report = await (await department.GetAsync($"/api/reports/revenue?producerId={producerId}&year=2025")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1_500_000, report["revenueVnd"]!.GetValue<long>());

        // The same file again records nothing twice: rows are idempotent by their ids.
        var again = await department.PostAsync("/api/revenue/imports", CsvBody(csv));
        await FinishedAsync(department, again.Headers.Location!.ToString());
        report = await (await department.GetAsync($"/api/reports/revenue?producerId={producerId}&year=2025")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1_500_000, report["revenueVnd"]!.GetValue<long>());

        // Another caller cannot read the import's report.
        var producer = App.Client(await admin.ProducerKeyAsync(producerId));
        await (await producer.GetAsync(upload.Headers.Location!.ToString())).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await department.PostAsync("/api/revenue/imports", CsvBody("id,colour\r\n1,red\r\n"))).ExpectProblemAsync(HttpStatusCode.BadRequest, "header");
        var template = await (await department.GetAsync("/api/revenue/imports/template.csv")).Content.ReadAsStringAsync();
        Assert.StartsWith(string.Join(',', RevenueImports.Columns), template);
    }

    private static ByteArrayContent XlsxBody(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(ImportFiles.XlsxType);
        return content;
    }

    [Fact]
    public async Task An_xlsx_import_records_its_rows_and_bombs_or_mislabelled_files_are_refused()
    {
        var admin = App.Client();
        var producerId = await admin.CreateProducerAsync("Lai Châu");
        var department = App.Client(await admin.IssueKeyAsync(new JsonObject { ["role"] = "department", ["province"] = "Lai Châu" }));

        // The template opens as a workbook with the import's columns.
        var template = await department.GetAsync("/api/revenue/imports/template.xlsx");
        Assert.Equal(ImportFiles.XlsxType, template.Content.Headers.ContentType?.MediaType);
        var templateRows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(await template.Content.ReadAsByteArrayAsync()), useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(RevenueImports.Columns, templateRows[0].Keys);

        // A workbook as people fill it: amounts as numbers, one month typed as a date, a blank marketplace cell.
        var rows = new List<Dictionary<string, object?>>
        {
            new() { ["id"] = "x1", ["producerId"] = producerId, ["channel"] = "supermarket", ["marketplace"] = null, ["month"] = "2025-01", ["amountVnd"] = 1_200_000L, ["quantity"] = 12L },
            new() { ["id"] = "x2", ["producerId"] = producerId, ["channel"] = "ecommerce", ["marketplace"] = "tiki", ["month"] = new DateTime(2025, 2, 1), ["amountVnd"] = 800_000L, ["quantity"] = 8L },
            new() { ["id"] = "x3", ["producerId"] = producerId, ["channel"] = "fair", ["marketplace"] = null, ["month"] = "2025-03", ["amountVnd"] = "nhiều", ["quantity"] = 1L },
        };
        using var workbook = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(workbook, rows);
        var upload = await department.PostAsync("/api/revenue/imports", XlsxBody(workbook.ToArray()));
        await upload.ExpectAsync(HttpStatusCode.Accepted);
        var status = await FinishedAsync(department, upload.Headers.Location!.ToString());
        Assert.Equal(3, status["totalRows"]!.GetValue<int>());
        Assert.Equal(2, status["recordedRows"]!.GetValue<int>());
        Assert.Equal((4, "amountVnd"), status["problems"]!.AsArray().Select(p => (p!["row"]!.GetValue<int>(), p["field"]!.GetValue<string>())).Single());
        var report = await (await department.GetAsync($"/api/reports/revenue?producerId={producerId}&year=2025")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2_000_000, report["revenueVnd"]!.GetValue<long>());
        var province = await (await department.GetAsync("/api/reports/revenue?year=2025")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2_000_000, province["revenueVnd"]!.GetValue<long>());

        // A few hundred KiB that would unpack to over 256 MiB is refused before any XML is read.
        using var bomb = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(bomb, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntry("xl/workbook.xml").Open().Dispose();
            await using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", System.IO.Compression.CompressionLevel.Fastest).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 260; i++) sheet.Write(zeros);
        }
        Assert.True(bomb.Length < ImportFiles.MaxBytes);
        var refused = await (await department.PostAsync("/api/revenue/imports", XlsxBody(bomb.ToArray()))).ExpectProblemAsync(HttpStatusCode.BadRequest, "body");
        Assert.Contains("MiB", refused["errors"]!["body"]![0]!.GetValue<string>());
        // The content type and the bytes must agree.
        await (await department.PostAsync("/api/revenue/imports", XlsxBody(Encoding.UTF8.GetBytes("id,producerId\r\n")))).ExpectProblemAsync(HttpStatusCode.BadRequest, "body");
        await (await department.PostAsync("/api/revenue/imports", new ByteArrayContent(workbook.ToArray()) { Headers = { ContentType = new("text/csv") } }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "body");
        await (await department.PostAsync("/api/revenue/imports", new StringContent("x", Encoding.UTF8, "application/pdf"))).ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_file_of_thousands_of_bad_rows_finishes_and_reports_the_first_problems_that_fit_its_row()
    {
        var admin = App.Client();
        var producerId = await admin.CreateProducerAsync("Lai Châu");
        var csv = new StringBuilder("id,producerId,channel,marketplace,month,amountVnd,quantity\r\n");
        for (var i = 0; i < 1500; i++) csv.Append($"bad-{i},{producerId},supermarket,,2025-13,1000,1\r\n");

        var upload = await admin.PostAsync("/api/revenue/imports", CsvBody(csv.ToString()));
        await upload.ExpectAsync(HttpStatusCode.Accepted);
        var status = await FinishedAsync(admin, upload.Headers.Location!.ToString());

        Assert.Equal(1500, status["rejectedRows"]!.GetValue<int>());
        var rows = status["problems"]!.AsArray().Select(p => p!["row"]!.GetValue<int>()).ToList();
        Assert.InRange(rows.Count, 100, RevenueImports.MaxReportedProblems - 1);
        Assert.Equal(Enumerable.Range(2, rows.Count), rows);
    }

    [Fact]
    public async Task A_redelivered_import_message_counts_nothing_twice()
    {
        var admin = App.Client();
        var producerId = await admin.CreateProducerAsync("Lai Châu");
        var csv = new StringBuilder("id,producerId,channel,marketplace,month,amountVnd,quantity\r\n");
        for (var i = 0; i < 250; i++) csv.Append($"d-{i},{producerId},{(i % 2 == 0 ? "supermarket" : "ecommerce")},{(i % 2 == 0 ? "" : "tiki")},2025-{1 + i % 12:D2},{1000 + i},1\r\n");
        csv.Append($"d-0,{producerId},supermarket,,2025-01,1000,1\r\n"); // the first row again, as a re-exported sheet might have it
        var upload = await admin.PostAsync("/api/revenue/imports", CsvBody(csv.ToString()));
        var location = upload.Headers.Location!.ToString();
        var first = await FinishedAsync(admin, location);
        Assert.Equal(251, first["recordedRows"]!.GetValue<int>());
        var expected = Enumerable.Range(0, 250).Sum(i => 1000L + i);
        var url = $"/api/reports/revenue?province=Lai%20Ch%C3%A2u&year=2025";
        Assert.Equal(expected, (await (await admin.GetAsync(url)).ExpectAsync(HttpStatusCode.OK))["revenueVnd"]!.GetValue<long>());

        // Queue delivery is at least once: the same message again, as after a crash before it was deleted.
        await RedeliverAsync(first["id"]!.GetValue<string>());
        await Eventually.HoldsAsync(async () => await (await admin.GetAsync(location)).ExpectAsync(HttpStatusCode.OK),
            status => status["status"]!.GetValue<string>() == "completed", because: "the redelivered import finishes");
        var again = await (await admin.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(expected, again["revenueVnd"]!.GetValue<long>());
        var byProducer = await (await admin.GetAsync($"/api/reports/growth?by=producer&province=Lai%20Ch%C3%A2u&year=2025")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(expected, byProducer["rows"]!.AsArray().Single(r => r!["key"]!.GetValue<string>() == producerId)!["revenueVnd"]!.GetValue<long>());
        var ofProducer = await (await admin.GetAsync($"/api/reports/revenue?producerId={producerId}&year=2025")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(expected, ofProducer["revenueVnd"]!.GetValue<long>());
    }

    /// <summary>The import's message again, its status back to queued, as the queue would deliver it twice.</summary>
    private async Task RedeliverAsync(string importId)
    {
        var table = new TableServiceClient(Storage.ConnectionString).GetTableClient("RevenueImports");
        await table.UpdateEntityAsync(new TableEntity(importId, "") { ["Status"] = "queued" }, Azure.ETag.All);
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var message = JsonSerializer.Serialize(new ImportMessage(importId), OcopTrade.Functions.Platform.Json.Options);
        await new QueueClient(Storage.ConnectionString, RevenueImports.Queue, options).SendMessageAsync(message);
    }

    [Fact]
    public async Task A_stored_file_beyond_the_import_bounds_ends_its_import_rejected_when_the_queue_reads_it()
    {
        var admin = App.Client();
        var producerId = await admin.CreateProducerAsync("Lai Châu");
        const string header = "id,producerId,channel,month,amountVnd,quantity\r\n";
        var upload = await admin.PostAsync("/api/revenue/imports",
            CsvBody(header + $"q-1,{producerId},fair,2025-01,1,1\r\n"));
        var location = upload.Headers.Location!.ToString();
        var id = (await FinishedAsync(admin, location))["id"]!.GetValue<string>();

        // The stored file is read again when its message comes: one replaced since (or stored before the bounds
        // existed) is held to them there too, and the import ends rejected rather than failing on every delivery.
        var wide = header + $"q-2,{producerId},fair,2025-01,1000,1" + new string(',', ImportFiles.MaxColumns) + "\r\n";
        var blob = new Azure.Storage.Blobs.BlobServiceClient(Storage.ConnectionString)
            .GetBlobContainerClient("revenue-imports").GetBlobClient(id + ".csv");
        await blob.UploadAsync(new BinaryData(Encoding.UTF8.GetBytes(wide)), overwrite: true);
        await RedeliverAsync(id);

        var status = await Eventually.HoldsAsync(
            async () => await (await admin.GetAsync(location)).ExpectAsync(HttpStatusCode.OK),
            s => s["status"]!.GetValue<string>() == "rejected", because: "a file over the bounds ends rejected");
        var problem = Assert.Single(status["problems"]!.AsArray())!;
        Assert.Equal("body", problem["field"]!.GetValue<string>());
        var columns = ImportFiles.MaxColumns;
        Assert.Equal($"Row 2 has more than {columns} columns: an import reads at most {columns}.",
            problem["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task All_or_nothing_writes_nothing_when_an_id_is_reused_or_a_correction_cannot_apply()
    {
        var admin = App.Client();
        const string province = "Điện Biên";
        var producers = new List<string>();
        for (var i = 0; i < 4; i++) producers.Add(await admin.CreateProducerAsync(province));
        // Stored before the import: "kept-1" with 5 000 000 VND, and "old-1" already replaced by "old-1b".
        await (await admin.PostAsync("/api/revenue", Api.JsonBody(RevenueEntryTests.Entry(producers[3], "fair", "2025-01", 5_000_000, id: "kept-1")))).ExpectAsync(HttpStatusCode.Created);
        await (await admin.PostAsync("/api/revenue", Api.JsonBody(RevenueEntryTests.Entry(producers[3], "fair", "2025-02", 100, id: "old-1")))).ExpectAsync(HttpStatusCode.Created);
        var replacement = RevenueEntryTests.Entry(producers[3], "fair", "2025-02", 200, id: "old-1b");
        replacement["replaces"] = "old-1";
        await (await admin.PostAsync("/api/revenue", Api.JsonBody(replacement))).ExpectAsync(HttpStatusCode.Created);
        var url = $"/api/reports/revenue?province={Uri.EscapeDataString(province)}&year=2025";
        var before = (await (await admin.GetAsync(url)).ExpectAsync(HttpStatusCode.OK))["revenueVnd"]!.GetValue<long>();
        Assert.Equal(5_000_200, before);

        // Every row is valid on its own; the last producer's rows clash only with what is stored, or with each other.
        var csv = new StringBuilder("id,producerId,channel,month,amountVnd,quantity,replaces,adjusts\r\n");
        foreach (var producer in producers.Take(3))
            for (var i = 0; i < 150; i++) csv.Append($"a-{i},{producer},supermarket,2025-{1 + i % 12:D2},1000,1,,\r\n");
        csv.Append($"kept-1,{producers[3]},fair,2025-01,7000000,1,,\r\n");        // row 452: the id holds another entry
        csv.Append($"twice,{producers[3]},fair,2025-03,1,1,,\r\n");
        csv.Append($"twice,{producers[3]},fair,2025-03,2,1,,\r\n");               // row 454: the same id, other content
        csv.Append($"fix-1,{producers[3]},fair,2025-03,1,1,nowhere,\r\n");        // row 455: nothing to replace
        csv.Append($"fix-2,{producers[3]},fair,2025-03,1,1,old-1,\r\n");          // row 456: already replaced
        csv.Append($"fix-3,{producers[3]},fair,2025-03,1,1,,kept-1\r\n");          // fine: adjusts a stored entry
        var upload = await admin.PostAsync("/api/revenue/imports?allOrNothing=true", CsvBody(csv.ToString()));
        var status = await FinishedAsync(admin, upload.Headers.Location!.ToString());

        Assert.Equal("rejected", status["status"]!.GetValue<string>());
        Assert.Equal(0, status["recordedRows"]!.GetValue<int>());
        Assert.Equal([(452, "id"), (454, "id"), (455, "replaces"), (456, "replaces")],
            status["problems"]!.AsArray().Select(p => (p!["row"]!.GetValue<int>(), p["field"]!.GetValue<string>())).ToList());
        Assert.Equal(before, (await (await admin.GetAsync(url)).ExpectAsync(HttpStatusCode.OK))["revenueVnd"]!.GetValue<long>());
        foreach (var producer in producers.Take(3))
            Assert.Empty((await (await admin.GetAsync($"/api/revenue?producerId={producer}")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray());
    }

    [Fact]
    public async Task The_csv_export_neutralises_formulas()
    {
        var admin = App.Client();
        var producerId = await admin.CreateProducerAsync();
        var entry = RevenueEntryTests.Entry(producerId, "fair", "2025-03", 2_000_000, id: "fair-1");
        entry["note"] = "=HYPERLINK(\"http://evil.example\",\"bấm\")";
        await (await admin.PostAsync("/api/revenue", Api.JsonBody(entry))).ExpectAsync(HttpStatusCode.Created);
        var adjust = RevenueEntryTests.Entry(producerId, "fair", "2025-03", -150_000, id: "fair-1-fix");
        adjust["adjusts"] = "fair-1";
        adjust["note"] = "@SUM(A1)";
        await (await admin.PostAsync("/api/revenue", Api.JsonBody(adjust))).ExpectAsync(HttpStatusCode.Created);

        var response = await admin.GetAsync($"/api/revenue/export.csv?producerId={producerId}");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var rows = Csv.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(3, rows.Count);
        var notes = rows.Skip(1).Select(r => r[10]).ToList();
        Assert.Contains("'=HYPERLINK(\"http://evil.example\",\"bấm\")", notes);
        Assert.Contains("'@SUM(A1)", notes);
        Assert.Contains(rows, r => r[6] == "-150000"); // numbers stay numbers
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using OcopTrade.Functions.Revenue;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Revenue;

/// <summary>Security issue #19 over HTTP: a crafted workbook of a kilobyte or so, or a zip bomb, is refused at once
/// by both imports that read sheets (revenue and plans) with problem+json naming the body; nothing is stored.</summary>
[Collection(SharedAppCollection.Name)]
public class ImportBoundsApiTests(SharedApp shared)
{
    private readonly HttpClient _admin = shared.App.Client();

    private static ByteArrayContent Xlsx(byte[] bytes) =>
        new(bytes) { Headers = { ContentType = new MediaTypeHeaderValue(ImportFiles.XlsxType) } };

    private async Task<HttpClient> DepartmentAsync() =>
        shared.App.Client(await _admin.IssueKeyAsync(
            new JsonObject { ["role"] = "department", ["province"] = "Lai Châu" }));

    private static readonly string[] SheetImports = ["/api/revenue/imports", "/api/plans/import"];

    [Fact]
    public async Task A_one_kilobyte_workbook_with_a_cell_at_XFD4_is_refused_by_the_revenue_and_plan_imports()
    {
        var workbook = CraftedWorkbook.With("A1:XFD1048576",
            CraftedWorkbook.Row(1, ("A1", "id"), ("B1", "producerId"), ("C1", "channel"), ("D1", "month"),
                ("E1", "amountVnd"), ("F1", "quantity")),
            CraftedWorkbook.Row(4, ("XFD4", "x")));
        Assert.InRange(workbook.Length, 500, 2048);
        var department = await DepartmentAsync();
        foreach (var path in SheetImports)
        {
            var response = await department.PostAsync(path, Xlsx(workbook));
            var refused = await response.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "body");
            Assert.Contains("Sheet 'DoanhThu' has a cell at XFD1048576, beyond column Z",
                refused["detail"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_zip_bomb_workbook_is_refused_by_the_revenue_and_plan_imports_from_its_directory()
    {
        var department = await DepartmentAsync();
        foreach (var path in SheetImports)
        {
            var response = await department.PostAsync(path, Xlsx(CraftedWorkbook.Bomb.Value));
            var refused = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "body");
            Assert.Contains("more than 100 times", refused["errors"]!["body"]![0]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_csv_past_the_row_limit_is_refused_by_the_revenue_import_at_that_row()
    {
        var csv = new StringBuilder("id,producerId,channel,month,amountVnd,quantity\r\n");
        for (var i = 0; i <= ImportFiles.MaxRows; i++) csv.Append("r\r\n");
        var department = await DepartmentAsync();
        var body = new StringContent(csv.ToString(), Encoding.UTF8, "text/csv");
        var response = await department.PostAsync("/api/revenue/imports", body);
        var refused = await response.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "body");
        Assert.Equal($"At most {ImportFiles.MaxRows} rows per file after the header; split it.",
            refused["detail"]!.GetValue<string>());
    }
}

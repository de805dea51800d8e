using OcopTrade.Functions.Revenue;

namespace OcopTrade.Tests.Revenue;

public class ImportProblemsColumnTests
{
    [Fact]
    public void A_report_that_fits_is_kept_whole_and_one_that_does_not_keeps_the_first_problems_that_fit()
    {
        var few = Enumerable.Range(2, 10).Select(r => new ImportProblem(r, "month", "Use YYYY-MM.")).ToList();
        Assert.Equal(10, System.Text.Json.JsonDocument.Parse(ImportProblemsColumn.Serialize(few)).RootElement
            .GetArrayLength());

        var reason = new string('x', 200);
        var many = Enumerable.Range(2, 1000).Select(r => new ImportProblem(r, "note", reason)).ToList();
        var json = ImportProblemsColumn.Serialize(many);
        var kept = System.Text.Json.JsonDocument.Parse(json).RootElement;
        Assert.InRange(json.Length, 1, ImportProblemsColumn.MaxChars);
        Assert.InRange(kept.GetArrayLength(), 100, 999);
        Assert.Equal(2, kept[0].GetProperty("row").GetInt32());
    }
}

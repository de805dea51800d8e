using System.Text.Json;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Revenue;

/// <summary>An import's reported problems as the one string property its status row keeps. Azure Tables refuses a
/// string over 64 KiB (32,768 UTF-16 characters); a thousand problems with long reasons pass that, and the final
/// status would then never be written (the import retried to the poison queue). The first problems by row that fit
/// are kept; the status's rejected-row count still counts every one.</summary>
public static class ImportProblemsColumn
{
    public const int MaxChars = 30_000;

    public static string Serialize(IReadOnlyList<ImportProblem> problems)
    {
        var count = problems.Count;
        var json = JsonSerializer.Serialize(problems, Json.Options);
        while (json.Length > MaxChars && count > 0)
        {
            // Shrink in proportion to the excess (and at least by one), so a few tries are enough.
            count = Math.Min(count - 1, (int)((long)count * MaxChars / json.Length));
            json = JsonSerializer.Serialize(problems.Take(count), Json.Options);
        }
        return json;
    }
}

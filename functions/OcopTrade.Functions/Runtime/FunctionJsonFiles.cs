using System.Text.Json;

namespace OcopTrade.Functions.Runtime;

/// <summary>Writes one folder per function with its function.json, as Azure expects beside host.json.
/// Run <c>dotnet run --project functions/OcopTrade.Functions -- write-function-json</c> after changing the table.</summary>
public static class FunctionJsonFiles
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static IReadOnlyDictionary<string, string> Render(IEnumerable<FunctionDefinition> table) =>
        table.OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToDictionary(f => f.Name, f => f.ToFunctionJson().ToJsonString(Indented) + "\n");

    public static void Write(IEnumerable<FunctionDefinition> table, string root)
    {
        var rendered = Render(table);
        if (Directory.Exists(root))
            foreach (var stale in Directory.EnumerateDirectories(root).Where(d => !rendered.ContainsKey(Path.GetFileName(d))))
                Directory.Delete(stale, recursive: true);
        foreach (var (name, json) in rendered)
        {
            Directory.CreateDirectory(Path.Combine(root, name));
            File.WriteAllText(Path.Combine(root, name, "function.json"), json);
        }
    }
}

using System.Text.Json.Nodes;

namespace OcopTrade.LocalHost;

/// <summary>local.settings.json's Values, the app settings Core Tools gives a local worker.</summary>
public static class LocalSettings
{
    public static IReadOnlyDictionary<string, string> Read(string appDirectory)
    {
        var path = Path.Combine(appDirectory, "local.settings.json");
        if (!File.Exists(path)) return new Dictionary<string, string>();
        var values = JsonNode.Parse(File.ReadAllText(path))?["Values"]?.AsObject();
        return values?.ToDictionary(v => v.Key, v => v.Value?.ToString() ?? "") ?? new Dictionary<string, string>();
    }
}

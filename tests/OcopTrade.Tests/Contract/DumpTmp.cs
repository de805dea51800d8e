using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;
namespace OcopTrade.Tests.Contract;
[Collection(SharedAppCollection.Name)]
public class DumpTmp(SharedApp shared)
{
    [Fact]
    public async Task Dump()
    {
        var doc = JsonNode.Parse(await shared.App.Client().GetStringAsync("/api/openapi.json"))!;
        var lines = new List<string>();
        foreach (var (path, item) in doc["paths"]!.AsObject())
            foreach (var (method, op) in item!.AsObject())
                foreach (var p in op!["parameters"]?.AsArray() ?? [])
                    if (p!["in"]!.GetValue<string>() == "query")
                        lines.Add($"{method} {path} {p["name"]} {p["schema"]!.ToJsonString()}");
        File.WriteAllLines("/tmp/rt-query.txt", lines);
    }
}

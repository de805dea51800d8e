using System.Text.Json;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Traceability;

/// <summary>digital-link.js (npm, EVRYTHNG/GS1), a validator we did not write, run with node on many URIs at once.
/// </summary>
public static class DigitalLinkJs
{
    private const string Script = """
        const { DigitalLink } = require(process.argv[1]);
        const verdicts = {};
        for (const uri of process.argv.slice(2)) {
          try { verdicts[uri] = DigitalLink(uri).isValid(); } catch (e) { verdicts[uri] = false; }
        }
        console.log(JSON.stringify(verdicts));
        """;

    public static async Task<Dictionary<string, bool>> ValidateAsync(IEnumerable<string> uris)
    {
        var library = Repository.Path("node_modules", "digital-link.js");
        var node = await Command.RunAsync("node", ["-e", Script, library, .. uris]);
        Assert.True(node.ExitCode == 0, $"digital-link.js failed: {node.Error}");
        return JsonSerializer.Deserialize<Dictionary<string, bool>>(node.Output)!;
    }
}

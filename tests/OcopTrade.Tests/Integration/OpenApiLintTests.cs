using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Integration;

/// <summary>The document an integrator generates a client from passes Spectral's OpenAPI rules
/// (<c>.spectral.yaml</c>: <c>spectral:oas</c>, waivers only with a reason).</summary>
[Collection(SharedAppCollection.Name)]
public sealed class OpenApiLintTests(SharedApp shared)
{
    [Fact]
    public async Task The_OpenAPI_document_passes_Spectral_without_a_warning()
    {
        var document = Path.Combine(Path.GetTempPath(), $"ocoptrade-openapi-{Guid.NewGuid():N}.json");
        try
        {
            using var client = shared.App.Client(null);
            await File.WriteAllTextAsync(document, await client.GetStringAsync("/api/openapi.json"));
            var lint = await Command.RunAsync(Repository.Path("node_modules", ".bin", "spectral"),
                ["lint", document, "--ruleset", Repository.Path(".spectral.yaml"), "--fail-severity", "warn"]);
            Assert.True(lint.ExitCode == 0, $"Spectral found problems:\n{lint.Output}\n{lint.Error}");
        }
        finally { File.Delete(document); }
    }
}

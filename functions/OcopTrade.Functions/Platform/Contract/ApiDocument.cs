using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OcopTrade.Functions.Platform.Contract;

/// <summary>What the whole document says about the API: who answers for it, where it is served from (without the
/// trailing slash that would double every path's), its tags, the problem schemas every error refers to, and the
/// rule for absent values (<see cref="OmittedNulls"/>).</summary>
public sealed class ApiDocument : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context,
        CancellationToken cancellationToken)
    {
        document.Info.Contact = new OpenApiContact
        {
            Name = "OcopTrade operators", Email = "api@ocoptrade.vn", Url = new Uri("https://ocoptrade.vn/"),
        };
        foreach (var server in document.Servers ?? []) server.Url = server.Url?.TrimEnd('/');
        ProblemAnswers.AddSchemas(document);
        DeclareTags(document);
        OmittedNulls.Apply(document);
        return Task.CompletedTask;
    }

    /// <summary>Every tag an operation carries is declared once, so readers can list the API by capability.</summary>
    private static void DeclareTags(OpenApiDocument document)
    {
        var used = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? [])
            .SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>()).Select(t => t.Name).OfType<string>();
        document.Tags ??= new HashSet<OpenApiTag>();
        foreach (var name in used.Distinct().Order().Where(n => document.Tags.All(t => t.Name != n)))
            document.Tags.Add(new OpenApiTag { Name = name });
    }
}

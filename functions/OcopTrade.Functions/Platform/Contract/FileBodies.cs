namespace OcopTrade.Functions.Platform.Contract;

/// <summary>Declares the file types an endpoint reads from its body itself (imports, photos), so the document
/// lists them as its requestBody.</summary>
public static class FileBodies
{
    public sealed record FileBody(IReadOnlyList<string> ContentTypes);

    public static TBuilder TakesFile<TBuilder>(this TBuilder builder, params string[] contentTypes)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new FileBody(contentTypes));
}

namespace OcopTrade.Functions.Platform.Contract;

/// <summary>Declares that an endpoint checks If-Match (<see cref="Concurrency.RequireIfMatch"/>), so its document
/// lists the If-Match header, 428 when it is missing and 412 when it is stale.</summary>
public static class ConditionalWrites
{
    public sealed class IfMatchRequired;

    public static TBuilder RequiresIfMatch<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new IfMatchRequired());
}

using Microsoft.Extensions.Caching.Memory;

namespace OcopTrade.Functions.Producers;

/// <summary>Producers' legal names for reports that list hundreds of producers at a time (growth per producer, the
/// dashboard): a name rarely changes, so it is kept for a few minutes rather than read again on every refresh. An edit
/// through this instance shows at once; another instance's cache catches up within the few minutes.
/// Never for access decisions, which read the producer itself.</summary>
public sealed class ProducerNames(ProducerStore producers, IMemoryCache cache)
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(5);

    /// <summary>The cache entry of one producer's name, which <see cref="ProducerStore.ReplaceAsync"/> drops on an edit.</summary>
    public static string Key(string producerId) => "producer-name:" + producerId;

    public async Task<string?> FindAsync(string producerId, CancellationToken cancellationToken)
    {
        var key = Key(producerId);
        if (cache.TryGetValue(key, out string? name)) return name;
        name = (await producers.FindAsync(producerId, cancellationToken))?.LegalName;
        if (name is not null) cache.Set(key, name, KeepFor);
        return name;
    }
}

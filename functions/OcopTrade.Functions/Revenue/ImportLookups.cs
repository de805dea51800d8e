using System.Collections.Concurrent;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Producers;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Revenue;

/// <summary>What an import's rows name, looked up once for the whole file before its rows are checked: the producers
/// the caller may write for, and the producer of each product.</summary>
public sealed class ImportLookups(ProducerStore producers, ProductStore products)
{
    /// <summary>Above this many producers in one file, reading the caller's producers page by page (1 000 a request)
    /// is cheaper than a point read per producer: a national file names ten thousand.</summary>
    private const int ListProducersAbove = 200;

    /// <summary>The producers a file names that the caller may write for (those it may not, or that do not exist, are
    /// absent), each looked up once.</summary>
    public async Task<Dictionary<string, Producer>> VisibleProducersAsync(
        Caller caller, IReadOnlySet<string> ids, CancellationToken cancellationToken)
    {
        var visible = new ConcurrentDictionary<string, Producer>(StringComparer.Ordinal);
        if (ids.Count <= ListProducersAbove)
            await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (id, ct) =>
            {
                if (await producers.FindAsync(id, ct) is { } p && caller.Manages(p.Id, p.Province)) visible[id] = p;
            });
        else
        {
            string? continuation = null;
            do
            {
                var page = await producers.ListAsync(caller, new ProducerFilter(null, null, null), continuation, 1000, cancellationToken);
                foreach (var p in page.Items) if (ids.Contains(p.Id) && caller.Manages(p.Id, p.Province)) visible[p.Id] = p;
                continuation = page.ContinuationToken;
            } while (continuation is not null);
        }
        return new(visible, StringComparer.Ordinal);
    }

    /// <summary>The producer of each product a file names (products that do not exist are absent), each looked up
    /// once.</summary>
    public async Task<Dictionary<string, string>> ProductOwnersAsync(IReadOnlySet<string> ids, CancellationToken cancellationToken)
    {
        var owners = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var options = new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(ids, options, async (id, ct) =>
        {
            if (await products.FindAsync(id, ct) is { } found) owners[id] = found.Product.ProducerId;
        });
        return new(owners, StringComparer.Ordinal);
    }
}

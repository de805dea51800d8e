using Azure;
using Azure.Data.Tables;

namespace OcopTrade.Functions.Syndication;

/// <summary>A producer's overrides for one product on one channel, kept in the product's syndication partition
/// (RowKey <c>~settings|{channel}</c>, after every channel row and out of the ranges the syndication store reads),
/// so a product's settings for all channels read in one query. No row means no override.</summary>
public sealed class ChannelSettingsStore(TableServiceClient tables)
{
    private const string Prefix = "~settings|";

    /// <summary>The ETag of settings never written: sent back in If-Match, it sets the first override.</summary>
    public static readonly ETag Unset = new("\"unset\"");

    private readonly TableClient _table = tables.GetTableClient(SyndicationStore.TableName);

    public async Task<(ChannelOverrides Overrides, ETag ETag)> FindAsync(
        string productId, string channel, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(productId, Prefix + channel,
            cancellationToken: cancellationToken);
        return response.HasValue ? (From(response.Value!), response.Value!.ETag) : (ChannelOverrides.None, Unset);
    }

    /// <summary>Every channel's overrides for a product, keyed by channel.</summary>
    public async Task<IReadOnlyDictionary<string, ChannelOverrides>> ListAsync(
        string productId, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, ChannelOverrides>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {productId} and RowKey ge {Prefix} and RowKey lt {"~settings}"}");
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            found[e.RowKey[Prefix.Length..]] = From(e);
        return found;
    }

    /// <summary>Writes the overrides if the stored ones are still at <paramref name="etag"/> (<see cref="Unset"/>:
    /// none stored yet); empty overrides delete the row. Returns the new ETag, or null when someone else won.</summary>
    public async Task<ETag?> TryWriteAsync(
        string productId, string channel, ChannelOverrides overrides, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            if (etag == Unset && overrides.IsEmpty) return Unset;
            if (etag == Unset)
                return (await _table.AddEntityAsync(To(productId, channel, overrides), cancellationToken)).Headers.ETag;
            if (overrides.IsEmpty)
            {
                await _table.DeleteEntityAsync(productId, Prefix + channel, etag, cancellationToken);
                return Unset;
            }
            return (await _table.UpdateEntityAsync(To(productId, channel, overrides), etag, TableUpdateMode.Replace,
                cancellationToken)).Headers.ETag;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 409 or 412) { return null; }
    }

    private static TableEntity To(string productId, string channel, ChannelOverrides o) => new(productId, Prefix + channel)
    {
        ["CategoryId"] = o.CategoryId,
        ["PriceVnd"] = o.PriceVnd,
    };

    private static ChannelOverrides From(TableEntity e) => new(e.GetString("CategoryId"), e.GetInt64("PriceVnd"));
}

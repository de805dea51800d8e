using System.Text;
using Azure;
using Azure.Data.Tables;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Syndication;

/// <summary>The admin's category lookup: a partition per channel, a row per OCOP group (RowKey = the group as the
/// API spells it). A group with no row yet maps to the channel's built-in category, so nothing changes for
/// existing listings until an admin edits it; the first read of a channel's lookup writes those rows.</summary>
public sealed class CategoryMappingStore(TableServiceClient tables)
{
    public const string TableName = "CategoryMappings";
    private readonly TableClient _table = tables.GetTableClient(TableName);

    /// <summary>All six groups of a channel, in the enum's order, each with its row's ETag.</summary>
    public async Task<IReadOnlyList<(CategoryMapping Mapping, ETag ETag)>> ListAsync(
        Channel channel, CancellationToken cancellationToken)
    {
        var rows = await ReadAsync(channel, cancellationToken);
        if (rows.Count == Enum.GetValues<ProductGroup>().Length) return rows;
        await SeedAsync(channel, rows.Select(r => r.Mapping.Group).ToHashSet(), cancellationToken);
        return await ReadAsync(channel, cancellationToken);
    }

    /// <summary>One ETag for a channel's whole lookup: it moves whenever any group's row does.</summary>
    public static ETag LookupETag(IEnumerable<(CategoryMapping Mapping, ETag ETag)> rows)
    {
        var joined = string.Join('\n', rows.Select(r => r.ETag.ToString()));
        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(joined));
        return new ETag("\"" + Convert.ToHexStringLower(hash, 0, 12) + "\"");
    }

    /// <summary>Replaces one group's row if it is still at <paramref name="etag"/>; null when someone else won.</summary>
    public async Task<ETag?> TryReplaceAsync(
        Channel channel, CategoryMapping mapping, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _table.UpdateEntityAsync(To(channel, mapping), etag, TableUpdateMode.Replace,
                cancellationToken);
            return response.Headers.ETag;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412) { return null; }
    }

    /// <summary>The mapping of one group on every channel (a channel whose lookup was never read answers its
    /// built-in category): what a product of that group is listed under.</summary>
    public async Task<IReadOnlyDictionary<string, CategoryMapping>> ForGroupAsync(
        ProductGroup? group, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, CategoryMapping>(StringComparer.Ordinal);
        if (group is not { } g) return found;
        var filter = TableClient.CreateQueryFilter($"RowKey eq {GroupNames.Key(g)}");
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            found[e.PartitionKey] = From(e);
        foreach (var channel in Channels.All)
            if (!found.ContainsKey(channel.Name) && ListingTerms.BuiltInMapping(g, channel) is { } builtIn)
                found[channel.Name] = builtIn;
        return found;
    }

    private async Task<List<(CategoryMapping Mapping, ETag ETag)>> ReadAsync(
        Channel channel, CancellationToken cancellationToken)
    {
        var rows = new List<(CategoryMapping, ETag)>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {channel.Name}");
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            rows.Add((From(e), e.ETag));
        return rows.OrderBy(r => r.Item1.Group).ToList();
    }

    /// <summary>Two first readers may seed at once: the loser's rows already exist, which is what it wanted.</summary>
    private async Task SeedAsync(Channel channel, IReadOnlySet<ProductGroup> present, CancellationToken cancellationToken)
    {
        foreach (var group in Enum.GetValues<ProductGroup>().Where(g => !present.Contains(g)))
        {
            var mapping = ListingTerms.BuiltInMapping(group, channel)
                ?? new CategoryMapping(group, "", GroupNames.Of(group));
            try { await _table.AddEntityAsync(To(channel, mapping), cancellationToken); }
            catch (RequestFailedException e) when (e.Status == 409) { }
        }
    }

    private static TableEntity To(Channel channel, CategoryMapping m) => new(channel.Name, GroupNames.Key(m.Group))
    {
        ["CategoryId"] = m.CategoryId,
        ["CategoryName"] = m.CategoryName,
    };

    private static CategoryMapping From(TableEntity e) =>
        new(GroupNames.Parse(e.RowKey)!.Value, e.GetString("CategoryId") ?? "", e.GetString("CategoryName") ?? "");
}

using Azure;
using Azure.Data.Tables;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Revenue;

/// <summary>
/// Keeps a roll-up rebuild and the writers of roll-ups (an entry, an import) apart. A rebuild reads every entry and then
/// overwrites the cells, so a writer between the read and the overwrite would be lost (its entry not in the read) or
/// counted twice (its entry read, then its import's summed cells added again). Both sides announce themselves by a
/// row in the <c>leases</c> partition of the roll-up table, then look for the other: a writer that finds a rebuild
/// withdraws and waits; a rebuild waits until no writer remains. Whichever announces first, one of them sees the other
/// (Table storage reads its own writes), and writers give way, so the two never wait on each other. Rows carry an
/// expiry renewed while their holder works, so a crashed holder stops counting within a minute.
/// </summary>
public sealed class RollupLease(TableServiceClient service, TimeProvider clock)
{
    public const string Partition = "leases";
    private const string RebuildKey = "rebuild";
    private const string WriterPrefix = "w|";
    private static readonly TimeSpan Term = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);
    private readonly TableClient _table = service.GetTableClient(StorageNames.RevenueRollupsTable);

    /// <summary>Enters as a writer, waiting while a rebuild runs. Dispose when the roll-up writes are done.</summary>
    public async Task<IAsyncDisposable> EnterWriterAsync(CancellationToken cancellationToken)
    {
        var key = WriterPrefix + Ids.New();
        while (true)
        {
            await _table.UpsertEntityAsync(Row(key), TableUpdateMode.Replace, cancellationToken);
            if (await LiveAsync(RebuildKey, cancellationToken) is null) return new Held(this, key);
            await _table.DeleteEntityAsync(Partition, key, ETag.All, CancellationToken.None);
            while (await LiveAsync(RebuildKey, cancellationToken) is not null) await Task.Delay(Poll, cancellationToken);
        }
    }

    /// <summary>Enters as the one rebuild, once every writer has left; null if another rebuild holds the lease.</summary>
    public async Task<IAsyncDisposable?> EnterRebuildAsync(CancellationToken cancellationToken)
    {
        var current = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, RebuildKey, cancellationToken: cancellationToken);
        if (current.HasValue && Live(current.Value!)) return null;
        try
        {
            if (current.HasValue) await _table.UpdateEntityAsync(Row(RebuildKey), current.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
            else await _table.AddEntityAsync(Row(RebuildKey), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412) { return null; }
        var held = new Held(this, RebuildKey);
        try
        {
            while (await AnyWriterAsync(cancellationToken)) await Task.Delay(Poll, cancellationToken);
            return held;
        }
        catch
        {
            await held.DisposeAsync();
            throw;
        }
    }

    private async Task<bool> AnyWriterAsync(CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {WriterPrefix} and RowKey lt {"w}"}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            if (Live(row)) return true;
        return false;
    }

    private async Task<TableEntity?> LiveAsync(string key, CancellationToken cancellationToken)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, key, cancellationToken: cancellationToken);
        return found.HasValue && Live(found.Value!) ? found.Value : null;
    }

    private bool Live(TableEntity row) => row.GetDateTimeOffset("Until") > clock.GetUtcNow();

    private TableEntity Row(string key) => new(Partition, key) { ["Until"] = clock.GetUtcNow() + Term };

    /// <summary>A held row, renewed until disposed, then deleted.</summary>
    private sealed class Held : IAsyncDisposable
    {
        private readonly RollupLease _lease;
        private readonly string _key;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewal;

        public Held(RollupLease lease, string key)
        {
            (_lease, _key) = (lease, key);
            _renewal = RenewAsync();
        }

        private async Task RenewAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(RenewEvery, _stop.Token);
                    await _lease._table.UpsertEntityAsync(_lease.Row(_key), TableUpdateMode.Replace, _stop.Token);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested) { return; }
                // A storage hiccup (an error, or the SDK's network timeout): the next round renews; the term outlasts two misses.
                catch (Exception e) when (e is RequestFailedException or OperationCanceledException) { }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _renewal;
            _stop.Dispose();
            try { await _lease._table.DeleteEntityAsync(Partition, _key, ETag.All); }
            catch (RequestFailedException) { } // it expires by itself
        }
    }
}
